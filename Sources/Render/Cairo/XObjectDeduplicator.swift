import Foundation

/// Passes cairo's PDF output on, removing the repeated entries cairo 1.16 writes into a page's
/// `/XObject` resource dictionary when one image (the seal) is painted more than once on the
/// page: `/XObject << /x9 9 0 R /x9 9 0 R >>` is a dictionary with a duplicated key, which
/// `qpdf --check` and archival validators reject. Each repeat is overwritten with spaces, so
/// that every byte offset cairo counted for the cross-reference table stays right. Our own filter:
/// no PDF library in the mirror rewrites a stream as cairo produces it.
final class XObjectDeduplicator {
    private static let marker = Array("/XObject <<".utf8)
    private static let close = Array(">>".utf8)
    /// A resource dictionary is a few hundred bytes; past this, the marker was not one.
    private static let longest = 64 * 1024

    private var pending: [UInt8] = []
    private let out: (UnsafeBufferPointer<UInt8>) -> Void

    /// A filter handing what it passes on to `out`, in order (the bytes are valid only during
    /// the call).
    init(_ out: @escaping (UnsafeBufferPointer<UInt8>) -> Void) {
        self.out = out
    }

    /// Takes the next bytes cairo wrote.
    func write(_ bytes: UnsafeBufferPointer<UInt8>) {
        if pending.isEmpty, ByteSearch.first(Self.marker, in: bytes) == nil, !Self.endsWithPrefix(bytes) {
            out(bytes)  // the common case: nothing to hold back
            return
        }
        pending.append(contentsOf: bytes)
        drain()
    }

    /// Passes on whatever is still held.
    func finish() {
        if !pending.isEmpty { pending.withUnsafeBufferPointer(out) }
        pending = []
    }

    private func drain() {
        while true {
            guard let start = pending.withUnsafeBufferPointer({ ByteSearch.first(Self.marker, in: $0) }) else {
                // Hold back only what could be the beginning of a marker.
                let keep = pending.withUnsafeBufferPointer { Self.endsWithPrefix($0) } ? Self.marker.count - 1 : 0
                let passed = pending.count - min(keep, pending.count)
                if passed > 0 {
                    pass(0..<passed)
                    pending.removeFirst(passed)
                }
                return
            }
            let body = start + Self.marker.count
            let end = pending.withUnsafeBufferPointer { ByteSearch.first(Self.close, in: UnsafeBufferPointer(rebasing: $0[body...])) }.map { $0 + body }
            guard let end else {
                if pending.count - start > Self.longest {
                    pass(0..<body)
                    pending.removeFirst(body)
                    continue
                }
                if start > 0 {
                    pass(0..<start)
                    pending.removeFirst(start)
                }
                return
            }
            Self.deduplicate(&pending, body..<end)
            pass(0..<(end + Self.close.count))
            pending.removeFirst(end + Self.close.count)
        }
    }

    private func pass(_ range: Range<Int>) {
        pending.withUnsafeBufferPointer { out(UnsafeBufferPointer(rebasing: $0[range])) }
    }

    /// Entries `/name n g R` of the dictionary in `range`, each name kept once and the rest
    /// blanked; a dictionary of any other shape is left as it is.
    static func deduplicate(_ bytes: inout [UInt8], _ range: Range<Int>) {
        let tokens = String(decoding: bytes[range], as: UTF8.self).split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\r" })
        guard tokens.count % 4 == 0 else { return }
        var seen = Set<Substring>()
        var kept: [String] = []
        for i in stride(from: 0, to: tokens.count, by: 4) {
            guard tokens[i].hasPrefix("/"), tokens[i + 3] == "R", Int(tokens[i + 1]) != nil, Int(tokens[i + 2]) != nil else { return }
            if seen.insert(tokens[i]).inserted { kept.append(tokens[i..<(i + 4)].joined(separator: " ")) }
        }
        guard kept.count < tokens.count / 4 else { return }
        let text = Array((" " + kept.joined(separator: " ")).utf8)
        guard text.count <= range.count else { return }
        bytes.replaceSubrange(range, with: text + Array(repeating: UInt8(ascii: " "), count: range.count - text.count))
    }

    /// Whether the bytes end with a proper beginning of the marker (`/`, `/X`, … `/XObject <`).
    private static func endsWithPrefix(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        for length in stride(from: min(marker.count - 1, bytes.count), through: 1, by: -1) {
            if zip(bytes[(bytes.count - length)...], marker[0..<length]).allSatisfy({ $0 == $1 }) { return true }
        }
        return false
    }
}
