import Foundation
import TestSupport
import Testing

@testable import Workflow

/// Transfers completed on paper before the system (issue 14, register spec §5): imported from
/// their sheet, marked as entered from paper, so that histories and statistics start whole.
@Suite(.scratch) struct PaperTransferTests {
    static let headers = TransferSheet.columns.map(\.header)
    static let jf = Caller(account: Account(name: "admin-JF", role: .administrator, organization: "JF", active: true), address: "test")

    static func table(_ rows: [[String]]) -> SheetTable {
        SheetTable(headers: headers, rows: rows.enumerated().map { SheetTable.Row(number: $0.offset + 2, cells: $0.element) })
    }

    /// 姓名, 身份证号, 转出编码, 原组织, 接收编码, 接收（省外）, 类型, 编号, 开具, 办结, 人员类别.
    static func row(
        _ name: String, _ id: String, from: String = "", origin: String = "", to: String = "", outside: String = "", type: String = "",
        letter: String, issued: String = "2016-03-01", completed: String = "2016-03-10", category: String = ""
    ) -> [String] {
        [name, id, from, origin, to, outside, type, letter, issued, completed, category]
    }

    @Test(arguments: StoreKind.available)
    func paperTransfersStartTheHistoriesAndStatisticsAndCanBeEnteredAgainUnchanged(_ kind: StoreKind) async throws {
        let f = try await WorkflowFixture.make(kind, seals: false)
        let known = try await f.member(in: "B3", serial: 7)
        let gone = WorkflowFixture.idNumber(serial: 8)
        let rows = [
            Self.row(known.name, known.idNumber, from: "B1", to: "B3", letter: "2016000101"),
            Self.row(
                "离省者", gone, from: "B2", outside: "中共北京市海淀区委组织部", type: TransferType.otherProvince.rawValue, letter: "2016000102",
                category: "预备党员"),
            Self.row(
                "来鲁者", WorkflowFixture.idNumber(serial: 9), origin: "中共江苏省南京市委", to: "B1", type: TransferType.fromOtherProvince.rawValue,
                letter: "2016000103"),
        ]
        let dry = try await f.service.importPaperTransfers(Self.table(rows), dryRun: true, for: Self.jf)
        #expect(dry.problems.isEmpty && dry.added == 3 && !dry.written, "\(dry.problems)")
        let done = try await f.service.importPaperTransfers(Self.table(rows), dryRun: false, for: Self.jf)
        #expect(done.written && done.added == 3, "\(done.problems)")

        let out = try await f.service.history(outgoing: true, filter: HistoryFilter(includeDescendants: true), for: Self.jf)
        #expect(Set(out.map(\.memberName)) == [known.name, "离省者"], "\(out.map(\.memberName))")
        #expect(out.allSatisfy { $0.state == "completed" })
        let inward = try await f.service.history(outgoing: false, filter: HistoryFilter(includeDescendants: true), for: Self.jf)
        #expect(Set(inward.map(\.memberName)) == [known.name, "来鲁者"])
        let paper = try await f.service.transfer(try #require(out.first { $0.memberName == "离省者" }).id)
        #expect(paper.paper?.letterNumber == "2016000102" && paper.hops.isEmpty && paper.log.first?.operation == "纸质介绍信补录")
        #expect(
            paper.allowedOperations(for: .organization("JF"), tree: try await f.service.tree(), at: f.clock.now()).isEmpty,
            "nothing can be done with a transfer entered from paper")
        #expect(try await f.service.letters(paper.id).isEmpty)
        #expect(try await f.service.acted(view: .mine, for: Self.jf).isEmpty, "entering a paper letter is not handling it: not in 已办")

        guard case .day(let issuedDay) = ChinaDay.parse("2016-03-01") else {
            Issue.record("day")
            return
        }
        let thatDay = try await f.service.history(outgoing: true, filter: HistoryFilter(from: issuedDay, until: issuedDay), for: Self.jf)
        #expect(thatDay.count == 2, "自 D 至 D includes the day D")
        let year = ChinaDay.parse("2016-01-01")
        let next = ChinaDay.parse("2016-12-31")
        guard case .day(let from) = year, case .day(let until) = next else {
            Issue.record("days")
            return
        }
        let stats = try await f.service.statistics(from: from, until: until, for: Self.jf)
        #expect(stats.total == 2, "both outgoing paper transfers are counted, the member who left the register too")
        #expect(stats.category["预备"] == 1 && stats.category["正式"] == 1, "\(stats.category)")
        #expect(stats.destinationKind["省外"] == 1 && stats.type[TransferType.otherProvince.rawValue] == 1)
        #expect(stats.education["未登记"] == 1, "what the paper does not say is counted as not recorded: \(stats.education)")

        let again = try await f.service.importPaperTransfers(Self.table(rows), dryRun: false, for: Self.jf)
        #expect(again.unchanged == 3 && again.added == 0 && again.changed == 0, "\(again.problems)")
        var corrected = rows
        corrected[1][9] = "2016-03-20"
        let changed = try await f.service.importPaperTransfers(Self.table(corrected), dryRun: false, for: Self.jf)
        #expect(changed.changed == 1 && changed.unchanged == 2)
        #expect(try await f.service.checkIntegrity().isEmpty)

        let sheet = try await f.service.exportPaperTransfers(for: Self.jf)
        #expect(sheet.rows.count == 3 && sheet.headers == Self.headers)
        #expect(sheet.rows.map { $0.map(Spreadsheet.display) }.contains(corrected[1].enumerated().map { $0.offset == 10 ? "预备党员" : $0.element }))
    }

    @Test func everyBrokenPaperRowIsNamedAndNothingIsWritten() async throws {
        let f = try await WorkflowFixture.make(.sqlite, seals: false)
        let id = WorkflowFixture.idNumber(serial: 3)
        let rows = [
            Self.row("甲", id, from: "B1", to: "B3", letter: "A1"),
            Self.row("乙", id, from: "B1", to: "JF", letter: "A2"),  // not a branch
            Self.row("丙", id, from: "CB", to: "QB", letter: "A3"),  // neither end is JF's
            Self.row("丁", id, from: "B1", outside: "北京", letter: "A4"),  // out of province without a type
            Self.row("戊", id, from: "B1", to: "B3", letter: "A1"),  // letter number twice
            Self.row("己", id, from: "B1", to: "B3", letter: "A6", issued: "2016-03-10", completed: "2016-03-01"),
            Self.row("庚", id, from: "B1", to: "B3", letter: "A7", completed: "2030-01-01"),  // not yet completed
            Self.row("辛", id, from: "XX", to: "B3", letter: "A8"),  // no such organization
            Self.row("壬", id, from: "B1", origin: "南京", to: "B3", letter: "A9"),  // both a code and an outside origin
        ]
        let outcome = try await f.service.importPaperTransfers(Self.table(rows), dryRun: false, for: Self.jf)
        let found = Set(outcome.problems.map { "\($0.row) \($0.column) \($0.rule)" })
        let c = TransferSheet.self
        for expected in [
            "3 \(c.destination) branch", "4 \(c.source) subtree", "5 \(c.type) required", "6 \(c.letter) unique", "7 \(c.completed) order",
            "8 \(c.completed) not-after-today", "9 \(c.source) exists", "10 \(c.origin) one-of",
        ] {
            #expect(found.contains(expected), "\(expected) in \(found)")
        }
        #expect(!outcome.problems.contains { $0.row == 2 } && !outcome.written && outcome.added == 0)
        #expect(try await f.service.history(outgoing: true, filter: HistoryFilter(includeDescendants: true), for: Self.jf).isEmpty)
    }
}
