import Hummingbird
import Workflow

extension APIError {
    /// The `:name` path segment, percent-decoded (Hummingbird hands it over as sent), of 1 to
    /// `max` code points; a 400 naming `what` otherwise. Printers and layouts are named so.
    static func pathName(_ context: some RequestContext, max: Int, what: String) throws -> String {
        let raw = try context.parameters.require("name")
        let name = raw.removingPercentEncoding ?? raw
        guard (1...max).contains(name.unicodeScalars.count) else {
            throw APIError(.badRequest, code: "invalid", message: "\(what)应为 1 至 \(max) 个字", field: "name")
        }
        return name
    }
}
