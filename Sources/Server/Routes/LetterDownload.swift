import Foundation
import Hummingbird

/// A letter PDF as a download: an ETag from its SHA-256 (304 when the client has it) and a
/// file name of its number and the member's name, encoded per RFC 6266 / 5987 so that
/// Chinese names survive every browser, with a plain ASCII fallback for old clients.
enum LetterDownload {
    /// RFC 5987 percent-encoding of UTF-8 (only RFC 3986's unreserved characters stay), by hand:
    /// Foundation's CharacterSet lookups cost more than the rest of a cached download together,
    /// and its `.alphanumerics` would let Chinese through unencoded.
    static func percentEncoded(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count * 3)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.append(byte)
            default:
                out += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func response(pdf: Data, sha256: String, fileName: String, asciiName: String, ifNoneMatch: String?) -> Response {
        response(pdf: ByteBuffer(bytes: pdf), sha256: sha256, fileName: fileName, asciiName: asciiName, ifNoneMatch: ifNoneMatch)
    }

    /// An ASCII letter or digit, `-`, `_` or `.`: what the plain `filename` keeps of a name.
    private static func isPlainFileNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."):
            true
        default: false
        }
    }

    static func response(pdf: ByteBuffer, sha256: String, fileName: String, asciiName: String, ifNoneMatch: String?) -> Response {
        let etag = "\"\(sha256)\""
        var headers: HTTPFields = [.eTag: etag, .cacheControl: "private, max-age=0, must-revalidate"]
        if let ifNoneMatch, ifNoneMatch.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == etag }) {
            return Response(status: .notModified, headers: headers)
        }
        let encoded = percentEncoded(fileName + ".pdf")
        // Over bytes: `Character`'s `isLetter` asks Unicode's property tables for every one.
        let ascii = String(decoding: asciiName.utf8.filter(Self.isPlainFileNameByte), as: UTF8.self)
        headers[.contentType] = "application/pdf"
        headers[.contentDisposition] = "inline; filename=\"\(ascii).pdf\"; filename*=UTF-8''\(encoded)"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: pdf))
    }
}
