import Foundation
import Testing

/// Checks an API answer against `openapi.json`: the operation is found by method and path (a
/// `{name}` segment matches any one segment), the response by status code, and a JSON body is
/// checked against its schema. No package in the mirror validates JSON Schema, so this reads
/// the subset the document uses — `type`, `$ref`, `properties`, `required`,
/// `additionalProperties`, `items`, `enum`, `format: date-time`, `minLength`/`maxLength`,
/// `pattern`, `minimum`/`maximum`, `minItems` — and says of anything else that it is unchecked.
public final class OpenAPIConformance: @unchecked Sendable {
    /// The project's document.
    public static let shared = OpenAPIConformance(
        document: (try? JSONSerialization.jsonObject(with: Data(contentsOf: packageRoot.appendingPathComponent("openapi.json")))) as? [String: Any] ?? [:])

    private let paths: [(segments: [String], operations: [String: Any])]
    // Immutable after `init`: read by concurrent tests, never written.
    private let schemas: [String: Any]

    init(document: [String: Any]) {
        schemas = (document["components"] as? [String: Any])?["schemas"] as? [String: Any] ?? [:]
        paths = ((document["paths"] as? [String: Any]) ?? [:]).map { (path, ops) in
            (path.split(separator: "/").map(String.init), ops as? [String: Any] ?? [:])
        }
    }

    /// What is wrong with the answer `status`/`body` (of content type `contentType`) to
    /// `method` `uri`, in words; empty when it conforms or the document says nothing of it.
    public func problems(method: String, uri: String, status: Int, contentType: String?, body: Data) -> [String] {
        let path = String(uri.split(separator: "?", maxSplits: 1).first ?? "")
        guard path.hasPrefix("/api/") else { return [] }
        let segments = path.split(separator: "/").map(String.init)
        let candidates = paths.filter { p in
            p.segments.count == segments.count
                && zip(p.segments, segments).allSatisfy { spec, actual in spec.hasPrefix("{") || spec == actual.removingPercentEncoding ?? actual }
        }
        // A literal segment wins over a parameter (`/api/transfers/incoming` over `/{id}`).
        guard let match = candidates.max(by: { a, b in a.segments.filter { !$0.hasPrefix("{") }.count < b.segments.filter { !$0.hasPrefix("{") }.count }),
            let operation = match.operations[method.lowercased()] as? [String: Any]
        else { return [] }
        let place = "\(method) \(match.segments.joined(separator: "/")) → \(status)"
        let responses = operation["responses"] as? [String: Any] ?? [:]
        guard let response = (responses[String(status)] ?? responses["default"]) as? [String: Any] else {
            return ["\(place): the document lists no \(status) answer (it lists \(responses.keys.sorted().joined(separator: ", ")))"]
        }
        guard let content = response["content"] as? [String: Any], let type = contentType, type.contains("json") else { return [] }
        guard let schema = (content["application/json"] as? [String: Any])?["schema"] else {
            return ["\(place): a JSON body the document does not describe"]
        }
        guard let value = try? JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed]) else {
            return ["\(place): the body is not JSON"]
        }
        var found: [String] = []
        check(value, against: schema, at: "$", into: &found)
        return found.map { "\(place): \($0)" }
    }

    private func resolve(_ schema: Any) -> [String: Any] {
        guard var s = schema as? [String: Any] else { return [:] }
        while let ref = s["$ref"] as? String, let name = ref.split(separator: "/").last, let target = schemas[String(name)] as? [String: Any] { s = target }
        return s
    }

    private func check(_ value: Any, against raw: Any, at path: String, into found: inout [String]) {
        let schema = resolve(raw)
        if let options = schema["enum"] as? [Any] {
            let text = Self.canonical(value)
            if !options.contains(where: { Self.canonical($0) == text }) { found.append("\(path): \(text) is not one of \(options.map(Self.canonical))") }
            return
        }
        let types: [String] = (schema["type"] as? String).map { [$0] } ?? (schema["type"] as? [String]) ?? []
        if !types.isEmpty, !types.contains(where: { Self.has(value, type: $0) }) {
            found.append("\(path): \(Self.canonical(value).prefix(60)) is not \(types.joined(separator: " or "))")
            return
        }
        switch value {
        case let object as [String: Any]:
            let properties = schema["properties"] as? [String: Any] ?? [:]
            for name in schema["required"] as? [String] ?? [] where object[name] == nil { found.append("\(path): required \(name) is missing") }
            for (name, member) in object {
                if let spec = properties[name] {
                    check(member, against: spec, at: "\(path).\(name)", into: &found)
                } else if let extra = schema["additionalProperties"] {
                    if let allowed = extra as? Bool {
                        if !allowed { found.append("\(path): \(name) is not in the document") }
                    } else {
                        check(member, against: extra, at: "\(path).\(name)", into: &found)
                    }
                }
            }
        case let array as [Any]:
            if let min = schema["minItems"] as? Int, array.count < min { found.append("\(path): fewer than \(min) items") }
            if let items = schema["items"] {
                for (i, item) in array.enumerated() { check(item, against: items, at: "\(path)[\(i)]", into: &found) }
            }
        case let text as String:
            if let min = schema["minLength"] as? Int, text.count < min { found.append("\(path): shorter than \(min)") }
            if let max = schema["maxLength"] as? Int, text.count > max { found.append("\(path): longer than \(max)") }
            if schema["format"] as? String == "date-time", ISO8601DateFormatter().date(from: text) == nil {
                found.append("\(path): “\(text)” is not a date-time")
            }
            if let pattern = schema["pattern"] as? String, text.range(of: pattern, options: .regularExpression) == nil {
                found.append("\(path): “\(text.prefix(40))” does not match \(pattern)")
            }
        case let number as NSNumber:
            if let min = schema["minimum"] as? Double, number.doubleValue < min { found.append("\(path): below \(min)") }
            if let max = schema["maximum"] as? Double, number.doubleValue > max { found.append("\(path): above \(max)") }
        default:
            break
        }
    }

    /// JSONSerialization gives true and false as NSNumbers of type `c`, numbers as others.
    private static func isBoolean(_ n: NSNumber) -> Bool { String(cString: n.objCType) == "c" }

    private static func has(_ value: Any, type: String) -> Bool {
        switch type {
        case "object": return value is [String: Any]
        case "array": return value is [Any]
        case "string": return value is String
        case "boolean": return (value as? NSNumber).map(isBoolean) ?? false
        case "integer":
            guard let n = value as? NSNumber, !isBoolean(n) else { return false }
            return n.doubleValue.rounded() == n.doubleValue
        case "number": return (value as? NSNumber).map { !isBoolean($0) } ?? false
        case "null": return value is NSNull
        default: return true
        }
    }

    private static func canonical(_ value: Any) -> String {
        if let n = value as? NSNumber {
            if isBoolean(n) { return n.boolValue ? "true" : "false" }
            return n.doubleValue.rounded() == n.doubleValue ? String(n.int64Value) : String(n.doubleValue)
        }
        if let s = value as? String { return "\"\(s)\"" }
        return "\(value)"
    }
}
