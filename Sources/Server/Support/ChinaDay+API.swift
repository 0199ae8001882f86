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
}
