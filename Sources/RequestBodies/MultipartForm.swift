import Foundation
import MultipartKit
import NIOCore

/// The fields and files of a `multipart/form-data` body, read with multipart-kit's streaming
/// parser (one pass over the body, linear in its size). The boundary is checked first against
/// RFC 2046 (1 to 70 characters from its set): a long boundary is what made a hand-written
/// search quadratic, and the parser itself does not check its length.
public struct MultipartForm: Sendable {
    /// The text fields by name (the first of repeated names wins).
    public private(set) var fields: [String: String] = [:]
    /// The files by field name.
    public private(set) var files: [String: [UInt8]] = [:]
    /// The file names the browser sent, by field name (the extension tells a sheet's format).
    public private(set) var fileNames: [String: String] = [:]

    /// The longest boundary RFC 2046 allows.
    public static let maxBoundary = 70

    /// Why a body could not be read as a form (the module's one error type).
    public typealias Refusal = BodyRefusal

    /// Reads `body`, whose `Content-Type` is `contentType`.
    public init(_ body: ByteBuffer, contentType: String) throws(Refusal) {
        guard let boundary = Self.boundary(contentType) else {
            throw Refusal(message: "上传格式无效：multipart/form-data 的 boundary 缺失或不符合 RFC 2046（1 至 70 个字符）")
        }
        guard Self.headerNamesAreASCII(body, boundary: boundary) else {
            throw Refusal(message: "上传格式无效：分段的头部字段名只能是 ASCII 字符")
        }
        let parser = MultipartParser(boundary: boundary)
        var headers: [(String, String)] = []
        var content = ByteBuffer()
        var parts: [(headers: [(String, String)], body: ByteBuffer)] = []
        parser.onHeader = { headers.append(($0, $1)) }
        parser.onBody = { content.writeBuffer(&$0) }
        parser.onPartComplete = {
            parts.append((headers, content))
            headers = []
            content = ByteBuffer()
        }
        do {
            try parser.execute(body)
        } catch {
            throw Refusal(message: "上传格式无效：无法按 multipart/form-data 读取")
        }
        for part in parts {
            guard let disposition = part.headers.first(where: { $0.0.lowercased() == "content-disposition" })?.1,
                let name = Self.parameter("name", in: disposition)
            else { continue }
            if let fileName = Self.parameter("filename", in: disposition) {
                if files[name] == nil {
                    files[name] = Array(buffer: part.body)
                    // The last path component only (some browsers send the whole path).
                    fileNames[name] = String(fileName.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last ?? "")
                }
            } else if fields[name] == nil {
                fields[name] = String(buffer: part.body)
            }
        }
    }

    /// Whether every header name of every part is ASCII. multipart-kit 4.7.1 looks each byte
    /// of a header name up in a 128-entry table, so a byte of 128 or more traps — the process
    /// ends (found by the `multipart` fuzz target). Its parser starts reading headers right after
    /// a delimiter `--BOUNDARY` that it finds at the start of the body or after a CRLF (boundary
    /// characters exclude CR, so its matching finds every such delimiter); a delimiter anywhere
    /// else is refused here, so that both see the same delimiters. From each, the header lines
    /// up to the blank line are checked: the bytes before a line's first colon (the whole line
    /// without one). Values may be UTF-8 (a Chinese file name). A delimiter inside headers
    /// already checked is a header line to the parser too and is not started again: one pass.
    static func headerNamesAreASCII(_ body: ByteBuffer, boundary: String) -> Bool {
        let delimiter = Array(("--" + boundary).utf8)
        // Knuth–Morris–Pratt: linear however the delimiter repeats itself.
        var failure = [0] + Array(repeating: 0, count: delimiter.count)
        var k = 0
        for q in 1..<delimiter.count {
            while k > 0 && delimiter[q] != delimiter[k] { k = failure[k] }
            if delimiter[q] == delimiter[k] { k += 1 }
            failure[q + 1] = k
        }
        return body.withUnsafeReadableBytes { raw -> Bool in
            let bytes = raw.bindMemory(to: UInt8.self)
            let count = bytes.count
            var matched = 0
            var checkedUpTo = 0
            var position = 0
            while position < count {
                let byte = bytes[position]
                position += 1
                while matched > 0 && byte != delimiter[matched] { matched = failure[matched] }
                if byte == delimiter[matched] { matched += 1 }
                guard matched == delimiter.count else { continue }
                matched = failure[matched]
                let found = position - delimiter.count
                guard found == 0 || (found >= 2 && bytes[found - 2] == 0x0D && bytes[found - 1] == 0x0A) else { return false }
                guard found >= checkedUpTo else { continue }
                var i = found + delimiter.count
                var lineStart = i
                var inName = true
                var lines = 0
                while i < count {
                    let byte = bytes[i]
                    if byte == 0x0A, i > 0, bytes[i - 1] == 0x0D {
                        if i - lineStart == 1 && lines > 0 { break }  // the blank line ends the headers
                        lines += 1
                        lineStart = i + 1
                        inName = true
                    } else if byte == UInt8(ascii: ":") {
                        inName = false
                    } else if inName && byte >= 0x80 {
                        return false
                    }
                    i += 1
                }
                checkedUpTo = i
            }
            return true
        }
    }

    /// The boundary of a `multipart/form-data` content type, if RFC 2046 allows it.
    public static func boundary(_ contentType: String) -> String? {
        guard contentType.lowercased().hasPrefix("multipart/form-data"),
            var value = parameter("boundary", in: contentType)
        else { return nil }
        if value.hasSuffix(" ") { value = String(value.drop { $0 == " " }) }
        let allowed = Set("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'()+_,-./:=? ".utf8)
        guard (1...maxBoundary).contains(value.utf8.count), value.utf8.allSatisfy(allowed.contains), value.last != " " else { return nil }
        return value
    }

    /// A `name=value` or `name="value"` parameter of a header value.
    public static func parameter(_ name: String, in header: String) -> String? {
        for piece in header.split(separator: ";").dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == name else { continue }
            var value = pair[1].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
            return value
        }
        return nil
    }
}
