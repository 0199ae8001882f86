import Foundation
import Hummingbird
import HummingbirdTesting
import Server
import TestSupport
import Testing
import Workflow

/// What the security officer does to accounts after making them, and what a holder does to its
/// own password (register spec §4), through the API as a person's browser or script would.
@Suite(.scratch) struct AccountManagementTests {
    func status(_ client: some TestClientProtocol, _ uri: String, _ token: String, _ object: [String: Any] = [:]) async throws -> HTTPResponse.Status {
        try await client.execute(uri: uri, method: .post, headers: bearer(token), body: body(object)) { $0.status }
    }

    @Test func aResetEndsThePasswordAndEverySessionAndHandsOverANewCode() async throws {
        let f = try await ServerFixture.make()
        try await Application(router: f.router).test(.router) { client in
            let officer = try await client.token("security")
            let b1 = try await client.token("admin-B1")
            let code: String = try await client.execute(uri: "/api/accounts/admin-B1/reset", method: .post, headers: bearer(officer), body: body([:])) {
                response in
                #expect(response.status == .ok)
                return decode(response.body)["activationCode"] as? String ?? ""
            }
            try await client.execute(uri: "/api/queue", method: .get, headers: bearer(b1)) { #expect($0.status == .unauthorized, "the old session ended") }
            try await client.execute(uri: "/api/login", method: .post, body: body(["name": "admin-B1", "password": password])) {
                #expect($0.status == .forbidden, "the old password ended")
            }
            #expect(try await status(client, "/api/activate", "", ["name": "admin-B1", "code": code, "password": "new-password-2"]) == .ok)
            try await client.execute(uri: "/api/login", method: .post, body: body(["name": "admin-B1", "password": "new-password-2"])) {
                #expect($0.status == .ok)
            }
        }
    }

    @Test func aDisabledAccountCannotLogInAndItsSessionsEndUntilItIsEnabled() async throws {
        let f = try await ServerFixture.make()
        try await Application(router: f.router).test(.router) { client in
            let officer = try await client.token("security")
            let z1 = try await client.token("admin-Z1")
            #expect(try await status(client, "/api/accounts/admin-Z1/disable", officer) == .ok)
            try await client.execute(uri: "/api/queue", method: .get, headers: bearer(z1)) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/api/login", method: .post, body: body(["name": "admin-Z1", "password": password])) {
                #expect($0.status == .forbidden)
            }
            let listed: [[String: Any]] = try await client.execute(uri: "/api/accounts", method: .get, headers: bearer(officer)) { response in
                (try? JSONSerialization.jsonObject(with: Data(buffer: response.body))) as? [[String: Any]] ?? []
            }
            #expect(listed.first { $0["name"] as? String == "admin-Z1" }?["disabled"] as? Bool == true)
            #expect(try await status(client, "/api/accounts/security/disable", officer) == .forbidden, "not its own")
            #expect(try await status(client, "/api/accounts/admin-Z1/enable", officer) == .ok)
            _ = try await client.token("admin-Z1")
        }
    }

    @Test func anOfficerManagesOnlyItsSubtreeAndWhatLiesOutsideLooksLikeNothing() async throws {
        let f = try await ServerFixture.make()
        let tree = try await f.workflow.tree()
        let root = Caller(account: Account(name: "security", role: .securityOfficer, organization: "P", active: true), address: "test")
        let code = try await f.accounts.createAccount(name: "officer-LX", role: .securityOfficer, organization: "LX", tree: tree, for: root)
        try await f.accounts.activate(name: "officer-LX", code: code, password: password)
        try await Application(router: f.router).test(.router) { client in
            let lx = try await client.token("officer-LX")
            let b1 = try await client.token("admin-B1")
            let outside = try await client.execute(uri: "/api/accounts/admin-PY/reset", method: .post, headers: bearer(lx), body: body([:])) {
                withoutRequestID(String(buffer: $0.body))
            }
            let missing = try await client.execute(uri: "/api/accounts/admin-XX/reset", method: .post, headers: bearer(lx), body: body([:])) {
                withoutRequestID(String(buffer: $0.body))
            }
            #expect(
                outside.replacingOccurrences(of: "admin-PY", with: "NAME") == missing.replacingOccurrences(of: "admin-XX", with: "NAME")
                    && outside.contains("not-found"))
            #expect(try await status(client, "/api/accounts/admin-JF/organization", lx, ["organization": "PY"]) == .notFound, "not into another county")
            #expect(try await status(client, "/api/accounts/admin-JF/organization", lx, ["organization": "QF"]) == .ok)
            #expect(try await status(client, "/api/accounts/admin-JF/reset", b1) == .forbidden, "an administrator manages no account")
        }
        let moved = try await f.accounts.accounts(in: tree, for: root).first { $0.name == "admin-JF" }
        #expect(moved?.organization == "QF")
    }

    @Test func aHolderChangesItsOwnPasswordWithTheOldOneAndLogsInAgain() async throws {
        let f = try await ServerFixture.make()
        try await Application(router: f.router).test(.router) { client in
            let b1 = try await client.token("admin-B1")
            try await client.execute(
                uri: "/api/password", method: .post, headers: bearer(b1), body: body(["old": "wrong-password-9", "new": "new-password-2"])
            ) { response in
                #expect(response.status == .unprocessableContent && decode(response.body)["field"] as? String == "old")
            }
            try await client.execute(uri: "/api/password", method: .post, headers: bearer(b1), body: body(["old": password, "new": "short"])) { response in
                #expect(response.status == .unprocessableContent && decode(response.body)["field"] as? String == "new")
            }
            #expect(try await status(client, "/api/password", b1, ["old": password, "new": "new-password-2"]) == .ok)
            try await client.execute(uri: "/api/queue", method: .get, headers: bearer(b1)) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/api/login", method: .post, body: body(["name": "admin-B1", "password": "new-password-2"])) {
                #expect($0.status == .ok)
            }
        }
        let log = try await f.accounts.auditLog(
            query: AuditQuery(account: "admin-B1", action: "change-password"), in: try await f.workflow.tree(),
            for: Caller(account: Account(name: "auditor", role: .auditor, organization: "P", active: true), address: "test"))
        #expect(Set(log.map(\.outcome)) == ["ok", "failed", "invalid"])
    }
}
