import Mustache

/// How the pages' values are escaped: the five characters Mustache's HTML content type escapes,
/// the same way, but over the text's UTF-8 bytes, and without a copy when there is nothing to
/// escape. Mustache's own walks the text grapheme by grapheme with a dictionary lookup for each
/// (6.5 % of the server's time under the mixed load, BENCHMARKS.md, issue 17); its content
/// types are the extension point it offers for this.
struct PageHTMLEscaping: MustacheContentType {
    /// The name the templates select it by (`{{% CONTENT_TYPE: … }}`).
    static let name = "LETTERS_HTML"

    /// The directive that begins every page template.
    static let directive = "{{% CONTENT_TYPE: \(name) }}"

    /// Registers it with Mustache (once is enough; again is harmless).
    static func register() {
        MustacheContentTypes.register(PageHTMLEscaping(), named: name)
    }

    func escapeText(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes -> String? in
            guard bytes.contains(where: Self.needsEscape) else { return nil }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + 32)
            for byte in bytes {
                switch byte {
                case UInt8(ascii: "<"): out.append(contentsOf: "&lt;".utf8)
                case UInt8(ascii: ">"): out.append(contentsOf: "&gt;".utf8)
                case UInt8(ascii: "&"): out.append(contentsOf: "&amp;".utf8)
                case UInt8(ascii: "\""): out.append(contentsOf: "&quot;".utf8)
                case UInt8(ascii: "'"): out.append(contentsOf: "&#39;".utf8)
                default: out.append(byte)
                }
            }
            return String(decoding: out, as: UTF8.self)
        } ?? text
    }

    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "&") || byte == UInt8(ascii: "\"")
            || byte == UInt8(ascii: "'")
    }
}
