import Foundation
import Hummingbird
import HummingbirdTesting
import Server
import TestSupport
import Testing
import Workflow

/// One organization at a time through the API (register spec §1): create below one's own,
/// edit (rename subordinates only; the fields left out stay), delete what was made by mistake,
/// revoke with a document number — each under the organizations sheet's rules.
@Suite(.scratch) struct OrganizationRecordTests {
    static let branch: [String: String] = [
        "code": "JF-B9", "parent": "JF", "name": "中共解放路街道新建支部委员会", "category": "631",
        "contact": "新联系人", "phone": "13606406699",
    ]

    @Test func anAdministratorBuildsAndKeepsTheTreeBelowItsOwnOrganization() async throws {
        let f = try await ServerFixture.make()
        try await Application(router: f.router).test(.router) { client in
            let jf = try await client.token("admin-JF")
            let b1 = try await client.token("admin-B1")
            try await client.execute(uri: "/api/organizations", method: .post, headers: bearer(jf), body: body(Self.branch)) { response in
                #expect(response.status == .created, "\(String(buffer: response.body))")
                #expect(decode(response.body)["level"] as? String == "branch")
            }
            // Below another county, or below nothing: the same answer.
            var elsewhere = Self.branch
            var nowhere = Self.branch
            elsewhere["code"] = "JF-B10"
            elsewhere["parent"] = "PY"
            nowhere["code"] = "JF-B11"
            nowhere["parent"] = "NOPE"
            let a = try await client.execute(uri: "/api/organizations", method: .post, headers: bearer(jf), body: body(elsewhere)) {
                withoutRequestID(String(buffer: $0.body))
            }
            let b = try await client.execute(uri: "/api/organizations", method: .post, headers: bearer(jf), body: body(nowhere)) {
                withoutRequestID(String(buffer: $0.body))
            }
            #expect(
                a.replacingOccurrences(of: "PY", with: "X") == b.replacingOccurrences(of: "NOPE", with: "X") && a.contains("\"rule\":\"exists\""), "\(a)\n\(b)")
            try await client.execute(uri: "/api/organizations/JF", method: .put, headers: bearer(jf), body: body(["name": "中共某街道工作委员会"])) { response in
                #expect(response.status == .unprocessableContent && decode(response.body)["rule"] as? String == "rename-own")
            }
            try await client.execute(uri: "/api/organizations/B3", method: .put, headers: bearer(jf), body: body(["phone": "0531-86009999"])) { response in
                #expect(response.status == .ok, "\(String(buffer: response.body))")
            }
            let b3 = try await f.workflow.tree().organization("B3")
            #expect(b3.contact?.phone == "0531-86009999" && b3.name == "中共解放路街道机关支部委员会", "only the phone changed")
            try await client.execute(uri: "/api/organizations/B3", method: .put, headers: bearer(jf), body: body(["colour": "red"])) { response in
                #expect(response.status == .unprocessableContent && decode(response.body)["field"] as? String == "colour")
            }
            try await client.execute(uri: "/api/organizations/JF-B9", method: .put, headers: bearer(b1), body: body(["phone": "13606406698"])) {
                #expect($0.status == .notFound, "not the branch's to edit")
            }
            // Delete: only what was made by mistake, never one's own.
            try await client.execute(uri: "/api/organizations/B1", method: .delete, headers: bearer(jf)) { response in
                #expect(response.status == .forbidden && decode(response.body)["rule"] as? String == "in-use")
            }
            try await client.execute(uri: "/api/organizations/JF", method: .delete, headers: bearer(jf)) { #expect($0.status == .forbidden) }
            try await client.execute(uri: "/api/organizations/JF-B9", method: .delete, headers: bearer(jf)) { #expect($0.status == .noContent) }
            #expect(try await f.workflow.tree().organizations["JF-B9"] == nil)
            // Revoke: with a document number; it leaves new paths; not while it has members.
            try await client.execute(uri: "/api/organizations", method: .post, headers: bearer(jf), body: body(Self.branch)) { #expect($0.status == .created) }
            try await client.execute(
                uri: "/api/organizations/JF-B9/revoke", method: .post, headers: bearer(jf),
                body: body(["documentNumber": "历解组字〔2026〕3号", "reason": "合并"])
            ) { #expect($0.status == .ok) }
            try await client.execute(
                uri: "/api/organizations/B1/revoke", method: .post, headers: bearer(jf),
                body: body(["documentNumber": "历解组字〔2026〕4号", "reason": "合并"])
            ) { response in
                #expect(response.status == .forbidden && decode(response.body)["rule"] as? String == "in-use")
            }
            try await client.execute(
                uri: "/api/transfers", method: .post, headers: bearer(b1),
                body: body(["member": "m1", "to": "JF-B9", "duesPaidUpTo": Transfer.Application.thisMonth(Date())])
            ) { response in
                #expect(response.status != .created, "a revoked branch is on no new path: \(String(buffer: response.body))")
            }
        }
        let revoked = try await f.workflow.tree().organization("JF-B9")
        #expect(revoked.register?.revocation?.documentNumber == "历解组字〔2026〕3号" && !revoked.permissions.mayTransfer)
    }
}
