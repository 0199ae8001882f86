import Foundation

/// A day as people type it: `YYYY-MM-DD`, meaning its midnight in China's time (UTC+8). Shared
/// by the API, the pages and the command line, so that all three refuse the same input.
public enum ChinaDay {
    /// What a text turned out to be.
    public enum Parsed: Sendable, Equatable {
        /// Midnight, China time, of the day named.
        case day(Date)
        /// Not `YYYY-MM-DD` with a month 01–12 and a day 01–31.
        case malformed
        /// The right shape, but no such day: `2026-02-31` is not quietly 3 March.
        case notOnCalendar
    }

    /// Reads `text`.
    public static func parse(_ text: String) -> Parsed {
        // The shape the OpenAPI document's pattern gives: outside it the input is malformed,
        // inside it but off the calendar it breaks a rule (the API answers 400 and 422).
        let shape = text.utf8.count == 10 && text.enumerated().allSatisfy { i, c in i == 4 || i == 7 ? c == "-" : c.isASCII && c.isNumber }
        let month = shape ? Int(text.dropFirst(5).prefix(2)) ?? 0 : 0
        let day = shape ? Int(text.suffix(2)) ?? 0 : 0
        guard shape, (1...12).contains(month), (1...31).contains(day) else { return .malformed }
        // Arithmetic rather than a DateFormatter (one per call, as it is not safe to share,
        // cost a statistics page 6 % of its time): the proleptic Gregorian calendar, as ISO 8601.
        let year = Int(text.prefix(4)) ?? 0
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard year >= 1, day <= lengths[month - 1] else { return .notOnCalendar }
        let date = Date(timeIntervalSince1970: TimeInterval(Self.daysSinceEpoch(year: year, month: month, day: day)) * 86_400 - 8 * 3_600)
        return .day(date)
    }

    /// The end of a period whose last day is `day` (its midnight, as ``parse(_:)`` gives it):
    /// the midnight after it. A period people type, 自 A 至 B, includes B — everywhere: lists,
    /// statistics, the audit log and archive exports.
    public static func end(ofLastDay day: Date) -> Date {
        day.addingTimeInterval(86_400)
    }

    /// Midnight in China of 1 January of the year in China that `date` falls in (本年).
    public static func startOfYear(of date: Date) -> Date {
        Date(timeIntervalSince1970: TimeInterval(daysSinceEpoch(year: date.chinaDay.year, month: 1, day: 1)) * 86_400 - 8 * 3_600)
    }

    /// The number of the day in China (UTC+8) that `date` falls on, counted from 1970-01-01 —
    /// the day the statistics' counters are kept by (`(created_at + 28800) / 86400` in SQL).
    public static func daysSinceEpoch(of date: Date) -> Int {
        Int((date.timeIntervalSince1970 + 8 * 3_600) / 86_400)
    }

    /// The day `days` after 1970-01-01 as `YYYY-MM-DD`.
    public static func civil(daysSinceEpoch days: Int) -> String {
        let d = date(daysSinceEpoch: days)
        return padded(d.year, 4) + "-" + padded(d.month, 2) + "-" + padded(d.day, 2)
    }

    /// `n` in decimal, with leading zeros to `width` digits (for dates: no String(format:), which
    /// goes through Foundation's formatter on every call).
    package static func padded(_ n: Int, _ width: Int) -> String {
        let digits = String(n)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    /// The day `days` after 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's
    /// `civil_from_days`).
    package static func date(daysSinceEpoch days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Days from 1970-01-01 to the given day (Howard Hinnant's `days_from_civil`).
    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
