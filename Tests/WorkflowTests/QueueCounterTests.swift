import Foundation
import TestSupport
import Testing

@_spi(Storage) @testable import Workflow

/// The queue counts come from counters the database keeps per holder (migration 14): after
/// approvals, a return, an acceptance and a void they agree with the transfers, on both stores,
/// and `letters transfer check` finds a counter that something wrote around them.
@Suite(.scratch) struct QueueCounterTests {
    @Test("the database keeps the queue counters through every change, and the check finds one that drifted", arguments: StoreKind.available)
    func countersFollowEveryChange(kind: StoreKind) async throws {
        let f = try await WorkflowFixture.make(kind)
        let a = try await f.member(in: "B1", name: "甲", serial: 70)
        let b = try await f.member(in: "B1", name: "乙", serial: 71)
        let c = try await f.member(in: "B2", name: "丙", serial: 72)
        var t1 = try await f.service.applyOut(member: a.id, direction: .inProvince(destination: "QB"), application: WorkflowFixture.application, by: org("B1"))
        var t2 = try await f.service.applyOut(member: b.id, direction: .inProvince(destination: "QB"), application: WorkflowFixture.application, by: org("B1"))
        _ = try await f.service.applyOut(member: c.id, direction: .inProvince(destination: "YB"), application: WorkflowFixture.application, by: org("B2"))
        #expect(try await f.service.queueCounts(of: "Z1") == QueueCounts(own: 3, subordinates: 0))
        #expect(try await f.service.queueCounts(of: "JF") == QueueCounts(own: 0, subordinates: 3))
        #expect(try await f.service.queueCounts(of: "P") == QueueCounts(own: 0, subordinates: 3))
        for holder: OrganizationID in ["Z1", "JF", "QF"] { t1 = try await f.service.approve(t1.id, by: org(holder)) }
        t2 = try await f.service.returnLetter(t2.id, by: org("Z1"), reason: "材料不全")
        #expect(try await f.service.queueCounts(of: "Z1") == QueueCounts(own: 1, subordinates: 1), "c waits at Z1, b is back at B1")
        #expect(try await f.service.queueCounts(of: "QB") == QueueCounts(own: 1, subordinates: 0))
        t1 = try await f.service.accept(t1.id, by: org("QB"))
        t2 = try await f.service.void(t2.id, by: org("B1"), reason: "不再转出")
        #expect(try await f.service.queueCounts(of: "P") == QueueCounts(own: 0, subordinates: 2), "accepted (awaiting report at QB) and c at Z1")
        #expect(try await f.service.checkIntegrity().isEmpty)

        // A counter changed behind the triggers' back is reported by the check.
        _ = try await f.service.store.transaction { try await $0.run("UPDATE holder_counts SET n = n + 5 WHERE org_id = 'Z1'", []) }
        let problems = try await f.service.checkIntegrity()
        #expect(problems.contains { $0.hasPrefix("待办计数") && $0.contains("记为 6，实有 1 件") }, "\(problems)")
    }
}
