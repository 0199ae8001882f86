import Foundation
import Hummingbird
import HummingbirdTesting
import Server
import TestSupport
import Testing
import Workflow

/// The 党员 pages as a branch's administrator uses them: browse, enter, correct, record a death.
@Suite(.scratch) struct MemberPageTests {
    @Test func aBranchEntersAMemberCorrectsItAndRecordsADeathOnItsPages() async throws {
        let f = try await ServerFixture.make()
        let id = MemberRecordTests.idNumber("19800101", 5)
        try await Application(router: f.router).test(.router) { client in
            let cookie: String = try await client.execute(
                uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: form(["name": "admin-B1", "password": password])
            ) { String((($0.headers[.setCookie]) ?? "").split(separator: ";")[0]) }
            let csrf: String = try await client.execute(uri: "/members", method: .get, headers: [.cookie: cookie]) { response in
                let html = String(buffer: response.body)
                #expect(response.status == .ok && html.contains("刘忠鹏") && html.contains("包含下级"))
                return try await client.execute(uri: "/members/new", method: .get, headers: [.cookie: cookie]) { new in
                    let page = String(buffer: new.body)
                    let marker = page.range(of: "name=\"_csrf\" value=\"")!
                    return String(page[marker.upperBound...].prefix { $0 != "\"" })
                }
            }
            var fields = [
                "_csrf": csrf, "name": "新党员", "idNumber": String(id.dropLast()) + (id.last == "1" ? "2" : "1"), "ethnicity": "汉族",
                "education": "大学本科", "category": "正式党员", "branch": "B1", "joinedOn": "2001-07-01", "madeFullOn": "2002-07-01",
                "post": "在岗职工", "phone": "13606406636", "homeAddress": "济南市某路1号",
            ]
            let headers: HTTPFields = [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"]
            // A field sent twice (or a nested name) makes the form unreadable: said in words, nothing saved.
            let doubled = "_csrf=\(csrf)&name=%E6%96%B0&name=%E6%97%A7&idNumber=\(fields["idNumber"]!)"
            try await client.execute(uri: "/members/new", method: .post, headers: headers, body: ByteBuffer(string: doubled)) { response in
                let page = String(buffer: response.body)
                #expect(response.status == .badRequest && page.contains("字段“name”出现了不止一次"), "\(response.status) \(page.prefix(300))")
            }
            try await client.execute(uri: "/members/new", method: .post, headers: headers, body: ByteBuffer(string: "_csrf=\(csrf)&name[a]=x")) {
                #expect($0.status == .badRequest && String(buffer: $0.body).contains("不是单个文本字段"))
            }
            try await client.execute(uri: "/members/new", method: .post, headers: headers, body: form(fields)) { response in
                let html = String(buffer: response.body)
                #expect(
                    response.status == .unprocessableContent && html.contains("校验码") && html.contains("新党员"), "the form comes back as typed, with the reason")
            }
            fields["idNumber"] = id
            let location: String = try await client.execute(uri: "/members/new", method: .post, headers: headers, body: form(fields)) { response in
                #expect(response.status == .seeOther)
                return response.headers[.location] ?? ""
            }
            try await client.execute(uri: location, method: .get, headers: [.cookie: cookie]) { response in
                #expect(String(buffer: response.body).contains(id))
            }
            try await client.execute(
                uri: location + "/status", method: .post, headers: headers,
                body: form(["_csrf": csrf, "change": "death", "date": "2026-01-05", "note": "病故"])
            ) { #expect($0.status == .seeOther) }
            try await client.execute(uri: location, method: .get, headers: [.cookie: cookie]) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("（死亡）") && html.contains("死亡：病故"))
            }
            // Another branch's member is no member of this one's.
            let other = try await f.workflow.addMember(
                MemberEntry(
                    name: "别的", idNumber: MemberRecordTests.idNumber("19800101", 6), ethnicity: "汉族",
                    education: "大学本科", category: "正式党员", branch: "B3", joinedOn: "2001-07-01",
                    madeFullOn: "2002-07-01", post: "在岗职工", phone: "13606406636", homeAddress: "某路",
                    lostContact: false, mobile: false, duesPaidUpTo: nil),
                for: Caller(account: Account(name: "admin-JF", role: .administrator, organization: "JF", active: true), address: "test"))
            try await client.execute(uri: "/members/\(other.id)", method: .get, headers: [.cookie: cookie]) { #expect($0.status == .notFound) }
        }
    }
}
