import Foundation
import Hummingbird
import NIOCore
import Workflow

/// Decodes JSON request bodies, answering a body that does not fit the request's shape the way
/// the rest of the API answers: `malformed-json`, the field it concerns (`member`,
/// `printer.offsetX`) and the rule in words. Hummingbird's own decoder answers in English
/// without a field, which leaves the administrator guessing which box was wrong.
public struct APIRequestDecoder: RequestDecoder {
    /// A decoder; it holds nothing.
    public init() {}

    /// The body as `T`, or an ``APIError`` naming the field and the rule.
    public func decode<T: Decodable>(_ type: T.Type, from request: Request, context: some RequestContext) async throws -> T {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: Limits.jsonBody)
        } catch is NIOTooManyBytesError {
            throw APIError(.contentTooLarge, code: "too-large", message: "请求体超过 \(Limits.jsonBody / 1024) KB 的上限，未保存")
        }
        let value: T
        do {
            value = try JSONDecoder().decode(T.self, from: buffer)
        } catch let error as DecodingError {
            throw Self.error(error)
        }
        // Every string of every body is bounded here, before any route stores or logs it;
        // the service checks the tighter limits of the fields it knows.
        if let tree = try? JSONSerialization.jsonObject(with: Data(buffer.readableBytesView), options: [.fragmentsAllowed]) {
            try Self.checkLengths(tree, path: "")
        }
        return value
    }

    /// A 400 naming the first string in `value` longer than `Limits.freeText`.
    static func checkLengths(_ value: Any, path: String) throws(APIError) {
        switch value {
        case let text as String where text.unicodeScalars.count > Limits.freeText:
            let field = path.isEmpty ? "请求体" : path
            throw APIError(.badRequest, code: "invalid", message: "\(field) [length]: \(field) 最多 \(Limits.freeText) 个字", field: path.isEmpty ? nil : path)
        case let object as [String: Any]:
            for (key, item) in object { try checkLengths(item, path: path.isEmpty ? key : path + "." + key) }
        case let array as [Any]:
            for (i, item) in array.enumerated() { try checkLengths(item, path: path + "[\(i)]") }
        default: break
        }
    }

    /// The API's error for a decoding failure.
    static func error(_ error: DecodingError) -> APIError {
        func name(_ path: [any CodingKey]) -> String {
            path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
                .replacingOccurrences(of: ".[", with: "[")
        }
        switch error {
        case .keyNotFound(let key, let context):
            let field = name(context.codingPath + [key])
            return malformed("\(field) [required]: 缺少必填字段 \(field)", field: field)
        case .valueNotFound(_, let context):
            let field = name(context.codingPath)
            return malformed("\(field) [required]: \(field) 不能为 null", field: field)
        case .typeMismatch(let expected, let context):
            let field = name(context.codingPath)
            let what = field.isEmpty ? "请求体" : field
            return malformed("\(what) [type]: \(what) 应为\(description(of: expected))", field: field.isEmpty ? nil : field)
        case .dataCorrupted(let context) where !context.codingPath.isEmpty:
            // A value of the right JSON type that its Swift type refuses: an enum's unknown case.
            let field = name(context.codingPath)
            return malformed("\(field) [allowed-values]: \(field) 的值无效或不在允许的取值之中", field: field)
        case .dataCorrupted:
            return malformed("请求体不是有效的 JSON（检查引号、逗号和括号是否成对）", field: nil)
        @unknown default:
            return malformed("请求体不是符合约定的 JSON", field: nil)
        }
    }

    private static func malformed(_ message: String, field: String?) -> APIError {
        APIError(.badRequest, code: "malformed-json", message: message, field: field)
    }

    /// The JSON type a Swift type is written as, in words.
    private static func description(of type: Any.Type) -> String {
        switch type {
        case is String.Type: "字符串"
        case is Int.Type, is Int64.Type, is Int32.Type: "整数"
        case is Double.Type, is Float.Type: "数字"
        case is Bool.Type: "true 或 false"
        default:
            switch String(describing: type) {
            case let name where name.hasPrefix("Array"): "数组（[…]）"
            case let name where name.hasPrefix("Dictionary"): "对象（{…}）"
            default: "JSON 对象或值"
            }
        }
    }
}
