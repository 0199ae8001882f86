import Foundation
import Hummingbird
import Workflow

extension AuditQuery {
    /// The largest page the API and the audit page give at once.

    /// The query a request's parameters ask for (`account`, `action`, `target`, `from` and
    /// `until` as China days `YYYY-MM-DD`, `before`, `limit`), or an error naming the parameter (400; 422 for
    /// a period that ends before it starts).
    /// The same words for the API and the page, so that an export link reads like the page.
    /// A form sends its empty boxes as `name=`: for the page (`form: true`) an empty value means
    /// no filter; the API takes it as given, and an empty day or number is malformed.
    init(_ request: Request, form: Bool = false, defaultLimit: Int = 200) throws(APIError) {
        let parameters = request.uri.queryParameters
        func text(_ name: String) throws(APIError) -> String? {
            guard let value = parameters[Substring(name)].map(String.init), !(form && value.isEmpty) else { return nil }
            guard value.unicodeScalars.count <= 200 else {
                throw APIError(.badRequest, code: "invalid", message: "\(name) 最多 200 个字符", field: name)
            }
            return value
        }
        func day(_ name: String) throws(APIError) -> Date? {
            guard let value = try text(name) else { return nil }
            return try ChinaDay.parse(value, field: name)
        }
        func number(_ name: String, in range: ClosedRange<Int64>) throws(APIError) -> Int64? {
            guard let value = try text(name) else { return nil }
            return try IntegerParameter.parse(Substring(value), name: name, in: range)
        }
        self.init(
            account: try text("account"), action: try text("action"), target: try text("target"),
            from: try day("from"), until: try day("until"), before: try number("before", in: 1...Int64.max),
            limit: Int(try number("limit", in: 1...Int64(Self.pageLimit)) ?? Int64(defaultLimit)))
        if let from, let until, from > until {
            // Two valid dates in the wrong order: a rule, not a malformed request (as in statistics).
            throw APIError(.unprocessableContent, code: "invalid", message: "from 不能晚于 until（两天都包含在内）", field: "until")
        }
    }
}
