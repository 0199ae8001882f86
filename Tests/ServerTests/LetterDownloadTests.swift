import Foundation
import Hummingbird
import HummingbirdTesting
import Server
import TestSupport
import Testing
import Workflow

/// The text of a downloaded PDF as `pdftotext` reads it, whitespace removed.
func pdfText(_ buffer: ByteBuffer) throws -> String {
    try pdfText(Data(buffer: buffer))
}

/// Downloads in part sets and as overprints, each organization getting only the parts it may
/// see, and the printer profiles kept per organization.
@Suite(.scratch) struct LetterDownloadTests {
    @Test func eachOrganizationDownloadsOnlyThePartsItMaySeeAndTheIssuerGetsTheStoredBytes() async throws {
        let f = try await ServerFixture.make()
        let t = try await f.workflow.applyOut(
            member: "m1", direction: .inProvince(destination: "B3"),
            application: .init(duesPaidUpTo: Transfer.Application.thisMonth(Date())), by: .organization("B1"))
        let stored = try await f.workflow.letters(t.id)[0]
        let uri = "/api/transfers/\(t.id)/letters/1"
        try await Application(router: f.router).test(.router) { client in
            let b1 = try await client.token("admin-B1")
            let lx = try await client.token("admin-LX")
            for token in [b1, lx] {
                try await client.execute(uri: uri, method: .get, headers: bearer(token)) { response in
                    #expect(response.headers[.eTag] == "\"\(stored.sha256)\"")
                    #expect(Data(buffer: response.body) == stored.pdf, "the issuer and its ancestors get the letter as issued")
                }
            }
            let stubTag: String = try await client.execute(uri: uri + "?parts=stub", method: .get, headers: bearer(b1)) { response in
                #expect(response.status == .ok && response.headers[.contentType] == "application/pdf")
                #expect((response.headers[.contentDisposition] ?? "").contains("%E5%AD%98%E6%A0%B9.pdf"), "the file name says 存根")
                // The plain name, for clients without `filename*`: ASCII letters, digits, `-`, `_`, `.`.
                let plain = "filename=\"letter-\(stored.number.filter { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) })-stub.pdf\""
                #expect((response.headers[.contentDisposition] ?? "").contains(plain))
                let text = try pdfText(response.body)
                #expect(text.contains(stored.number) && text.contains("刘忠鹏") && !text.contains("党费"), "only the stub: \(text)")
                return response.headers[.eTag] ?? ""
            }
            try await client.execute(uri: uri + "?parts=stub", method: .get, headers: [.authorization: "Bearer \(b1)", .ifNoneMatch: stubTag]) {
                #expect($0.status == .notModified, "a part set is rendered the same every time, so it revalidates")
            }
            // B3 receives the last letter: it holds the letter and fills in the receipt, but the stub stays with the issuer.
            _ = try await f.workflow.perform(.approve, on: t.id, by: .organization("Z1"))
            let last = try await f.workflow.transfer(t.id).hops.count
            #expect(last == 3, "JF approves automatically at the turn")
            let lastStored = try await f.workflow.letters(t.id)[last - 1]
            let (officer, _, _) = try await f.accounts.login(name: "security", password: password, address: "test")
            let code = try await f.accounts.createAccount(
                name: "admin-B3", role: .administrator, organization: "B3", tree: try await f.workflow.tree(), for: Caller(account: officer, address: "test"))
            try await f.accounts.activate(name: "admin-B3", code: code, password: password)
            let b3 = try await client.token("admin-B3")
            try await client.execute(uri: "/api/transfers/\(t.id)/letters/\(last)?parts=stub", method: .get, headers: bearer(b3)) { response in
                #expect(response.status == .forbidden && decode(response.body)["field"] as? String == "parts")
            }
            try await client.execute(uri: "/api/transfers/\(t.id)/letters/\(last)", method: .get, headers: bearer(b3)) { response in
                #expect(response.status == .ok && response.headers[.eTag] != "\"\(lastStored.sha256)\"")
                let text = try pdfText(response.body)
                #expect(text.contains("党费") && text.contains("回执") && !text.contains("介绍信存根"))
            }
            try await client.execute(uri: uri, method: .get, headers: bearer(b3)) { response in
                // A letter of others looks exactly like one that does not exist.
                #expect(response.status == .notFound, "B3 neither issued nor received letter 1")
            }
            try await client.execute(uri: uri + "?parts=stub,bogus", method: .get, headers: bearer(b1)) { response in
                #expect(response.status == .badRequest && decode(response.body)["field"] as? String == "parts")
            }
            try await client.execute(uri: uri + "?template=three", method: .get, headers: bearer(b1)) { response in
                #expect(response.status == .badRequest && decode(response.body)["field"] as? String == "template")
            }
            try await client.execute(uri: "/api/transfers/\(t.id)/letters/9", method: .get, headers: bearer(b1)) {
                #expect($0.status == .notFound)
            }
        }
    }

