import Foundation

/// A day as the API and the pages take it: `YYYY-MM-DD`, meaning its midnight in China's time.
enum ChinaDay {
    /// A formatter per call: DateFormatter is not safe to share between requests.
    private static func formatter() -> DateFormatter {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.calendar = Calendar(identifier: .gregorian)
        f.timeZone = TimeZone(secondsFromGMT: 8 * 3600)
        f.dateFormat = "yyyy-MM-dd"
        return f
    }

    /// The day `text` names, or an error naming `field`: 400 when it is not `YYYY-MM-DD`, 422
    /// when it has that shape but no such day exists (`2026-02-31` is not quietly 3 March).
    static func parse(_ text: String, field: String) throws(APIError) -> Date {
        // The shape the OpenAPI document's pattern gives (month 01–12, day 01–31): outside it the
        // request is malformed (400); inside it but not on the calendar, a rule is broken (422).
        let shape = text.utf8.count == 10 && text.enumerated().allSatisfy { i, c in i == 4 || i == 7 ? c == "-" : c.isASCII && c.isNumber }
        let month = shape ? Int(text.dropFirst(5).prefix(2)) ?? 0 : 0, day = shape ? Int(text.suffix(2)) ?? 0 : 0
        guard shape, (1...12).contains(month), (1...31).contains(day) else {
            throw APIError(.badRequest, code: "invalid", message: "\(field) 应为 YYYY-MM-DD 格式的日期，实为“\(text.prefix(40))”", field: field)
        }
        let formatter = formatter()
        guard let date = formatter.date(from: text), formatter.string(from: date) == text else {
            throw APIError(.unprocessableContent, code: "invalid", message: "\(field)：没有 \(text) 这一天", field: field)
        }
        return date
    }
}
