import Foundation
import Hummingbird
import HummingbirdTesting
import Render
import Server
import TestSupport
import Testing
import Workflow

/// The layout check (版式核对): a county's scan of its blank sheet, the template's blanks drawn
/// over it and moved by millimetre fields, saved under a name its overprint downloads then use.
@Suite(.scratch) struct LayoutCheckTests {
    /// The first bytes of a PNG `width` × `height`: all the server reads of a scan.
    static func png(_ width: Int, _ height: Int) -> Data {
        var d = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]) + Data("IHDR".utf8)
        for v in [width, height] { d += Data([UInt8(v >> 24 & 255), UInt8(v >> 16 & 255), UInt8(v >> 8 & 255), UInt8(v & 255)]) }
        return d + Data([8, 0, 0, 0, 0, 0, 0, 0, 0]) + Data(repeating: 0, count: 64)
    }

    static func multipart(_ fields: [String: String], scan: Data) -> ByteBuffer {
        var b = ByteBuffer()
        for (name, value) in fields { b.writeString("--XyZ\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n") }
        b.writeString("--XyZ\r\nContent-Disposition: form-data; name=\"scan\"; filename=\"scan.png\"\r\nContent-Type: image/png\r\n\r\n")
        b.writeBytes(scan)
        b.writeString("\r\n--XyZ--\r\n")
        return b
    }

    /// The left edges (pt) of the words `word` in the PDF, top to bottom.
    static func lefts(of word: String, in buffer: ByteBuffer) throws -> [Double] {
        try pdfWords(Data(buffer: buffer)).filter { $0.text == word }.sorted { $0.yMin < $1.yMin }.map(\.xMin)
    }

    @Test func aCountyMovesTheBlanksOverItsScanAndItsOverprintsLandThere() async throws {
        let f = try await ServerFixture.make()
        let t = try await f.workflow.applyOut(
            member: "m1", direction: .inProvince(destination: "B3"),
            application: .init(duesPaidUpTo: Transfer.Application.thisMonth(Date())), by: .organization("B1"))
        let name = "县印2024"
        let path = name.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        let uri = "/api/transfers/\(t.id)/letters/1?template=two"
        try await Application(router: f.router).test(.router) { client in
            let b1 = try await client.token("admin-B1")
            let z1 = try await client.token("admin-Z1")
            let plain = try await client.execute(uri: uri, method: .get, headers: bearer(b1)) { try Self.lefts(of: "刘忠鹏", in: $0.body) }
            #expect(plain.count == 3, "the name in the stub, the letter and the receipt")

            // A key the template does not have, and a blank moved further than a print run differs: refused, naming the rule.
            try await client.execute(
                uri: "/api/layouts/\(path)", method: .put, headers: bearer(b1),
                body: body(["positions": ["letter:member.nickname": [30, 120]]])
            ) { response in
                #expect(response.status == .unprocessableContent && decode(response.body)["field"] as? String == "positions")
            }
            try await client.execute(
                uri: "/api/layouts/\(path)", method: .put, headers: bearer(b1),
                body: body(["positions": ["letter:member.name": [130.1, 119.4]]])
            ) { response in
                #expect(response.status == .unprocessableContent && (decode(response.body)["message"] as? String ?? "").contains("姓名"))
            }
            try await client.execute(
                uri: "/api/layouts/\(path)", method: .put, headers: bearer(b1),
                body: body(["positions": ["letter:member.name": [35.1, 119.4]], "inUse": true])
            ) { #expect($0.status == .ok) }
            try await client.execute(uri: "/api/layouts", method: .get, headers: bearer(z1)) { response in
                #expect((decode(response.body)["layouts"] as? [Any])?.isEmpty == true, "another organization has its own layouts")
            }
            try await client.execute(uri: uri + "&layout=\(path)", method: .get, headers: bearer(z1)) { response in
                #expect(response.status == .notFound && decode(response.body)["field"] as? String == "layout")
            }
            // The layout in use moves the member's name in the letter part by 5 mm (14.17 pt); the stub and receipt stay.
            let moved = try await client.execute(uri: uri, method: .get, headers: bearer(b1)) { try Self.lefts(of: "刘忠鹏", in: $0.body) }
            let shifts = zip(moved, plain).map { $0 - $1 }
            #expect(shifts.count == 3 && abs(shifts[0]) < 0.05 && abs(shifts[1] - 5 * 72 / 25.4) < 0.1 && abs(shifts[2]) < 0.05, "\(shifts)")

            // The pages: the scan uploaded, the blanks drawn over it, redrawn without saving, then saved.
            let cookie: String = try await client.execute(
                uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "name=admin-B1&password=\(password)")
            ) {
                String(($0.headers[.setCookie] ?? "").split(separator: ";")[0])
            }
            let token: String = try await client.execute(uri: "/layouts", method: .get, headers: [.cookie: cookie]) { response in
                let html = String(buffer: response.body)
                #expect(response.status == .ok && html.contains(name))
                let marker = html.range(of: "name=\"_csrf\" value=\"")!
                return String(html[marker.upperBound...].prefix { $0 != "\"" })
            }
            let upload: HTTPFields = [.cookie: cookie, .contentType: "multipart/form-data; boundary=XyZ"]
            try await client.execute(
                uri: "/layouts?_csrf=\(token)", method: .post, headers: upload,
                body: Self.multipart(["name": name], scan: Self.png(1000, 1000))
            ) { response in
                #expect(response.status == .unprocessableContent && String(buffer: response.body).contains("A4"), "a scan that is not a whole sheet")
            }
            try await client.execute(
                uri: "/layouts?_csrf=\(token)", method: .post, headers: upload,
                body: Self.multipart(["name": name], scan: Self.png(2480, 3508))
            ) { #expect($0.status == .seeOther) }
            try await client.execute(uri: "/api/layouts/\(path)/scan", method: .get, headers: bearer(b1)) { response in
                #expect(response.status == .ok && response.headers[.contentType] == "image/png" && Data(buffer: response.body) == Self.png(2480, 3508))
            }
            try await client.execute(uri: "/layouts/\(path)", method: .get, headers: [.cookie: cookie]) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("<image href=\"/api/layouts/\(path)/scan\""), "the blanks are drawn over the scan")
                #expect(html.contains("data-key=\"letter:member.name\" x=\"35.10\""), "where the layout has moved it")
                #expect(html.contains("约 300 dpi") && html.contains("name=\"inUse\" value=\"1\" checked"))
            }
            let saved = try await client.execute(uri: "/api/layouts/\(path)", method: .get, headers: bearer(b1)) { response in
                ((decode(response.body)["blanks"] as? [[String: Any]]) ?? []).map { ($0["key"] as? String ?? "", ($0["position"] as? [Double]) ?? []) }
            }
            var fields = ["_csrf": token, "inUse": "1", "action": "redraw"]
            for (key, at) in saved {
                fields["x.\(key)"] = String(at[0])
                fields["y.\(key)"] = String(at[1])
            }
            fields["x.letter:member.name"] = "40"
            let encoded = { (fields: [String: String]) in
                ByteBuffer(
                    string: fields.map {
                        "\($0.key.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)"
                    }
                    .joined(separator: "&"))
            }
            let formHeaders: HTTPFields = [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"]
            try await client.execute(uri: "/layouts/\(path)", method: .post, headers: formHeaders, body: encoded(fields)) { response in
                let html = String(buffer: response.body)
                #expect(response.status == .ok && html.contains("data-key=\"letter:member.name\" x=\"40.00\"") && html.contains("尚未保存"))
            }
            try await client.execute(uri: "/api/layouts/\(path)", method: .get, headers: bearer(b1)) { response in
                let layout = decode(response.body)["layout"] as? [String: Any]
                #expect((layout?["positions"] as? [String: [Double]])?["letter:member.name"] == [35.1, 119.4], "a redraw saves nothing")
            }
            fields["action"] = "save"
            fields["x.letter:member.name"] = "not a number"
            try await client.execute(uri: "/layouts/\(path)", method: .post, headers: formHeaders, body: encoded(fields)) { response in
                #expect(response.status == .unprocessableContent && String(buffer: response.body).contains("姓名"))
            }
            fields["x.letter:member.name"] = "40"
            try await client.execute(uri: "/layouts/\(path)", method: .post, headers: formHeaders, body: encoded(fields)) { #expect($0.status == .seeOther) }
            // The layout file for `letters render-batch --layout`: template two with the blank moved.
            try await client.execute(uri: "/api/layouts/\(path)/file", method: .get, headers: bearer(b1)) { response in
                let file = try LayoutFile.decode(Data(buffer: response.body), source: "download")
                let box = file.blanks.first { $0.key == "letter:member.name" }
                let template = try f.workflow.templateBlanks()
                #expect(box?.position == Point(x: 40, y: 119.4) && file.blanks.count == template.count)
            }
            try await client.execute(uri: "/api/layouts/\(path)", method: .delete, headers: bearer(b1)) { #expect($0.status == .noContent) }
            let after = try await client.execute(uri: uri, method: .get, headers: bearer(b1)) { try Self.lefts(of: "刘忠鹏", in: $0.body) }
            #expect(after == plain, "without a layout, the shipped template again")
            try await client.execute(uri: "/api/audit", method: .get, headers: bearer(try await client.token("auditor"))) { response in
                let actions = Set(
                    ((try? JSONSerialization.jsonObject(with: Data(buffer: response.body))) as? [[String: Any]] ?? []).compactMap { $0["action"] as? String })
                #expect(actions.isSuperset(of: ["save-layout", "view-layout", "view-layout-scan", "download-layout", "delete-layout"]), "\(actions)")
            }
        }
    }
}
