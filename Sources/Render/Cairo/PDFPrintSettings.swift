import CNumberPrint
import Foundation

/// Random access to a finished PDF's bytes, so the same update works in memory and on disk.
protocol PDFByteStore {
    var count: Int { get throws }
    func read(_ range: Range<Int>) throws -> Data
    mutating func append(_ data: Data) throws
}

/// A PDF in memory.
struct MemoryPDF: PDFByteStore {
    var data: Data
    var count: Int { data.count }
    func read(_ range: Range<Int>) -> Data { data.subdata(in: range.clamped(to: 0..<data.count)) }
    mutating func append(_ more: Data) { data.append(more) }
}

/// A PDF on disk.
struct FilePDF: PDFByteStore {
    let handle: FileHandle
    var count: Int { get throws { Int(try handle.seekToEnd()) } }
    func read(_ range: Range<Int>) throws -> Data {
        try handle.seek(toOffset: UInt64(range.lowerBound))
        return try handle.read(upToCount: range.count) ?? Data()
    }
    func append(_ data: Data) throws {
        try handle.seekToEnd()
        try handle.write(contentsOf: data)
    }
}

/// Says in the PDF itself that it is exactly A4 and must print at 100 %: the page tree gets a
/// CropBox equal to the MediaBox, and the catalog `/ViewerPreferences << /PrintScaling /None >>`,
/// so that a browser's PDF viewer does not shrink the letter off its blanks. cairo 1.16 writes
/// neither, so both are added as an incremental update (the file's original bytes stay as
/// they are, and the update is the same for the same input).
enum PDFPrintSettings {
    static func apply(to store: inout some PDFByteStore, mediaBox: [Double]) throws(RenderError) {
        do {
            let size = try store.count
            // Searched as bytes (`ByteSearch`): Foundation's `range(of:)` on text was most of
            // this update's cost, itself 3 % of a letter's render.
            let tail = [UInt8](try store.read(max(0, size - 1024)..<size))
            guard let trailerStart = lastRange(of: "trailer", in: tail),
                let startxref = lastRange(of: "startxref", in: tail),
                trailerStart.upperBound <= startxref.lowerBound
            else { throw Malformed() }
            let trailer = String(decoding: tail[trailerStart.upperBound..<startxref.lowerBound], as: UTF8.self)
            let xrefLine = tail[startxref.upperBound...].split(whereSeparator: { $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }).first
            guard let xref = xrefLine.flatMap({ Int(String(decoding: $0, as: UTF8.self)) }),
                let root = reference("/Root", in: trailer), let sizeEntry = integer("/Size", in: trailer)
            else {
                throw Malformed()
            }
            let catalog = try object(root, xref: xref, in: store)
            guard let pages = reference("/Pages", in: catalog) else { throw Malformed() }
            let pageTree = try object(pages, xref: xref, in: store)

            let box = mediaBox.map(twoDecimals).joined(separator: " ")
            let updates = [
                (root, insert("/ViewerPreferences << /PrintScaling /None >>", into: catalog)),
                (pages, insert("/CropBox [ \(box) ]", into: pageTree)),
            ].sorted { $0.0 < $1.0 }

            var text = "\n"
            var offsets: [(Int, Int)] = []
            for (number, dictionary) in updates {
                offsets.append((number, size + text.utf8.count))
                text += "\(number) 0 obj\n\(dictionary)\nendobj\n"
            }
            let newXref = size + text.utf8.count
            text += "xref\n0 1\n0000000000 65535 f \n"
            for (number, offset) in offsets {
                let digits = String(offset)
                text += "\(number) 1\n" + String(repeating: "0", count: max(0, 10 - digits.count)) + digits + " 00000 n \n"
            }
            let info = reference("/Info", in: trailer).map { " /Info \($0) 0 R" } ?? ""
            text += "trailer\n<< /Size \(sizeEntry) /Root \(root) 0 R\(info) /Prev \(xref) >>\nstartxref\n\(newXref)\n%%EOF\n"
            try store.append(Data(text.utf8))
        } catch let error as RenderError {
            throw error
        } catch {
            throw RenderError(code: .io, message: "无法为 PDF 写入打印设置（A4、100% 打印）", cause: error as? Malformed)
        }
    }

