/// A month of a year, such as the month up to which party dues are paid.
public struct YearMonth: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The year.
    public let year: Int
    /// The month, 1–12.
    public let month: Int

    /// Creates a month, or nil when the month is not 1–12.
    public init?(year: Int, month: Int) {
        guard (1...9999).contains(year), (1...12).contains(month) else { return nil }
        self.year = year
        self.month = month
    }

    /// Parses `YYYY-MM`.
    public init?(iso text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
            parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }),
            let y = Int(parts[0]), let m = Int(parts[1])
        else { return nil }
        self.init(year: y, month: m)
    }

    /// Months since year 0, for distances between months.
    var ordinal: Int { year * 12 + month - 1 }

    /// How many months `self` lies before `other` (negative when after).
    public func months(until other: YearMonth) -> Int { other.ordinal - ordinal }

    /// `YYYY-MM`.
    public var description: String { "\(year)-\(month < 10 ? "0" : "")\(month)" }

    /// Chronological order.
    public static func < (a: YearMonth, b: YearMonth) -> Bool { a.ordinal < b.ordinal }
}
