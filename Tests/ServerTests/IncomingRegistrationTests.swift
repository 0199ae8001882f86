import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Server
import TestSupport
import Testing
import Workflow

/// 省外转入登记 on every surface: the API (multipart with the ID card's photo, or JSON), the
/// page, each refused in words where a rule says no, and the registration kept with its photo.
@Suite(.scratch) struct IncomingRegistrationTests {
    static func multipart(_ fields: [String: String], photo: [UInt8]?) -> ByteBuffer {
        var b = ByteBuffer()
        for (name, value) in fields.sorted(by: { $0.key < $1.key }) {
            b.writeString("--XyZ\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
        }
        if let photo {
            b.writeString("--XyZ\r\nContent-Disposition: form-data; name=\"idCardPhoto\"; filename=\"card.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n")
            b.writeBytes(photo)
            b.writeString("\r\n")
        }
        b.writeString("--XyZ--\r\n")
        return b
    }

    static let fields = [
        "name": "来鲁者", "idNumber": "110105198001010016", "ethnicity": "回族", "category": "正式党员", "occupation": "在岗职工",
        "education": "大学本科", "phone": "13606406636", "origin": "中共江苏省南京市鼓楼区委", "destination": "B1",
        "type": TransferType.fromOtherProvince.rawValue, "duesPaidUpTo": Transfer.Application.thisMonth(Date()), "validityDays": "15",
        "originLetterNumber": "SU2026-000123",
    ]

    @Test func aNationalOrganizationRegistersAMemberFromOutsideWithTheIDCardsPhoto() async throws {
        let f = try await ServerFixture.make()
        let (officer, _, _) = try await f.accounts.login(name: "security", password: password, address: "test")
        let code = try await f.accounts.createAccount(
            name: "admin-J", role: .administrator, organization: "J", tree: try await f.workflow.tree(),
            for: Caller(account: officer, address: "test"))
        try await f.accounts.activate(name: "admin-J", code: code, password: password)
        let photo = Array(try await f.workflow.sealJPEG(org: "Z1", version: 1)!)
        try await Application(router: f.router).test(.router) { client in
            let j = try await client.token("admin-J")
            let lx = try await client.token("admin-LX")
            var headers = bearer(j)
            headers[.contentType] = "multipart/form-data; boundary=XyZ"
            // Without a photo the identity cannot be verified here: refused, naming the rule.
            try await client.execute(uri: "/api/transfers/incoming", method: .post, headers: bearer(j), body: body(Self.fields)) { response in
                #expect(
                    response.status == .unprocessableContent && decode(response.body)["rule"] as? String == "manual-review", "\(String(buffer: response.body))")
            }
            // A county committee has no national permission.
            var lxHeaders = bearer(lx)
            lxHeaders[.contentType] = "multipart/form-data; boundary=XyZ"
            var asLX = Self.fields
            asLX["destination"] = "B1"
            try await client.execute(uri: "/api/transfers/incoming", method: .post, headers: lxHeaders, body: Self.multipart(asLX, photo: photo)) { response in
                #expect(response.status == .forbidden || response.status == .unprocessableContent, "\(response.status)")
            }
            // A destination outside the subtree is answered as one that does not exist.
            var far = Self.fields
            far["destination"] = "CB"
            try await client.execute(uri: "/api/transfers/incoming", method: .post, headers: headers, body: Self.multipart(far, photo: photo)) { response in
                #expect(response.status == .notFound)
            }
            var badType = Self.fields
            badType["type"] = TransferType.otherCity.rawValue
            try await client.execute(uri: "/api/transfers/incoming", method: .post, headers: headers, body: Self.multipart(badType, photo: photo)) { response in
                #expect(response.status == .unprocessableContent && decode(response.body)["field"] as? String == "type")
            }
            let id: String = try await client.execute(
                uri: "/api/transfers/incoming", method: .post, headers: headers, body: Self.multipart(Self.fields, photo: photo)
            ) { response in
                #expect(response.status == .created, "\(String(buffer: response.body))")
                return decode(response.body)["id"] as? String ?? ""
            }
            let t = try await f.workflow.transfer(id)
            #expect(t.path.organizations.first == "J" && t.destination == "B1" && t.type == .fromOtherProvince)
            #expect(t.log.first?.person == "admin-J", "the log names who registered it")
            if case .intoProvince(let origin, _, let review) = t.direction {
                #expect(origin == "中共江苏省南京市鼓楼区委" && review)
            } else {
                Issue.record("\(t.direction)")
            }
            let member = try await f.workflow.member(t.memberID)
            #expect(member.status == .inTransfer && member.organization == "B1" && member.ethnicity == "回")
            // The receipt (part 3) for the letter from outside: the registering organization prints it, sealed.
            try await client.execute(uri: "/api/transfers/\(id)/incoming-receipt", method: .get, headers: bearer(j)) { response in
                #expect(response.status == .ok && response.headers[.contentType] == "application/pdf")
                let text = try pdfText(response.body)
                #expect(text.contains("SU2026-000123") && text.contains("中共江苏省南京市鼓楼区委") && text.contains("来鲁者"), "\(text)")
            }
            try await client.execute(uri: "/api/transfers/\(id)/id-card-photo", method: .get, headers: bearer(j)) { response in
                #expect(response.status == .ok && Array(Data(buffer: response.body)) == photo, "the reviewed photo is kept with the transfer")
            }
            let b1 = try await client.token("admin-B1")
            try await client.execute(uri: "/api/transfers/\(id)/incoming-receipt", method: .get, headers: bearer(b1)) { response in
                #expect(response.status == .forbidden, "the receiving branch does not seal it")
            }
            // The same person again: refused, whoever asks.
            try await client.execute(uri: "/api/transfers/incoming", method: .post, headers: headers, body: Self.multipart(Self.fields, photo: photo)) {
                response in
                #expect(response.status == .unprocessableContent && decode(response.body)["rule"] as? String == "unique")
            }

            // The page: the form, and a registration through it.
            let cookie = try await client.execute(
                uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: form(["name": "admin-J", "password": password])
            ) { String((($0.headers[.setCookie]) ?? "").split(separator: ";")[0]) }
            let csrf: String = try await client.execute(uri: "/incoming", method: .get, headers: [.cookie: cookie]) { response in
                let html = String(buffer: response.body)
                #expect(response.status == .ok && html.contains("省外转入登记") && html.contains("name=\"idCardPhoto\""))
                let marker = html.range(of: "name=\"_csrf\" value=\"")!
                return String(html[marker.upperBound...].prefix { $0 != "\"" })
            }
            var second = Self.fields
            second["idNumber"] = "110105198001010032"
            second["name"] = "第二人"
            try await client.execute(
                uri: "/incoming?_csrf=\(csrf)", method: .post,
                headers: [.cookie: cookie, .contentType: "multipart/form-data; boundary=XyZ"], body: Self.multipart(second, photo: nil)
            ) { response in
                let html = String(buffer: response.body)
                #expect(response.status == .unprocessableContent && html.contains("身份证照片") && html.contains("value=\"第二人\""), "refused in words, the form kept")
            }
            try await client.execute(
                uri: "/incoming?_csrf=\(csrf)", method: .post,
                headers: [.cookie: cookie, .contentType: "multipart/form-data; boundary=XyZ"], body: Self.multipart(second, photo: photo)
            ) { response in
                #expect(response.status == .seeOther && (response.headers[.location] ?? "").hasPrefix("/transfers/"))
            }
        }
    }
}
