import Foundation
import Hummingbird
import HummingbirdTesting
import Server
import TestSupport
import Testing
import Workflow

/// The service's one door, seen from outside: each request leaves exactly one audit entry —
/// the service's, naming what it decided —, a refusal the service makes reads the same on a
/// page as in the API, and an error's field and rule arrive as values.
@Suite(.scratch) struct DoorTests {
    /// The entries `account` left, oldest first (read as the province's auditor, whose own
    /// reads are left out).
    func entries(of account: String, _ f: ServerFixture) async throws -> [AuditEntry] {
        let auditor = Caller(account: Account(name: "auditor", role: .auditor, organization: "P", active: true), address: "test")
        return try await f.accounts.auditLog(query: AuditQuery(account: account, limit: 1000), in: try await f.workflow.tree(), for: auditor).reversed()
    }

    @Test func eachRequestLeavesOneEntryTheServicesNamingWhatItDecided() async throws {
        let f = try await ServerFixture.make()
        let t = try await f.workflow.applyOut(
            member: "m1", direction: .inProvince(destination: "B3"),
            application: .init(duesPaidUpTo: Transfer.Application.thisMonth(Date())), by: .organization("B1"))
        try await Application(router: f.router).test(.router) { client in
            let py = try await client.token("admin-PY")
            let b1 = try await client.token("admin-B1")
            let auditor = try await client.token("auditor")
            // A change outside the caller's subtree, a read of a list, a printer saved, a refused role.
            try await client.execute(uri: "/api/transfers/\(t.id)/approve", method: .post, headers: bearer(py), body: body([:])) {
                #expect($0.status == .notFound)
            }
            try await client.execute(uri: "/api/queue", method: .get, headers: bearer(b1)) { #expect($0.status == .ok) }
            try await client.execute(uri: "/api/printers/HP", method: .put, headers: bearer(b1), body: body(["offsetX": 1, "offsetY": -1])) {
                #expect($0.status == .ok)
            }
            try await client.execute(uri: "/api/statistics", method: .get, headers: bearer(auditor)) { #expect($0.status == .forbidden) }
            // Refused before any door: a body that is not JSON. The last resort records it.
            try await client.execute(uri: "/api/transfers/\(t.id)/approve", method: .post, headers: bearer(b1), body: ByteBuffer(string: "{")) {
                #expect($0.status == .badRequest)
            }
        }
        let py = try await entries(of: "admin-PY", f).filter { !["login", "activate"].contains($0.action) }
        #expect(py.map { "\($0.action) \($0.target) \($0.outcome)" } == ["approve \(t.id) not-found"], "once, by the door: \(py)")
        let b1 = try await entries(of: "admin-B1", f).filter { !["login", "activate"].contains($0.action) }
        #expect(b1.map { "\($0.action) \($0.outcome)" } == ["view-queue ok", "save-printer ok", "refused-post 400"], "\(b1)")
        #expect(b1[1].target == "B1/HP")
        let auditor = try await entries(of: "auditor", f).filter { !["login", "activate", "read-audit"].contains($0.action) }
        #expect(auditor.map { "\($0.action) \($0.outcome)" } == ["view-statistics wrong-role"], "\(auditor)")
    }

    @Test func anErrorsFieldAndRuleArriveAsValuesAndItsMessageIsForAPerson() async throws {
        let f = try await ServerFixture.make()
        try await Application(router: f.router).test(.router) { client in
            let b1 = try await client.token("admin-B1")
            try await client.execute(
                uri: "/api/transfers", method: .post, headers: bearer(b1),
                body: body(["member": "m1", "to": "B3", "duesPaidUpTo": Transfer.Application.thisMonth(Date()), "validityDays": 11])
            ) { response in
                let answer = decode(response.body)
                #expect(response.status == .unprocessableContent)
                #expect(answer["code"] as? String == "invalid" && answer["field"] as? String == "validityDays" && answer["rule"] as? String == "allowed-values")
                let message = answer["message"] as? String ?? ""
                #expect(message.hasPrefix("有效期应为") && !message.contains("["), "\(message)")
            }
        }
    }

    @Test func aRefusalTheServiceMakesReadsTheSameOnAPageAsInTheAPI() async throws {
        let f = try await ServerFixture.make()
        try await Application(router: f.router).test(.router) { client in
            let cookie: String = try await client.execute(
                uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: form(["name": "auditor", "password": password])
            ) { response in
                String((response.headers[.setCookie] ?? "").split(separator: ";")[0])
            }
            let auditor = try await client.token("auditor")
            let said: String = try await client.execute(uri: "/api/history", method: .get, headers: bearer(auditor)) { response in
                #expect(response.status == .forbidden)
                return decode(response.body)["message"] as? String ?? ""
            }
            #expect(said.contains("只有管理员"))
            for page in ["/history", "/statistics", "/printers", "/seal", "/apply", "/not-reported"] {
                try await client.execute(uri: page, method: .get, headers: [.cookie: cookie]) { response in
                    let html = String(buffer: response.body)
                    #expect(response.status == .forbidden && html.contains("<html") && html.contains(said), "\(page): \(response.status)")
                }
            }
        }
    }
}
