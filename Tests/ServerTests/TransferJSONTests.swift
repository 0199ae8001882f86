import Foundation
import Testing

@testable import Server
@testable import TransferMachine
@testable import Workflow

/// The API's transfer and lists of transfers, written by `JSONBytes`, are the JSON
/// `JSONEncoder` wrote for them before, byte for byte: every state, direction and optional
/// part, text that needs escaping, dates with fractions of a second and outside the years a
/// transfer has.
@Suite struct TransferJSONTests {
    /// What `JSONEncoder`, as the API configures it, writes for `body`.
    private func encoded(_ body: TransferBody) throws -> String {
        String(decoding: try APIRoutes.encoder.encode(body), as: UTF8.self)
    }

    private func written(_ body: TransferBody) -> String {
        String(decoding: body.json, as: UTF8.self)
    }

    /// Every ASCII control character, the characters JSON escapes, and text beyond ASCII.
    private static let awkward: String = {
        var text = ""
        for value in 0..<0x80 { text.unicodeScalars.append(Unicode.Scalar(UInt8(value))) }
        return text + "\u{2028}\u{2029}\u{7F}\u{A0}中共<乙>&'\"/\\😀é"
    }()

    private static let start = Date(timeIntervalSince1970: 1_496_282_400.75)

    private func transfer(
        direction: TransferDirection = .inProvince(destination: "S3"), state: Transfer.State, awkward text: String = "备注"
    ) -> Transfer {
        var t = Transfer(
            id: "t-\(text.count)", memberID: "m/1", memberName: "张三" + text, memberIDNumber: "37011119621019441X", direction: direction,
            path: TransferPath(organizations: ["S1", "B1", "C1", "P", "C2", "B2", "S3"], turnIndex: 3, automaticTurn: false), initiator: 1,
            type: .otherCity, state: state, createdAt: Self.start)
        t.version = 7
        t.duesPaidUpTo = "2017-05"
        t.basicCommittees = ["B2", "B1"]
        t.hops = [
            Hop(
                from: 1, to: 2, number: "（2017）第1号", issuedAt: Self.start.addingTimeInterval(60.999), validityDays: 15, automatic: false, withdrawn: false,
                receiptReturnedAt: nil, amendments: nil),
            Hop(
                from: 2, to: nil, number: nil, issuedAt: Self.start.addingTimeInterval(120), validityDays: 90, automatic: true, withdrawn: true,
                receiptReturnedAt: Self.start.addingTimeInterval(3_600.5), amendments: LetterAmendments()),
            Hop(
                from: 3, to: 4, number: "3", issuedAt: Self.start, validityDays: 1, automatic: false, withdrawn: false, receiptReturnedAt: nil,
                amendments: LetterAmendments(
                    memberPhone: "13606406636", addressee: text, address: "济南市/历下区", phone: "0531-1234567", fax: "0531-7654321", postcode: "250001",
                    reason: text)),
        ]
        t.log = [
            LogEntry(at: Self.start, actor: .organization("B1"), operation: "apply", from: "B1", to: "S3", note: text, person: "李四"),
            LogEntry(at: Self.start.addingTimeInterval(-0.25), actor: .member("m1"), operation: "confirm-report", from: nil, to: nil, note: nil, person: nil),
            LogEntry(at: Self.start.addingTimeInterval(86_400 * 400), actor: .system, operation: "expire", from: nil, to: text, note: "", person: nil),
        ]
        return t
    }

    @Test func everyKindOfTransferIsWhatJSONEncoderWrote() throws {
        let day = Self.start.addingTimeInterval(86_400 * 30 + 0.5)
        let states: [Transfer.State] = [
            .held(holder: 3, note: nil), .held(holder: 2, note: .returned(Self.awkward)), .held(holder: 0, note: .objection("")),
            .held(holder: 1, note: .recalled), .issuedOutOfProvince(by: 3), .awaitingReceipt(since: day), .awaitingReport(since: day),
            .completed(at: day), .void(reason: Self.awkward, at: day), .recovered(at: day),
        ]
        let directions: [TransferDirection] = [
            .inProvince(destination: "S3"), .outOfProvince(destinationName: "中共北京市/海淀区委", letterhead: Self.awkward),
            .intoProvince(origin: "中共北京市委", destination: "S3", manualReview: true),
            .intoProvince(origin: "", destination: "S3", manualReview: false),
        ]
        var checked = 0
        for state in states {
            for direction in directions {
                for text in ["备注", Self.awkward] {
                    var t = transfer(direction: direction, state: state, awkward: text)
                    for operations in [[], TransferOperation.allCases] {
                        let body = TransferBody(t, allowedOperations: operations)
                        #expect(written(body) == (try encoded(body)))
                        checked += 1
                    }
                    t.paper = PaperRecord(letterNumber: text, issuedOn: "2016-03-01", completedOn: "2016-03-20", category: nil)
                    t.originLetterNumber = text
                    t.returnedReceipt = ReturnedReceipt(returnedOn: "2017-07-01", number: nil, scan: "scan/1.jpg", sha256: "ab")
                    #expect(written(TransferBody(t, allowedOperations: [.approve])) == (try encoded(TransferBody(t, allowedOperations: [.approve]))))
                    t.paper?.category = text
                    t.returnedReceipt?.number = text
                    t.hops = []
                    t.log = []
                    t.basicCommittees = []
                    #expect(written(TransferBody(t, allowedOperations: [])) == (try encoded(TransferBody(t, allowedOperations: []))))
                    checked += 2
                }
            }
        }
        #expect(checked == states.count * directions.count * 2 * 4)
    }

