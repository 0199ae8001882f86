import DemoData
import Foundation
import TestSupport
import Testing

@_spi(Storage) @testable import Workflow

/// The statistics (分组统计) are read from counters the database keeps per day for the province,
/// its cities and counties (migration 16), and counted from the transfers' columns below them:
/// the two agree for every organization, on both stores, through acceptances, a report, a
/// return and a void; a member counts as the register had them when the transfer started; a
/// row written by an older server is counted at the next open; the check finds a counter that
/// something wrote around the triggers.
@Suite(.scratch) struct StatisticsCounterTests {
    @Test("the statistics' counters agree with the transfers for every organization, and the check finds one that drifted", arguments: StoreKind.available)
    func countersAgreeWithTheTransfers(kind: StoreKind) async throws {
        let f = try await WorkflowFixture.make(kind)
        let a = try await f.member(in: "B1", name: "甲", serial: 80)
        let b = try await f.member(in: "B1", name: "乙", serial: 81)
        let c = try await f.member(in: "B2", name: "丙", serial: 82)
        let d = try await f.member(in: "B2", name: "丁", serial: 83)
        var ta = try await f.service.applyOut(member: a.id, direction: .inProvince(destination: "QB"), application: WorkflowFixture.application, by: org("B1"))
        var tb = try await f.service.applyOut(member: b.id, direction: .inProvince(destination: "QB"), application: WorkflowFixture.application, by: org("B1"))
        var tc = try await f.service.applyOut(member: c.id, direction: .inProvince(destination: "YB"), application: WorkflowFixture.application, by: org("B2"))
        _ = try await f.service.applyOut(member: d.id, direction: .inProvince(destination: "YB"), application: WorkflowFixture.application, by: org("B2"))
        for holder: OrganizationID in ["Z1", "JF", "QF"] {
            ta = try await f.service.approve(ta.id, by: org(holder))
            tb = try await f.service.approve(tb.id, by: org(holder))
        }
        ta = try await f.service.accept(ta.id, by: org("QB"))
        tb = try await f.service.accept(tb.id, by: org("QB"))
        tb = try await f.service.confirmReporting(tb.id, by: org("QB"))
        tc = try await f.service.returnLetter(tc.id, by: org("Z1"), reason: "材料不全")
        tc = try await f.service.void(tc.id, by: org("B2"), reason: "不再转出")
        #expect(ta.stateCode == "awaiting-report" && tb.stateCode == "completed" && tc.stateCode == "void")

        let (from, until) = (WorkflowFixture.start.addingTimeInterval(-86_400), f.clock.now())
        let province = try await f.service.statistics(under: "P", from: from, until: until)
        #expect(province.total == 2 && province.sex.values.reduce(0, +) == 2 && province.occupation == ["职员": 2])
        #expect(try await f.service.statistics(under: "B2", from: from, until: until).total == 0, "a void and a pending transfer are not counted")
        #expect(try await f.service.statistics(under: "B1", from: from, until: until) == province)
        #expect(try await f.service.statistics(under: "P", from: until.addingTimeInterval(86_400), until: until.addingTimeInterval(86_400)).total == 0)
        try await expectCountersAgree(f)

        // A member is counted as the register had them when the transfer started.
        var changed = try await f.service.member(a.id)
        changed.occupation = "教师"
        let (entry, path) = (changed, try await f.service.tree().materializedPath(changed.organization))
        try await f.service.store.transaction { try await Repository(c: $0).update(entry, path: path) }
        #expect(try await f.service.statistics(under: "P", from: from, until: until).occupation == ["职员": 2])

        // A row an older server wrote without the counted values is counted at the next open.
        let accepted = ta.id
        _ = try await f.service.store.transaction { try await $0.run("UPDATE transfers SET stat_sex = NULL WHERE id = ?", [.text(accepted)]) }
        #expect(try await f.service.statistics(under: "P", from: from, until: until).total == 1)
        try await TransferTally.backfill(f.service.store)
        #expect(try await f.service.statistics(under: "P", from: from, until: until).total == 2)
        #expect(try await f.service.checkIntegrity().isEmpty)

        // A counter changed behind the triggers' back is reported by the check.
        _ = try await f.service.store.transaction { try await $0.run("UPDATE transfer_tallies SET n = n + 3 WHERE path = '/P/' AND dimension = 'total'", []) }
        let problems = try await f.service.checkIntegrity()
        #expect(problems.contains { $0.hasPrefix("统计计数：/P/") && $0.contains("记为 5，实有 2 件") }, "\(problems)")
    }

