import Foundation

/// Writes a ZIP archive as a stream: each file goes out (stored, since PDFs are compressed
/// already) as soon as it is added, with its CRC and sizes in the local header; the central
/// directory is kept in a temporary file until the end, so memory stays flat however many
/// files there are. Names are UTF-8 (flag bit 11); ZIP64 records are written when there are
/// more than 65,535 files or the archive passes 4 GiB.
final class ZIPWriter {
    private let sink: (Data) async throws -> Void
    private let directory: FileHandle
    private let directoryPath: String
    private var offset: UInt64 = 0
    private var count: UInt64 = 0
    private var directorySize: UInt64 = 0
    private var names = Set<String>()

    /// A writer handing its bytes to `sink` in order.
    init(sink: @escaping (Data) async throws -> Void) throws {
        self.sink = sink
        directoryPath = NSTemporaryDirectory() + "zip-directory-\(UUID().uuidString)"
        guard FileManager.default.createFile(atPath: directoryPath, contents: nil),
            let handle = FileHandle(forUpdatingAtPath: directoryPath)
        else {
            throw WorkflowError(.storage, "无法创建临时文件 \(directoryPath)")
        }
        directory = handle
        try? FileManager.default.removeItem(atPath: directoryPath)  // unlinked: gone when closed, even after a crash
    }

    deinit {
        try? directory.close()
    }

    /// Bytes written so far.
    var bytesWritten: UInt64 { offset }

    /// Adds a file. `name` must be a safe relative path (``ZIPName/isSafe(_:)``) not used before.
    func add(name: String, data: Data, modified: Date) async throws {
        try await add(name: name, size: UInt64(data.count), crc: CRC32.of(data), modified: modified) { try await self.emit(data) }
    }

    /// Adds a file whose bytes (of the given size and CRC) `body` emits through ``emit(_:)``,
    /// for files too large to hold in memory.
    func add(name: String, size: UInt64, crc: UInt32, modified: Date, body: () async throws -> Void) async throws {
        guard ZIPName.isSafe(name) else { throw WorkflowError(.invalid, "ZIP 内文件名不安全：\(name)") }
        guard names.insert(name).inserted else { throw WorkflowError(.invalid, "ZIP 内文件名重复：\(name)") }
        let nameBytes = Array(name.utf8)
        guard size < 0xFFFF_FFFF else { throw WorkflowError(.invalid, "单个文件超过 4 GiB：\(name)") }
        let (time, date) = Self.dosTime(modified)
        var local = ZIPBytes()
        local.u32(0x0403_4b50)
        local.u16(20)
        local.u16(0x0800)
        local.u16(0)
        local.u16(time)
        local.u16(date)
        local.u32(crc)
        local.u32(UInt32(size))
        local.u32(UInt32(size))
        local.u16(UInt16(nameBytes.count))
        local.u16(0)
        local.bytes += nameBytes
        let headerOffset = offset
        try await emit(Data(local.bytes))
        try await body()
        guard offset - headerOffset == UInt64(local.bytes.count) + size else {
            throw WorkflowError(.storage, "写入 \(name) 的字节数与声明的大小不符")
        }

        try note(nameBytes, flags: 0x0800, method: 0, time: time, date: date, crc: crc, compressed: size, size: size, at: headerOffset)
    }

    /// Adds a file deflated as `body` hands its bytes to the given `write`: what a sheet of a
    /// province's members is, compressed as it is made. Its CRC and sizes, known only at its
    /// end, follow it in a data descriptor (flag bit 3), as streaming writers of Office files do.
    func addDeflated(name: String, modified: Date, body: (_ write: @escaping ([UInt8]) async throws -> Void) async throws -> Void) async throws {
        guard ZIPName.isSafe(name) else { throw WorkflowError(.invalid, "ZIP 内文件名不安全：\(name)") }
        guard names.insert(name).inserted else { throw WorkflowError(.invalid, "ZIP 内文件名重复：\(name)") }
        let nameBytes = Array(name.utf8)
        let (time, date) = Self.dosTime(modified)
        var local = ZIPBytes()
        local.u32(0x0403_4b50)
        local.u16(20)
        local.u16(0x0808)
        local.u16(8)
        local.u16(time)
        local.u16(date)
        local.u32(0)
        local.u32(0)
        local.u32(0)
        local.u16(UInt16(nameBytes.count))
        local.u16(0)
        local.bytes += nameBytes
        let headerOffset = offset
        try await emit(Data(local.bytes))
        let deflater = try Deflater()
        var crc = CRC32()
        var size: UInt64 = 0
        let start = offset
        try await body { bytes in
            bytes.withUnsafeBytes { crc.update($0) }
            size += UInt64(bytes.count)
            let out = try bytes.withUnsafeBytes { try deflater.deflate($0, finish: false) }
            if !out.isEmpty { try await self.emit(Data(out)) }
        }
        let tail = try deflater.deflate(UnsafeRawBufferPointer(start: nil, count: 0), finish: true)
        try await emit(Data(tail))
        let compressed = offset - start
        guard size < 0xFFFF_FFFF, compressed < 0xFFFF_FFFF else { throw WorkflowError(.invalid, "单个文件超过 4 GiB：\(name)") }
        var descriptor = ZIPBytes()
        descriptor.u32(0x0807_4b50)
        descriptor.u32(crc.value)
        descriptor.u32(UInt32(compressed))
        descriptor.u32(UInt32(size))
        try await emit(Data(descriptor.bytes))
        try note(nameBytes, flags: 0x0808, method: 8, time: time, date: date, crc: crc.value, compressed: compressed, size: size, at: headerOffset)
    }