    @Test func datesAreWrittenAsISO8601DoesAtEveryInstant() throws {
        // Whole seconds rounded down, before 1970 too; the years a transfer never has (before
        // the Gregorian calendar, past 9999) as Foundation writes them.
        let instants: [Double] = [
            0, 0.999, -0.5, -1, 59.9999, 951_782_400, 951_868_799.5, 4_107_542_400, 1_496_282_400.9999, -2_208_988_800, -12_212_553_600,
            -12_212_553_600.5, -62_135_596_801, 253_402_300_799.9, 253_402_300_800, 1e11,
        ]
        for seconds in instants {
            var t = transfer(state: .completed(at: Date(timeIntervalSince1970: seconds)))
            t.log = [LogEntry(at: Date(timeIntervalSince1970: seconds), actor: .system, operation: "x", from: nil, to: nil, note: nil, person: nil)]
            let body = TransferBody(t, allowedOperations: [])
            #expect(written(body) == (try encoded(body)), "at \(seconds)")
        }
        // A ten-millionth of a second before a whole second: Foundation rounds the seconds
        // since 2001 a `Date` holds, where the seconds since 1970 would already be the next one.
        for whole in [600_000_000.0, 0, -86_400, 1_000_000_000, 2_000_000_000] {
            let date = Date(timeIntervalSinceReferenceDate: whole.nextDown)
            var t = transfer(state: .completed(at: date))
            t.log = []
            let body = TransferBody(t, allowedOperations: [])
            #expect(written(body) == (try encoded(body)), "just before \(whole) since 2001")
        }
        // A day of every month over four centuries' leap years.
        for day in stride(from: -150_000, to: 150_000, by: 97) {
            let body = TransferBody(transfer(state: .completed(at: Date(timeIntervalSince1970: Double(day) * 86_400 + 45_296.5))), allowedOperations: [])
            let text = written(body)
            guard text == (try encoded(body)) else {
                Issue.record("day \(day): \(text.suffix(200))")
                return
            }
        }
    }

    /// The queue's body as the API wrote it through `JSONEncoder`.
    private struct QueueResponse: Encodable {
        let counts: QueueCounts
        let items: [TransferSummary]
    }

    @Test func listsOfTransfersAreWhatJSONEncoderWrote() throws {
        var summaries: [TransferSummary] = []
        for (n, text) in ["张三", Self.awkward, ""].enumerated() {
            for holder in [nil, OrganizationID("JF")] {
                for expires in [nil, Self.start.addingTimeInterval(86_400 * 15 + 0.999)] {
                    for destination in [nil, OrganizationID("Q\"B")] {
                        summaries.append(
                            TransferSummary(
                                id: "t/\(n)", memberName: text, memberIDNumber: "37011119621019441X", type: text, state: "pending",
                                holder: holder, expiresAt: expires, overdue: expires == nil, createdAt: Self.start, source: OrganizationID(text),
                                destination: destination, version: n * 1000 - 1))
                    }
                }
            }
        }
        for list in [[], Array(summaries.prefix(1)), summaries] {
            #expect(String(decoding: JSONBytes.summaries(list), as: UTF8.self) == String(decoding: try APIRoutes.encoder.encode(list), as: UTF8.self))
            for counts in [QueueCounts(own: 0, subordinates: 0), QueueCounts(own: 3, subordinates: -1)] {
                #expect(
                    String(decoding: JSONBytes.queue(counts: counts, items: list), as: UTF8.self)
                        == String(decoding: try APIRoutes.encoder.encode(QueueResponse(counts: counts, items: list)), as: UTF8.self))
            }
        }
    }
}
