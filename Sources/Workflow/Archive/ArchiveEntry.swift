import Crypto
import Foundation

/// One link of the archive's hash chain: a stored letter (or returned receipt) with the hash of
/// the entry before it. Changing, removing or reordering any entry, or the document it names,
/// breaks every hash after it.
public struct ArchiveEntry: Sendable, Hashable, Codable {
    /// Position in the chain, from 1, without gaps.
    public var seq: Int
    /// The transfer.
    public var transferID: String
    /// The letter's index among the transfer's hops, from 0.
    public var hop: Int
    /// `letter` (the issued three-part PDF) or `receipt` (part 3 as returned).
    public var kind: Kind
    /// The letter number.
    public var number: String
    /// SHA-256 of the stored PDF, hex.
    public var sha256: String
    /// When it was stored, seconds since 1970 (UTC).
    public var at: Int64
    /// The previous entry's hash (64 zeros before the first).
    public var previousHash: String

    /// What an entry names.
    public enum Kind: String, Sendable, Codable {
        /// The issued letter.
        case letter
        /// The returned receipt.
        case receipt
    }

    /// The hash before the first entry.
    public static let genesis = String(repeating: "0", count: 64)

    /// The text that is hashed: the fields joined by `|`, in this order. Written out in the
    /// export's README so that anyone can recompute it with `sha256sum`.
    public var canonicalText: String {
        "\(seq)|\(transferID)|\(hop)|\(kind.rawValue)|\(number)|\(sha256)|\(at)|\(previousHash)"
    }

    /// SHA-256 of ``canonicalText``, hex.
    public var hash: String { Self.hex(SHA256.hash(data: Data(canonicalText.utf8))) }

    /// Lower-case hex of a digest.
    public static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(64)
        for b in digest {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
