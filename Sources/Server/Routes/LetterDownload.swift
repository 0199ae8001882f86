import Foundation
import Hummingbird

/// A letter PDF as a download: an ETag from its SHA-256 (304 when the client has it) and a
/// file name of its number and the member's name, encoded per RFC 6266 / 5987 so that
/// Chinese names survive every browser, with a plain ASCII fallback for old clients.
enum LetterDownload {
    /// RFC 3986's unreserved characters: Foundation's `.alphanumerics` would let Chinese through.
    static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    static func response(pdf: Data, sha256: String, fileName: String, asciiName: String, ifNoneMatch: String?) -> Response {
        let etag = "\"\(sha256)\""
        var headers: HTTPFields = [.eTag: etag, .cacheControl: "private, max-age=0, must-revalidate"]
        if let ifNoneMatch, ifNoneMatch.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == etag }) {
            return Response(status: .notModified, headers: headers)
        }
        let encoded = (fileName + ".pdf").addingPercentEncoding(withAllowedCharacters: unreserved) ?? "letter.pdf"
        let ascii = asciiName.filter { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }
        headers[.contentType] = "application/pdf"
        headers[.contentDisposition] = "inline; filename=\"\(ascii).pdf\"; filename*=UTF-8''\(encoded)"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: pdf)))
    }
}
