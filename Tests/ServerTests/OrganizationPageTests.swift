import Foundation
import Hummingbird
import HummingbirdTesting
import Server
import TestSupport
import Testing
import Workflow

/// The 党组织 pages as a street committee's administrator uses them.
@Suite(.scratch) struct OrganizationPageTests {
    @Test func aCommitteeAddsABranchCorrectsItAndRevokesItOnItsPages() async throws {
        let f = try await ServerFixture.make()
        try await Application(router: f.router).test(.router) { client in
            let cookie: String = try await client.execute(
                uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: form(["name": "admin-JF", "password": password])
            ) { String((($0.headers[.setCookie]) ?? "").split(separator: ";")[0]) }
            let csrf: String = try await client.execute(uri: "/organizations/new", method: .get, headers: [.cookie: cookie]) { response in
                let html = String(buffer: response.body)
                #expect(response.status == .ok && html.contains("新增下级党组织"))
                let marker = html.range(of: "name=\"_csrf\" value=\"")!
                return String(html[marker.upperBound...].prefix { $0 != "\"" })
            }
            let headers: HTTPFields = [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"]
            var fields = [
                "_csrf": csrf, "code": "JF-B8", "parent": "JF", "name": "中共解放路街道某新建支部委员会", "category": "631",
                "contact": "联系人", "phone": "13606406690",
            ]
            let location: String = try await client.execute(uri: "/organizations/new", method: .post, headers: headers, body: form(fields)) { response in
                #expect(response.status == .seeOther, "\(String(buffer: response.body))")
                return response.headers[.location] ?? ""
            }
            #expect(location == "/organizations/JF-B8")
            fields["phone"] = "12345"
            try await client.execute(uri: location, method: .post, headers: headers, body: form(fields)) { response in
                let html = String(buffer: response.body)
                #expect(response.status == .unprocessableContent && html.contains("联系电话") && html.contains("12345"))
            }
            try await client.execute(uri: "/organizations", method: .get, headers: [.cookie: cookie]) { #expect(String(buffer: $0.body).contains("JF-B8")) }
            try await client.execute(
                uri: location + "/revoke", method: .post, headers: headers,
                body: form(["_csrf": csrf, "documentNumber": "历解组字〔2026〕5号", "reason": "合并"])
            ) { #expect($0.status == .seeOther) }
            try await client.execute(uri: "/organizations", method: .get, headers: [.cookie: cookie]) { #expect(!String(buffer: $0.body).contains("JF-B8")) }
            try await client.execute(uri: "/organizations/PY", method: .get, headers: [.cookie: cookie]) { #expect($0.status == .notFound) }
        }
    }
}
