import Foundation
import Hummingbird

/// A stored letter served as it was issued: never re-rendered, with an ETag from its SHA-256
/// (304 when the client has it) and a file name of its number and the member's name, encoded
/// per RFC 6266 / 5987 so that Chinese names survive every browser.
enum LetterDownload {
    static func response(pdf: Data, sha256: String, number: String, memberName: String, receipt: Bool,
                         ifNoneMatch: String?) -> Response {
        let etag = "\"\(sha256)\""
        var headers: HTTPFields = [.eTag: etag, .cacheControl: "private, max-age=0, must-revalidate"]
        if let ifNoneMatch, ifNoneMatch.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == etag }) {
            return Response(status: .notModified, headers: headers)
        }
        let name = "介绍信-第\(number)号-\(memberName)\(receipt ? "-回执" : "").pdf"
        let encoded = name.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(.init(charactersIn: "-._~"))) ?? "letter.pdf"
        headers[.contentType] = "application/pdf"
        headers[.contentDisposition] = "inline; filename=\"letter-\(number)\(receipt ? "-receipt" : "").pdf\"; filename*=UTF-8''\(encoded)"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: pdf)))
    }
}
