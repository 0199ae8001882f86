import Foundation
import Workflow

/// JSON text written straight into bytes, exactly as the API's `JSONEncoder` writes it (keys
/// in the order `.sortedKeys` gives, dates as `.iso8601` gives them, its escapes, `/` as `\/`).
///
/// Ours rather than Foundation's for the API's transfer, the body read most: `JSONEncoder`
/// boxes every value into a tree, sorts each object's keys and walks the tree again, and that
/// was nine tenths of answering `GET /api/transfers/{id}` (BENCHMARKS.md, issue 17). The
/// mirror has no faster encoder. The writer only writes: the caller gives the keys in sorted
/// order, and a test holds every body it writes to `JSONEncoder`'s bytes.
struct JSONBytes {
    /// The text so far.
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 2048) {
        bytes.reserveCapacity(capacity)
    }

    /// Writes an object; `body` writes its members (`key` then a value), keys in sorted order.
    mutating func object(_ body: (inout JSONBytes) -> Void) {
        bytes.append(UInt8(ascii: "{"))
        body(&self)
        bytes.append(UInt8(ascii: "}"))
    }

    /// Writes an array of `items`, each written by `element`.
    mutating func array<S: Sequence>(_ items: S, _ element: (inout JSONBytes, S.Element) -> Void) {
        bytes.append(UInt8(ascii: "["))
        for item in items {
            separate()
            element(&self, item)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// Writes a member's key; its value comes next.
    mutating func key(_ name: StaticString) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: "\":".utf8)
    }

    /// A comma unless this is an object's or array's first item: what precedes an item is
    /// either the bracket that opened it or the previous value, which never ends in one.
    private mutating func separate() {
        if let last = bytes.last, last != UInt8(ascii: "{") && last != UInt8(ascii: "[") { bytes.append(UInt8(ascii: ",")) }
    }

    /// Writes `text` quoted, escaped as `JSONEncoder` escapes it.
    mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            var start = 0
            for (i, byte) in utf8.enumerated() where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "/") {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<i]))
                start = i + 1
                switch byte {
                case UInt8(ascii: "\""): bytes.append(contentsOf: #"\""#.utf8)
                case UInt8(ascii: "\\"): bytes.append(contentsOf: #"\\"#.utf8)
                case UInt8(ascii: "/"): bytes.append(contentsOf: #"\/"#.utf8)
                case 0x08: bytes.append(contentsOf: #"\b"#.utf8)
                case 0x09: bytes.append(contentsOf: #"\t"#.utf8)
                case 0x0A: bytes.append(contentsOf: #"\n"#.utf8)
                case 0x0C: bytes.append(contentsOf: #"\f"#.utf8)
                case 0x0D: bytes.append(contentsOf: #"\r"#.utf8)
                default:
                    bytes.append(contentsOf: #"\u00"#.utf8)
                    bytes.append(Self.hex[Int(byte >> 4)])
                    bytes.append(Self.hex[Int(byte & 0x0F)])
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private static let hex = Array("0123456789abcdef".utf8)

    /// Writes an integer.
    mutating func int(_ value: Int) {
        bytes.append(contentsOf: String(value).utf8)
    }

    /// Writes `true` or `false`.
    mutating func bool(_ value: Bool) {
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
    }

    /// Writes `date` as `.iso8601` does: UTC, whole seconds rounded down.
    mutating func date(_ date: Date) {
        // Rounded where Foundation's calendar rounds, on the seconds since 2001 a `Date` holds:
        // adding 1970's offset first would round a time a ten-millionth of a second before a
        // whole second up to it.
        let seconds = date.timeIntervalSinceReferenceDate.rounded(.down)
        // Foundation's calendar is Julian before 1582 and writes years past 9999 with more
        // digits; those dates (never a transfer's) go to Foundation, as do NaN and infinities.
        guard seconds >= Self.firstGregorian && seconds < Self.pastYear9999 else {
            string(date.formatted(Date.ISO8601FormatStyle()))
            return
        }
        let total = Int(seconds) + Self.referenceFrom1970
        let days = (total >= 0 ? total : total - 86_399) / 86_400
        let inDay = total - days * 86_400
        let (year, month, day) = ChinaDay.date(daysSinceEpoch: days)
        bytes.append(UInt8(ascii: "\""))
        digits(year, 4)
        bytes.append(UInt8(ascii: "-"))
        digits(month, 2)
        bytes.append(UInt8(ascii: "-"))
        digits(day, 2)
        bytes.append(UInt8(ascii: "T"))
        digits(inDay / 3600, 2)
        bytes.append(UInt8(ascii: ":"))
        digits(inDay / 60 % 60, 2)
        bytes.append(UInt8(ascii: ":"))
        digits(inDay % 60, 2)
        bytes.append(contentsOf: "Z\"".utf8)
    }

    /// 1583-01-01T00:00:00Z, the first whole year of the Gregorian calendar, in seconds since 2001.
    private static let firstGregorian: Double = -13_190_860_800
    /// 10000-01-01T00:00:00Z, in seconds since 2001.
    private static let pastYear9999: Double = 252_423_993_600
    /// 2001-01-01T00:00:00Z in seconds since 1970.
    private static let referenceFrom1970 = 978_307_200

    private mutating func digits(_ value: Int, _ width: Int) {
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }

    /// Writes the member `name` with `value`, none when it is nil (as `encodeIfPresent`).
    mutating func field(_ name: StaticString, _ value: String?) {
        guard let value else { return }
        key(name)
        string(value)
    }

    /// Writes the member `name` with `value`, none when it is nil.
    mutating func field(_ name: StaticString, _ value: Int?) {
        guard let value else { return }
        key(name)
        int(value)
    }

    /// Writes the member `name` with `value`, none when it is nil.
    mutating func field(_ name: StaticString, _ value: Bool?) {
        guard let value else { return }
        key(name)
        bool(value)
    }

    /// Writes the member `name` with `value`, none when it is nil.
    mutating func field(_ name: StaticString, _ value: Date?) {
        guard let value else { return }
        key(name)
        date(value)
    }

    /// Writes the member `name` with an array of strings.
    mutating func field(_ name: StaticString, _ values: [String]) {
        key(name)
        array(values) { $0.string($1) }
    }
}
