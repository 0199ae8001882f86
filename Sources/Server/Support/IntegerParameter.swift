import Hummingbird

/// Reads every integer that arrives in a path or a query, so that all of them are refused the
/// same way: only ASCII digits (no sign, no spaces), inside the range the route documents,
/// else a 400 naming the parameter. Swift's `Int(_:)` takes `+5` and `-9223372036854775808`,
/// and arithmetic on such a value before its range check is what stopped the server.
enum IntegerParameter {
    /// `text` as an integer in `range`, or a 400 naming `name`.
    static func parse(_ text: Substring, name: String, in range: ClosedRange<Int64>) throws(APIError) -> Int64 {
        guard !text.isEmpty, text.utf8.count <= 19, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
            let value = Int64(text), range.contains(value)
        else {
            throw APIError(.badRequest, code: "invalid", message: "\(name) 应为 \(range.lowerBound) 到 \(range.upperBound) 之间的整数", field: name)
        }
        return value
    }

    /// The path parameter `name` as an integer in `range`.
    static func path(_ context: some RequestContext, _ name: String, in range: ClosedRange<Int64>) throws -> Int {
        Int(try parse(Substring(try context.parameters.require(name)), name: name, in: range))
    }

    /// The query or form value `text` (absent or empty: `fallback`) as an integer in `range`.
    static func optional(_ text: String?, name: String, in range: ClosedRange<Int64>, fallback: Int) throws(APIError) -> Int {
        guard let text, !text.isEmpty else { return fallback }
        return Int(try parse(Substring(text), name: name, in: range))
    }
}