    /// Keeps a file's central directory record until ``finish()``.
    private func note(
        _ nameBytes: [UInt8], flags: UInt16, method: UInt16, time: UInt16, date: UInt16, crc: UInt32,
        compressed: UInt64, size: UInt64, at headerOffset: UInt64
    ) throws {
        let needs64 = headerOffset >= 0xFFFF_FFFF
        var central = ZIPBytes()
        central.u32(0x0201_4b50)
        central.u16(0x031E + (needs64 ? 15 : 0))
        central.u16(needs64 ? 45 : 20)
        central.u16(flags)
        central.u16(method)
        central.u16(time)
        central.u16(date)
        central.u32(crc)
        central.u32(UInt32(compressed))
        central.u32(UInt32(size))
        central.u16(UInt16(nameBytes.count))
        central.u16(needs64 ? 12 : 0)
        central.u16(0)
        central.u16(0)
        central.u16(0)
        central.u32(0o100644 << 16)
        central.u32(needs64 ? 0xFFFF_FFFF : UInt32(headerOffset))
        central.bytes += nameBytes
        if needs64 {
            central.u16(0x0001)
            central.u16(8)
            central.u64(headerOffset)
        }
        try directory.write(contentsOf: central.bytes)
        directorySize += UInt64(central.bytes.count)
        count += 1
    }

    /// Writes the central directory and the end records; the archive is complete after this.
    func finish() async throws {
        let directoryOffset = offset
        try directory.seek(toOffset: 0)
        while let chunk = try directory.read(upToCount: 1 << 20), !chunk.isEmpty { try await emit(chunk) }
        var end = ZIPBytes()
        let needs64 = count >= 0xFFFF || directoryOffset >= 0xFFFF_FFFF || directorySize >= 0xFFFF_FFFF
        if needs64 {
            let recordOffset = offset
            end.u32(0x0606_4b50)
            end.u64(44)
            end.u16(0x031E + 15)
            end.u16(45)
            end.u32(0)
            end.u32(0)
            end.u64(count)
            end.u64(count)
            end.u64(directorySize)
            end.u64(directoryOffset)
            end.u32(0x0706_4b50)
            end.u32(0)
            end.u64(recordOffset)
            end.u32(1)
        }
        end.u32(0x0605_4b50)
        end.u16(0)
        end.u16(0)
        end.u16(needs64 ? 0xFFFF : UInt16(count))
        end.u16(needs64 ? 0xFFFF : UInt16(count))
        end.u32(needs64 ? 0xFFFF_FFFF : UInt32(directorySize))
        end.u32(needs64 ? 0xFFFF_FFFF : UInt32(directoryOffset))
        end.u16(0)
        try await emit(Data(end.bytes))
    }

    /// Hands `data` to the sink.
    func emit(_ data: Data) async throws {
        try await sink(data)
        offset += UInt64(data.count)
    }

    /// MS-DOS time and date (local time of China, two-second steps, from 1980).
    static func dosTime(_ date: Date) -> (UInt16, UInt16) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 8 * 3600)!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let year = max(1980, min(2107, c.year ?? 1980))
        return (
            UInt16((c.hour ?? 0) << 11 | (c.minute ?? 0) << 5 | (c.second ?? 0) / 2),
            UInt16((year - 1980) << 9 | (c.month ?? 1) << 5 | (c.day ?? 1))
        )
    }
}

/// Little-endian fields of ZIP records.
struct ZIPBytes {
    var bytes: [UInt8] = []
    mutating func u16(_ v: UInt16) { bytes += [UInt8(v & 0xFF), UInt8(v >> 8)] }
    mutating func u32(_ v: UInt32) { for i in 0..<4 { bytes.append(UInt8((v >> (8 * UInt32(i))) & 0xFF)) } }
    mutating func u64(_ v: UInt64) { for i in 0..<8 { bytes.append(UInt8((v >> (8 * UInt64(i))) & 0xFF)) } }
}

/// File names inside archives.
public enum ZIPName {
    /// A relative path of plain segments: no `..` or `.`, no leading `/` or drive, no
    /// backslashes, no control characters, not empty, at most 240 bytes.
    public static func isSafe(_ name: String) -> Bool {
        guard !name.isEmpty, name.utf8.count <= 240, !name.hasPrefix("/"), !name.contains("\\"), !name.contains(":") else { return false }
        if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0.value == 0x7F }) { return false }
        return name.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { !$0.isEmpty && $0 != "." && $0 != ".." }
    }

    /// `text` made into one safe path segment: separators, control characters and characters
    /// Windows refuses become `_`, and it is cut to `limit` characters.
    public static func segment(_ text: String, limit: Int = 40) -> String {
        let bad = Set("/\\:*?\"<>|")
        let cleaned = String(
            text.unicodeScalars.map { s -> Character in
                s.properties.generalCategory == .control || bad.contains(Character(s)) ? "_" : Character(s)
            }
        ).trimmingCharacters(in: .whitespaces)
        let cut = String(cleaned.prefix(limit))
        return cut.isEmpty || cut == "." || cut == ".." ? "_" : cut
    }
}
