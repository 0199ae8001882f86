import Foundation
import TestSupport
import Testing

@testable import Workflow

/// The history searches of seed 004 §7.4 (转出单位, 接收单位, 性别, 民族, with 包含下级) and the
/// whole history read page by page for export, none cut off.
@Suite(.scratch) struct HistorySearchTests {
    static let p = Caller(account: Account(name: "admin-P", role: .administrator, organization: "P", active: true), address: "test")

    /// `count` paper transfers (a quick way to a long history): from B1 to QB, every third from
    /// B2 to YB; the serial's birth month makes the sex alternate.
    static func history(_ f: WorkflowFixture, count: Int) async throws {
        var rows: [[String]] = []
        for i in 0..<count {
            let (from, to) = i % 3 == 0 ? ("B2", "YB") : ("B1", "QB")
            rows.append(
                PaperTransferTests.row(
                    "党员\(i)", WorkflowFixture.idNumber(serial: 100 + i), from: from, to: to,
                    letter: String(format: "H%06d", i), issued: "2016-0\(1 + i % 9)-1\(i % 10)", completed: "2016-10-01"))
        }
        let outcome = try await f.service.importPaperTransfers(PaperTransferTests.table(rows), dryRun: false, for: Self.p)
        #expect(outcome.written && outcome.added == count, "\(outcome.problems.prefix(3))")
    }

    @Test func theSearchesOfTheManualNarrowTheHistoryBySourceDestinationSexAndEthnicity() async throws {
        let f = try await WorkflowFixture.make(.sqlite, seals: false)
        try await Self.history(f, count: 30)
        let all = try await f.service.history(outgoing: true, for: Self.p)
        #expect(all.count == 30)
        let fromZ1 = try await f.service.history(outgoing: true, filter: HistoryFilter(source: "Z1"), for: Self.p)
        #expect(fromZ1.count == 30 && Set(fromZ1.map(\.source)) == ["B1", "B2"], "转出单位 includes the organizations below it")
        let fromB2 = try await f.service.history(outgoing: true, filter: HistoryFilter(source: "B2"), for: Self.p)
        #expect(fromB2.count == 10)
        let toPY = try await f.service.history(outgoing: true, filter: HistoryFilter(destination: "PY"), for: Self.p)
        #expect(toPY.count == 10 && toPY.allSatisfy { $0.destination == "YB" })
        #expect(try await f.service.history(outgoing: true, filter: HistoryFilter(source: "NOWHERE"), for: Self.p).isEmpty)
        let men = try await f.service.history(outgoing: true, filter: HistoryFilter(sex: "男"), for: Self.p)
        let women = try await f.service.history(outgoing: true, filter: HistoryFilter(sex: "女"), for: Self.p)
        #expect(men.count + women.count == 30 && !men.isEmpty && !women.isEmpty)
        #expect(men.allSatisfy { Int(String(Array($0.memberIDNumber)[16]))! % 2 == 1 })

        // Ethnicity is the register's: a member entered as 回族 is found, with or without 族.
        let member = try PartyMember(
            id: "m-hui", organization: "B1", name: "马回", idNumber: WorkflowFixture.idNumber(serial: 7), ethnicity: "回族",
            category: .full, occupation: "职员", education: "大学本科", phone: "13606406636")
        try await f.service.add(member: member)
        let started = try await f.service.applyOut(
            member: member.id, direction: .inProvince(destination: "B3"),
            application: WorkflowFixture.application, by: .organization("B1"))
        for text in ["回", "回族"] {
            let hui = try await f.service.history(outgoing: true, filter: HistoryFilter(ethnicity: text), for: Self.p)
            #expect(hui.map(\.id) == [started.id], "\(text)")
        }
        #expect(try await f.service.history(outgoing: true, filter: HistoryFilter(ethnicity: "火星"), for: Self.p).isEmpty)
    }

    @Test func anExportReadsTheWholeHistoryPageByPageNoneCutOffNoneTwice() async throws {
        let f = try await WorkflowFixture.make(.sqlite, seals: false)
        let count = HistoryExport.pageSize * 2 + 137
        try await Self.history(f, count: count)
        let export = try await f.service.historyExport(outgoing: true, for: Self.p)
        var seen: [TransferSummary] = []
        var pages = 0
        try await export.forEachPage {
            seen += $0
            pages += 1
        }
        #expect(seen.count == count && Set(seen.map(\.id)).count == count && pages == 3)
        #expect(
            zip(seen, seen.dropFirst()).allSatisfy { $0.createdAt > $1.createdAt || ($0.createdAt == $1.createdAt && $0.id < $1.id) },
            "newest first, as the page lists them")
        let page = try await f.service.history(outgoing: true, for: Self.p)
        #expect(page.count == 200, "the page itself still shows the newest 200")
    }
}
