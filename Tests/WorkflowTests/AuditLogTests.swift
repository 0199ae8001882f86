import Foundation
import TestSupport
import Testing

@_spi(Storage) @testable import Workflow

/// The audit log as an inspector reads it: filtered, newest first, paged back without gaps or
/// repeats, on both stores.
@Suite(.scratch) struct AuditLogTests {
    /// Hashing is not what is tested here.
    struct PlainHasher: PasswordHasher {
        func hash(_ password: String) -> String { password }
        func verify(_ password: String, hash: String) -> Bool { password == hash }
    }

    @Test(arguments: StoreKind.available)
    func anInspectorFiltersTheLogAndPagesBackThroughAllOfIt(_ kind: StoreKind) async throws {
        let f = try await WorkflowFixture.make(kind, seals: false)
        let accounts = AccountService(store: f.service.store, clock: f.clock, hasher: PlainHasher())
        let start = WorkflowFixture.start
        for n in 0..<450 {
            try await accounts.audit(
                AuditEntry(
                    at: start.addingTimeInterval(Double(n) * 600), account: n % 3 == 0 ? "admin-B1" : "admin-Z1",
                    address: "10.0.0.\(n % 7)", action: n % 5 == 0 ? "approve" : "download-letter",
                    target: "t\(n % 10)", outcome: "ok"))
        }
        let auditor = Account(name: "auditor", role: .auditor, organization: "P", active: true)
        let tree = try await f.service.tree()

        let latest = try await accounts.auditLog(in: tree, for: Caller(account: auditor, address: "test"))
        #expect(latest.count == 200 && latest.first?.target == "t9", "newest first, 200 by default")
        #expect(zip(latest, latest.dropFirst()).allSatisfy { $0.seq! > $1.seq! })

        var seen: [Int64] = []
        var query = AuditQuery(limit: 128)
        while true {
            let page = try await accounts.auditLog(query: query, in: tree, for: Caller(account: auditor, address: "test"))
            // The auditor's own reads are in the log too; the 450 are the others.
            seen += page.filter { $0.action != "read-audit" }.compactMap(\.seq)
            guard page.count == query.limit, let oldest = page.last?.seq else { break }
            query.before = oldest
        }
        #expect(seen.count == 450 && Set(seen).count == 450, "every entry once")

        let approvals = try await accounts.auditLog(
            query: AuditQuery(account: "admin-B1", action: "approve", limit: 1000), in: tree, for: Caller(account: auditor, address: "test"))
        #expect(approvals.count == 30 && approvals.allSatisfy { $0.account == "admin-B1" && $0.action == "approve" })
        // The first day (China time) of the log: 2017-06-16 10:00 to midnight is 14 hours, 84 entries.
        let day = ISO8601DateFormatter().date(from: "2017-06-16T00:00:00+08:00")!
        // 自 D 至 D: the day includes itself.
        let first = try await accounts.auditLog(query: AuditQuery(from: day, until: day, limit: 1000), in: tree, for: Caller(account: auditor, address: "test"))
        #expect(first.filter { $0.action != "read-audit" }.count == 84)
        let target = try await accounts.auditLog(query: AuditQuery(target: "t3", limit: 1000), in: tree, for: Caller(account: auditor, address: "test"))
        #expect(target.count == 45)

        // An auditor of the county reads what its county's accounts did, nothing of another county's.
        let officer = Account(name: "security", role: .securityOfficer, organization: "P", active: true)
        for (name, org) in [("admin-B1", "B1"), ("admin-Z1", "Z1"), ("admin-PY", "PY")] as [(String, OrganizationID)] {
            _ = try await accounts.createAccount(
                name: name, role: .administrator, organization: org, tree: tree, for: Caller(account: officer, address: "test"))
        }
        try await accounts.audit(AuditEntry(at: start, account: "admin-PY", address: "10.0.0.9", action: "approve", target: "t-py", outcome: "ok"))
        let county = Account(name: "auditor-LX", role: .auditor, organization: "LX", active: true)
        let seenByCounty = try await accounts.auditLog(query: AuditQuery(limit: 1000), in: tree, for: Caller(account: county, address: "test"))
        #expect(seenByCounty.count == 450 && !seenByCounty.contains { $0.account == "admin-PY" })
        #expect(
            try await accounts.auditLog(query: AuditQuery(account: "admin-PY"), in: tree, for: Caller(account: auditor, address: "test")).count == 1,
            "the province's auditor sees it")
        let pingyin = Account(name: "auditor-PY", role: .auditor, organization: "PY", active: true)
        #expect(try await accounts.auditLog(query: AuditQuery(limit: 1000), in: tree, for: Caller(account: pingyin, address: "test")).map(\.target) == ["t-py"])

        let administrator = Account(name: "admin-B1", role: .administrator, organization: "B1", active: true)
        await #expect(throws: WorkflowError.self) { try await accounts.auditLog(in: tree, for: Caller(account: administrator, address: "test")) }
    }
}