    struct Malformed: Error {}

    /// The dictionary of object `number`, found through the classic xref table cairo writes.
    private static func object(_ number: Int, xref: Int, in store: some PDFByteStore) throws -> String {
        // Offsets and numbers as the file states them: checked before any arithmetic or seek,
        // so that a damaged file is an error, never a trap.
        let size = try store.count
        guard (0..<size).contains(xref), (0..<1_000_000).contains(number) else { throw Malformed() }
        let header = String(decoding: try store.read(xref..<(xref + 64)), as: UTF8.self)
        let lines = header.split(separator: "\n", maxSplits: 2, omittingEmptySubsequences: false)
        guard lines.count == 3, lines[0].hasPrefix("xref") else { throw Malformed() }
        let firstEntry = xref + lines[0].utf8.count + 1 + lines[1].utf8.count + 1
        let entry = String(decoding: try store.read((firstEntry + 20 * number)..<(firstEntry + 20 * number + 20)), as: UTF8.self)
        guard let offset = Int(entry.prefix(10)), (0..<size).contains(offset) else { throw Malformed() }
        // An object ends at "endobj"; the page tree of a big batch is long, so read on, in
        // growing chunks (a letter's catalog is a hundred bytes: reading 64 kB of the PDF for it
        // and decoding them as text was a tenth of a letter's render).
        var text: [UInt8] = []
        var position = offset
        var chunkSize = 1_024
        while true {
            let chunk = try store.read(position..<(position + chunkSize))
            chunkSize = min(chunkSize * 4, 65_536)
            guard !chunk.isEmpty else { throw Malformed() }
            text += chunk
            position += chunk.count
            if let end = firstRange(of: "endobj", in: text) {
                guard let open = firstRange(of: "<<", in: text), let close = lastRange(of: ">>", in: text, before: end.lowerBound),
                    open.lowerBound < close.upperBound
                else {
                    throw Malformed()
                }
                return String(decoding: text[open.lowerBound..<close.upperBound], as: UTF8.self)
            }
        }
    }

    /// `value` as `String(format: "%.2f")` prints it (the same bytes: glibc's rounding of the
    /// exact binary value), without `String(format:)`'s boxing of its arguments, which cost
    /// as much as the rest of this update.
    static func twoDecimals(_ value: Double) -> String {
        var buffer = [CChar](repeating: 0, count: 64)
        let length = letters_format_fixed(&buffer, buffer.count, 2, value)
        guard length >= 0 else { return String(format: "%.2f", value) }
        return String(decoding: buffer[0..<Int(length)].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Where `needle` first occurs in `bytes`.
    private static func firstRange(of needle: String, in bytes: [UInt8]) -> Range<Int>? {
        let pattern = Array(needle.utf8)
        return bytes.withUnsafeBufferPointer { ByteSearch.first(pattern, in: $0) }.map { $0..<($0 + pattern.count) }
    }

    /// Where `needle` last occurs in `bytes`, ending at or before `end`.
    private static func lastRange(of needle: String, in bytes: [UInt8], before end: Int? = nil) -> Range<Int>? {
        let pattern = Array(needle.utf8)
        return bytes.withUnsafeBufferPointer { ByteSearch.last(pattern, in: $0, endingBy: end ?? bytes.count) }.map { $0..<($0 + pattern.count) }
    }

    private static func insert(_ entry: String, into dictionary: String) -> String {
        String(dictionary.dropLast(2)) + "   \(entry)\n>>"
    }

    private static func reference(_ key: String, in text: String) -> Int? {
        let bytes = Array(text.utf8)
        guard let range = firstRange(of: key + " ", in: bytes) else { return nil }
        return Int(String(decoding: bytes[range.upperBound...].prefix { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }, as: UTF8.self))
    }

    private static func integer(_ key: String, in text: String) -> Int? { reference(key, in: text) }
}
