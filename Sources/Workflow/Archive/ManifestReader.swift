import Foundation

/// The files of a `manifest.json`, one at a time. The export writes the header on the first
/// line and each file on a line of its own (ManifestFiles), so a manifest of a hundred thousand
/// files is never decoded whole; one in any other shape (re-serialized by some tool) is.
struct ManifestReader {
    /// Everything but the files.
    let head: ArchiveManifest
    /// How many files there are (for progress).
    let count: Int
    private let bytes: Data
    private var offset: Int
    private var whole: IndexingIterator<[ArchiveManifest.File]>?
    private let decoder = JSONDecoder()

    init(_ bytes: Data) throws {
        self.bytes = bytes
        let newline = bytes.firstIndex(of: UInt8(ascii: "\n")) ?? bytes.endIndex
        let first = bytes[bytes.startIndex..<newline]
        let opening = Data(",\"files\":[".utf8)
        if first.count > opening.count, first.suffix(opening.count) == opening,
            let head = try? decoder.decode(ArchiveManifest.self, from: first.prefix(first.count - opening.count) + Data(",\"files\":[]}".utf8))
        {
            self.head = head
            offset = newline
            count = max(0, bytes.count(where: { $0 == UInt8(ascii: "\n") }) - 2)
        } else {
            let manifest = try decoder.decode(ArchiveManifest.self, from: bytes)
            var head = manifest
            head.files = []
            self.head = head
            count = manifest.files.count
            offset = bytes.endIndex
            whole = manifest.files.makeIterator()
        }
    }

    /// The next file; nil after the last. Throws when a line is not a file, or the closing
    /// line is missing or followed by anything.
    mutating func next() throws -> ArchiveManifest.File? {
        if whole != nil { return whole!.next() }
        guard offset < bytes.endIndex else { throw LineError(text: "manifest.json 在文件列表结束前中断") }
        let start = offset + 1
        let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.endIndex
        var line = bytes[start..<end]
        offset = end
        if line.elementsEqual("]}".utf8) {
            guard bytes[end...].allSatisfy({ $0 == UInt8(ascii: "\n") }) else { throw LineError(text: "manifest.json 在文件列表之后还有内容") }
            offset = bytes.endIndex
            whole = [].makeIterator()
            return nil
        }
        if line.last == UInt8(ascii: ",") { line = line.dropLast() }
        do {
            return try decoder.decode(ArchiveManifest.File.self, from: line)
        } catch {
            throw LineError(text: "manifest.json 中有一行不是文件记录：\(error)")
        }
    }

    /// A line that does not belong in the manifest.
    struct LineError: Error, CustomStringConvertible {
        let text: String
        var description: String { text }
    }
}
