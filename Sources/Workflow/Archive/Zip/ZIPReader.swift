import Foundation

/// Reads the ZIP archives ``ZIPWriter`` writes (and other plain ones): the central directory,
/// with ZIP64, and each stored file on demand, one at a time. Every length and offset read from
/// the file is checked against the file's size before it is used: an archive to verify may
/// have been damaged or made by hand.
public final class ZIPReader {
    /// A file in the archive.
    public struct Entry: Sendable {
        /// Its name (UTF-8 when the archive says so, else read as UTF-8 anyway, replacing errors).
        public let name: String
        let headerOffset: UInt64
        /// Size, stored.
        public let size: UInt64
        /// CRC-32 recorded for it.
        public let crc: UInt32
        let method: UInt16
        /// Size as stored in the archive (compressed).
        var compressedSize: UInt64 = 0
    }

    /// A reader of the bytes `entry` is stored as (compressed or not), `chunk` bytes at a time,
    /// after checking they lie inside the file; nil once they are all read.
    func storedChunks(_ entry: Entry, chunk: Int = 256 * 1024) throws -> () throws -> [UInt8]? {
        let start = try checkBounds(entry)
        var offset = start
        var left = entry.compressedSize
        return { [self] in
            guard left > 0 else { return nil }
            let count = Int(min(left, UInt64(chunk)))
            let bytes = try read(at: offset, count: count)
            offset += UInt64(count)
            left -= UInt64(count)
            return bytes
        }
    }

    /// Refuses `entry` unless its stored bytes lie inside the file (after its local header):
    /// some readers loop forever, or trap, on an entry that claims more than the file holds.
    @discardableResult
    func checkBounds(_ entry: Entry) throws -> UInt64 {
        let header = ZIPFields(try read(at: entry.headerOffset, count: 30), 0)
        guard header.u32(0) == 0x0403_4b50 else { throw Self.invalid("\(entry.name) 的文件头损坏") }
        let start = entry.headerOffset + 30 + UInt64(header.u16(26)) + UInt64(header.u16(28))
        guard entry.compressedSize <= fileSize, start <= fileSize - entry.compressedSize else {
            throw Self.invalid("\(entry.name) 超出文件末尾")
        }
        return start
    }

    private let handle: FileHandle
    private let fileSize: UInt64
    /// The files, in central-directory order.
    public private(set) var entries: [Entry] = []