    @Test func printerProfilesAreKeptPerOrganizationAndShiftTheOverprint() async throws {
        let f = try await ServerFixture.make()
        let t = try await f.workflow.applyOut(
            member: "m1", direction: .inProvince(destination: "B3"),
            application: .init(duesPaidUpTo: Transfer.Application.thisMonth(Date())), by: .organization("B1"))
        let uri = "/api/transfers/\(t.id)/letters/1"
        let name = "1号机".addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(.init(charactersIn: "号机")))!
        try await Application(router: f.router).test(.router) { client in
            let b1 = try await client.token("admin-B1")
            let z1 = try await client.token("admin-Z1")
            try await client.execute(uri: "/api/printers/\(name)", method: .put, headers: bearer(b1), body: body(["offsetX": 99, "offsetY": 0])) { response in
                #expect(response.status == .unprocessableContent)
                let error = decode(response.body)
                #expect(error["field"] as? String == "printer" && (error["message"] as? String ?? "").contains("offsetX"))
            }
            try await client.execute(uri: "/api/printers/\(name)", method: .put, headers: bearer(b1), body: body(["offsetX": 3, "offsetY": -2])) {
                #expect($0.status == .ok)
            }
            try await client.execute(uri: "/api/printers", method: .get, headers: bearer(b1)) { response in
                let list = (try? JSONSerialization.jsonObject(with: Data(buffer: response.body))) as? [[String: Any]] ?? []
                #expect(list.map { $0["name"] as? String } == ["1号机"])
            }
            try await client.execute(uri: "/api/printers", method: .get, headers: bearer(z1)) { response in
                #expect(String(buffer: response.body) == "[]", "another organization has its own printers")
            }
            let plain: String = try await client.execute(uri: uri + "?template=two", method: .get, headers: bearer(b1)) { response in
                #expect(response.status == .ok)
                let text = try pdfText(response.body)
                #expect(text.contains("刘忠鹏") && !text.contains("同志系中共"), "template two prints the values only")
                return response.headers[.eTag] ?? ""
            }
            try await client.execute(uri: uri + "?template=two&printer=\(name)", method: .get, headers: bearer(b1)) { response in
                #expect(response.status == .ok && response.headers[.eTag] != plain, "the profile moves everything")
                #expect((response.headers[.contentDisposition] ?? "").contains("overprint"))
            }
            try await client.execute(uri: uri + "?template=two&printer=\(name)", method: .get, headers: bearer(z1)) { response in
                #expect(response.status == .notFound && decode(response.body)["field"] as? String == "printer")
            }
            let long = String(repeating: "机", count: 41).addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            // Twenty characters but sixty code points: the document's limit counts code points.
            let indic = String(repeating: "क्ष", count: 20).addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            try await client.execute(
                uri: "/api/printers/\(indic)", method: .put, headers: bearer(b1),
                body: ByteBuffer(string: #"{"offsetX": 0, "offsetY": 0}"#)
            ) { response in
                #expect(response.status == .badRequest && decode(response.body)["field"] as? String == "name")
            }
            for query in ["?template=two&printer=\(long)", "?part=receipt&printer=\(long)"] {
                try await client.execute(uri: uri + query, method: .get, headers: bearer(b1)) { response in
                    #expect(response.status == .badRequest && decode(response.body)["field"] as? String == "printer", "\(query)")
                }
            }
            try await client.execute(uri: "/api/printers/\(name)/calibration", method: .get, headers: bearer(b1)) { response in
                let text = try pdfText(response.body)
                #expect(response.status == .ok && text.contains("1号机"))
            }
            try await client.execute(uri: "/api/printers/\(name)", method: .delete, headers: bearer(b1)) { #expect($0.status == .noContent) }
            try await client.execute(uri: "/api/printers/\(name)", method: .delete, headers: bearer(b1)) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/api/printers/\(name)/calibration", method: .get, headers: bearer(b1)) { response in
                #expect(response.status == .notFound, "a deleted profile's address no longer answers")
            }
            try await client.execute(uri: "/api/calibration", method: .get, headers: bearer(b1)) { response in
                let text = try pdfText(response.body)
                #expect(response.status == .ok && text.contains("未校准"), "a new printer calibrates from zero")
            }
            try await client.execute(uri: "/api/audit", method: .get, headers: bearer(try await client.token("auditor"))) { response in
                let actions = Set(
                    ((try? JSONSerialization.jsonObject(with: Data(buffer: response.body))) as? [[String: Any]] ?? []).compactMap { $0["action"] as? String })
                #expect(actions.isSuperset(of: ["print-letter", "save-printer", "delete-printer"]))
            }
        }
    }
}
