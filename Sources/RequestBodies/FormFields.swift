import Hummingbird

/// The fields of an `application/x-www-form-urlencoded` body, read by Hummingbird's
/// `URLEncodedFormDecoder` into a dictionary: the pages read a handful of loosely typed fields
/// and check each in the service, so no fixed `Decodable` type per form is declared here. A
/// repeated field, a bracketed (nested) name or a broken percent-escape makes the whole form
/// unreadable, said in words, rather than one value silently winning.
public struct FormFields: Sendable {
    private let fields: [String: String]

    /// The fields of `text`.
    public init(_ text: String) throws(BodyRefusal) {
        do {
            fields = try URLEncodedFormDecoder().decode([String: String].self, from: text)
        } catch {
            throw BodyRefusal(message: "表单无法读取（\(Self.reason(error))）：请刷新页面后重新填写")
        }
    }

    /// The decoder's reason, in the pages' words.
    private static func reason(_ error: any Error) -> String {
        guard let form = error as? URLEncodedFormError else {
            // A nested name (`a[b]=`) reaches the dictionary as a map, not a text.
            let key: String? =
                switch error as? DecodingError {
                case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context): context.codingPath.last?.stringValue
                default: nil
                }
            return "字段名“\(String((key ?? "?").prefix(40)))”不是单个文本字段"
        }
        let name = String(form.value.prefix(40))
        return switch form.code {
        case .duplicateKeys: "字段“\(name)”出现了不止一次"
        case .failedToPercentDecode: "“\(name)”的百分号转义无效"
        default: "字段名“\(name)”不是单个文本字段"
        }
    }

    /// A field's value.
    public subscript(_ name: String) -> String? { fields[name] }

    /// Every field.
    public var all: [String: String] { fields }
}