    /// Opens `path` and reads its directory.
    public init(path: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw Self.invalid("无法打开 \(path)") }
        self.handle = handle
        fileSize = (try? handle.seekToEnd()) ?? 0
        try readDirectory()
    }

    deinit {
        try? handle.close()
    }

    static func invalid(_ message: String) -> WorkflowError {
        WorkflowError(.invalid, "不是有效的 ZIP 文件：\(message)")
    }

    private func read(at offset: UInt64, count: Int) throws -> [UInt8] {
        guard count >= 0, offset <= fileSize, UInt64(count) <= fileSize - offset else {
            throw Self.invalid("记录超出文件末尾（位置 \(offset)，长度 \(count)）")
        }
        try handle.seek(toOffset: offset)
        let data = try handle.read(upToCount: count) ?? Data()
        guard data.count == count else { throw Self.invalid("文件在位置 \(offset) 处被截断") }
        return [UInt8](data)
    }

    private func readDirectory() throws {
        guard fileSize >= 22 else { throw Self.invalid("文件太短") }
        let tailLength = Int(min(fileSize, 65_557))
        let tail = try read(at: fileSize - UInt64(tailLength), count: tailLength)
        guard let eocd = stride(from: tail.count - 22, through: 0, by: -1).first(where: { ZIPFields(tail, $0).u32(0) == 0x0605_4b50 }) else {
            throw Self.invalid("找不到目录结尾记录")
        }
        let end = ZIPFields(tail, eocd)
        var count = UInt64(end.u16(10))
        var directorySize = UInt64(end.u32(12))
        var directoryOffset = UInt64(end.u32(16))
        let eocdOffset = fileSize - UInt64(tailLength) + UInt64(eocd)
        if eocdOffset >= 20, ZIPFields(try read(at: eocdOffset - 20, count: 20), 0).u32(0) == 0x0706_4b50 {
            let locator = ZIPFields(try read(at: eocdOffset - 20, count: 20), 0)
            let record = ZIPFields(try read(at: locator.u64(8), count: 56), 0)
            guard record.u32(0) == 0x0606_4b50 else { throw Self.invalid("ZIP64 目录结尾记录损坏") }
            count = record.u64(32)
            directorySize = record.u64(40)
            directoryOffset = record.u64(48)
        }
        guard directorySize <= fileSize, directoryOffset <= fileSize - directorySize, count <= directorySize / 46 + 1 else {
            throw Self.invalid("目录位置或大小不对")
        }
        let directory = try read(at: directoryOffset, count: Int(directorySize))
        var p = 0
        for _ in 0..<count {
            guard p + 46 <= directory.count else { throw Self.invalid("目录被截断") }
            let f = ZIPFields(directory, p)
            guard f.u32(0) == 0x0201_4b50 else { throw Self.invalid("第 \(entries.count + 1) 条目录记录损坏") }
            let nameLength = Int(f.u16(28))
            let extraLength = Int(f.u16(30))
            let commentLength = Int(f.u16(32))
            guard p + 46 + nameLength + extraLength + commentLength <= directory.count else { throw Self.invalid("目录被截断") }
            let name = String(decoding: directory[(p + 46)..<(p + 46 + nameLength)], as: UTF8.self)
            var size = UInt64(f.u32(24))
            var offset = UInt64(f.u32(42))
            var compressed = UInt64(f.u32(20))
            var e = p + 46 + nameLength
            let extraEnd = e + extraLength
            while e + 4 <= extraEnd {
                let x = ZIPFields(directory, e)
                let id = x.u16(0)
                let length = Int(x.u16(2))
                guard e + 4 + length <= extraEnd else { break }
                if id == 0x0001 {
                    var q = e + 4
                    if size == 0xFFFF_FFFF, q + 8 <= e + 4 + length {
                        size = ZIPFields(directory, q).u64(0)
                        q += 8
                    }
                    if compressed == 0xFFFF_FFFF, q + 8 <= e + 4 + length {
                        compressed = ZIPFields(directory, q).u64(0)
                        q += 8
                    }
                    if offset == 0xFFFF_FFFF, q + 8 <= e + 4 + length { offset = ZIPFields(directory, q).u64(0) }
                }
                e += 4 + length
            }
            entries.append(Entry(name: name, headerOffset: offset, size: size, crc: f.u32(16), method: f.u16(10), compressedSize: compressed))
            p = extraEnd + commentLength
        }
    }

    /// The bytes of `entry`, and whether they still have the CRC recorded for them (a damaged
    /// file is returned, not refused: the caller says what is wrong with it).
    public func data(_ entry: Entry) throws -> (bytes: Data, crcMatches: Bool) {
        guard entry.method == 0 else { throw Self.invalid("\(entry.name) 是压缩存放的（方法 \(entry.method)），本工具只读不压缩的文件") }
        guard entry.size <= 1 << 31 else { throw Self.invalid("\(entry.name) 太大") }
        let header = ZIPFields(try read(at: entry.headerOffset, count: 30), 0)
        guard header.u32(0) == 0x0403_4b50 else { throw Self.invalid("\(entry.name) 的文件头损坏") }
        let start = entry.headerOffset + 30 + UInt64(header.u16(26)) + UInt64(header.u16(28))
        let bytes = Data(try read(at: start, count: Int(entry.size)))
        return (bytes, CRC32.of(bytes) == entry.crc)
    }
}

/// Little-endian fields at an offset of a byte array (zero past its end).
struct ZIPFields {
    let bytes: [UInt8]
    let base: Int
    init(_ bytes: [UInt8], _ base: Int) {
        self.bytes = bytes
        self.base = base
    }
    func u8(_ i: Int) -> UInt64 { base + i < bytes.count && base + i >= 0 ? UInt64(bytes[base + i]) : 0 }
    func u16(_ i: Int) -> UInt16 { UInt16(u8(i) | u8(i + 1) << 8) }
    func u32(_ i: Int) -> UInt32 { UInt32(u8(i) | u8(i + 1) << 8 | u8(i + 2) << 16 | u8(i + 3) << 24) }
    func u64(_ i: Int) -> UInt64 { UInt64(u32(i)) | UInt64(u32(i + 4)) << 32 }
}
