import Foundation

/// The fields of an `application/x-www-form-urlencoded` body. Hummingbird's `URLEncodedFormDecoder`
/// decodes into a fixed `Decodable` type; the pages read a handful of loosely typed fields
/// (and the CSRF check only one), so a plain dictionary is read here. The first value of a
/// repeated field wins.
public struct FormFields: Sendable {
    private var fields: [String: String] = [:]

    /// The fields of `text`.
    public init(_ text: String) {
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map {
                String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            if parts.count == 2, fields[parts[0]] == nil { fields[parts[0]] = parts[1] }
        }
    }

    /// A field's value.
    public subscript(_ name: String) -> String? { fields[name] }

    /// Every field.
    public var all: [String: String] { fields }
}
