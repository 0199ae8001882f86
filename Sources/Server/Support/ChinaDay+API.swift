import Foundation
import Workflow

extension ChinaDay {
    /// The day `text` names, or an error naming `field`: 400 when it is malformed, 422 when it
    /// has the right shape but is not on the calendar.
    static func parse(_ text: String, field: String) throws(APIError) -> Date {
        switch parse(text) {
        case .day(let date):
            return date
        case .malformed:
            throw APIError(.badRequest, code: "invalid", message: "\(field) 应为 YYYY-MM-DD 格式的日期，实为“\(text.prefix(40))”", field: field)
        case .notOnCalendar:
            throw APIError(.unprocessableContent, code: "invalid", message: "\(field)：没有 \(text) 这一天", field: field)
        }
    }

    /// The first and last day, as people type them, of the year in China that `now` falls in:
    /// a statistics period's bounds when none are given (not the server's zone's year: the two
    /// differ for eight hours around New Year).
    static func year(at now: Date) -> (first: String, last: String) {
        let year = now.chinaDay.year
        return ("\(year)-01-01", "\(year)-12-31")
    }
}
