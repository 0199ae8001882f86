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
        let month = shape ? Int(text.dropFirst(5).prefix(2)) ?? 0 : 0, day = shape ? Int(text.suffix(2)) ?? 0 : 0
        guard shape, (1...12).contains(month), (1...31).contains(day) else { return .malformed }
        // A formatter per call: DateFormatter is not safe to share between threads.
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.calendar = Calendar(identifier: .gregorian)
        formatter.timeZone = TimeZone(secondsFromGMT: 8 * 3600)
        formatter.dateFormat = "yyyy-MM-dd"
        guard let date = formatter.date(from: text), formatter.string(from: date) == text else { return .notOnCalendar }
        return .day(date)
    }
}
