import Foundation

/// Bytes found in bytes, for the filter every byte of cairo's output passes
/// (`XObjectDeduplicator`) and for the update that follows it (`PDFPrintSettings`): memchr for
/// the needle's first byte and memcmp for the rest, where a loop over bytes was 2 % of a full
/// transfer's time, and Foundation's `range(of:)` on text (through `NSString`) most of the
/// update's.
enum ByteSearch {
    /// Where `needle` first begins in `haystack`.
    static func first(_ needle: [UInt8], in haystack: UnsafeBufferPointer<UInt8>) -> Int? {
        guard haystack.count >= needle.count, let first = needle.first, let base = haystack.baseAddress else { return nil }
        let last = haystack.count - needle.count
        var i = 0
        while i <= last {
            guard let hit = memchr(base + i, Int32(first), last - i + 1) else { return nil }
            let at = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            if needle.withUnsafeBytes({ memcmp(base + at, $0.baseAddress!, needle.count) }) == 0 { return at }
            i = at + 1
        }
        return nil
    }

    /// Where `needle` last begins in `haystack` ending at or before `end` (a PDF's trailer is
    /// found from its end; the file's last kilobyte is searched).
    static func last(_ needle: [UInt8], in haystack: UnsafeBufferPointer<UInt8>, endingBy end: Int) -> Int? {
        guard let base = haystack.baseAddress, !needle.isEmpty else { return nil }
        let limit = min(end, haystack.count)
        guard limit >= needle.count else { return nil }
        for at in stride(from: limit - needle.count, through: 0, by: -1) where base[at] == needle[0] {
            if needle.withUnsafeBytes({ memcmp(base + at, $0.baseAddress!, needle.count) }) == 0 { return at }
        }
        return nil
    }
}