    @Test("transfers going through at once all count, without a deadlock between their counters", arguments: StoreKind.available)
    func transfersAtOnceAllCount(kind: StoreKind) async throws {
        let f = try await WorkflowFixture.make(kind)
        var started: [Transfer] = []
        for k in 0..<8 {
            let member = try await f.member(in: k % 2 == 0 ? "B1" : "B2", name: "并\(k)", serial: 90 + k)
            started.append(
                try await f.service.applyOut(
                    member: member.id, direction: .inProvince(destination: "QB"), application: WorkflowFixture.application, by: org(member.organization)))
        }
        // Each transfer's steps in order, the eight side by side: approvals move the holders'
        // counters up while acceptances and reports move the statistics' counters.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (k, transfer) in started.enumerated() {
                group.addTask {
                    var t = transfer
                    for holder: OrganizationID in ["Z1", "JF", "QF"] { t = try await f.service.approve(t.id, by: org(holder)) }
                    t = try await f.service.accept(t.id, by: org("QB"))
                    if k % 2 == 0 { t = try await f.service.confirmReporting(t.id, by: org("QB")) }
                }
            }
            try await group.waitForAll()
        }
        let stats = try await f.service.statistics(under: "P", from: WorkflowFixture.start.addingTimeInterval(-86_400), until: f.clock.now())
        #expect(stats.total == 8 && stats.sourceKind.values.reduce(0, +) == 8)
        #expect(try await f.service.queueCounts(of: "P") == QueueCounts(own: 0, subordinates: 4), "the four not reported wait at QB")
        #expect(try await f.service.checkIntegrity().isEmpty)
    }

    /// For every organization whose statistics are read from counters, the counters give what
    /// counting its transfers' columns gives.
    private func expectCountersAgree(_ f: WorkflowFixture) async throws {
        let tree = try await f.service.tree()
        let days = (ChinaDay.daysSinceEpoch(of: WorkflowFixture.start) - 1, ChinaDay.daysSinceEpoch(of: f.clock.now()))
        var kept = 0
        for org in ExampleProvince.organizations {
            let path = tree.materializedPath(org.id)
            guard TransferTally.isKept(path) else { continue }
            kept += 1
            let (counters, columns) = try await f.service.store.read { c in
                let q = TransferQueryRepository(c: c)
                return (
                    try await q.tallies(of: path, from: days.0, through: days.1),
                    try await q.tallies(outOf: (path, String(path.dropLast()) + "0"), from: days.0, through: days.1)
                )
            }
            #expect(Statistics(counts: counters) == Statistics(counts: columns), "\(org.id)")
        }
        #expect(kept > 3, "the province, its cities and counties")
    }

    @Test func aGroupsValuesAreListedLargestFirstTiesByValue() {
        let s = Statistics(
            total: 6, ageBand: [:], sex: ["男": 2, "女": 4], category: [:], type: ["乙": 1, "甲": 1], occupation: [:], education: [:],
            sourceKind: [:])
        let groups = Dictionary(uniqueKeysWithValues: s.groups.map { ($0.title, $0.counts.map { "\($0.value)\($0.count)" }) })
        #expect(groups["性别"] == ["女4", "男2"])
        #expect(groups["转接类型"] == ["乙1", "甲1"])
        #expect(s.groups.map(\.title) == ["年龄", "性别", "正式/预备", "转接类型", "转出单位类别", "转入单位类别", "职业", "学历"])
    }
}
