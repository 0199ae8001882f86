import CZlib

/// Raw deflate (RFC 1951, as ZIP stores it) inflated with zlib, a chunk at a time, refusing
/// what never ends or expands past a limit. Our own loop rather than a ZIP library's: the one
/// tried (ZIPFoundation 0.9.20) trapped on one malformed upload and read another forever —
/// found by `letters-fuzz sheet`.
enum Inflater {
    /// Inflates what `next` hands out, chunk by chunk (a deflate stream, or stored bytes when
    /// `method` is 0), handing the output to `chunk` as it comes; more than `limit` bytes out, a
    /// stream that stops short, or damaged data is an error naming `part` of file `name`.
    static func inflate(
        method: UInt16, limit: UInt64, part: String, name: String, next: () throws -> [UInt8]?,
        chunk: (UnsafeBufferPointer<UInt8>) throws(WorkflowError) -> Void
    ) throws(WorkflowError) {
        let damaged = WorkflowError(.invalid, field: "file", rule: "format", "\(name) 的 \(part) 已损坏，无法解压")
        let tooLarge = WorkflowError(
            .invalid, field: "file", rule: "size",
            "\(name) 的 \(part) 展开后超过 \(limit / 1024 / 1024) MB：不像是 Excel 或 WPS 保存的工作簿，未读取")
        func more() throws(WorkflowError) -> [UInt8]? {
            do { return try next() } catch { throw WorkflowError(.invalid, field: "file", rule: "format", "\(name) 的 \(part) 超出文件末尾：ZIP 结构损坏", cause: error) }
        }
        var total: UInt64 = 0
        switch method {
        case 0:
            while let input = try more() {
                total += UInt64(input.count)
                guard total <= limit else { throw tooLarge }
                try input.withUnsafeBufferPointer { (b: UnsafeBufferPointer<UInt8>) throws(WorkflowError) in try chunk(b) }
            }
            return
        case 8: break
        default: throw WorkflowError(.invalid, field: "file", rule: "format", "\(name) 的 \(part) 用了不支持的压缩方式 \(method)")
        }
        var stream = z_stream()
        guard inflateInit2_(&stream, -15, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { throw damaged }
        defer { inflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: 256 * 1024)
        while var input = try more() {
            let count = input.count
            let ended = try input.withUnsafeMutableBufferPointer { (inBuffer: inout UnsafeMutableBufferPointer<UInt8>) throws(WorkflowError) -> Bool in
                stream.next_in = inBuffer.baseAddress
                stream.avail_in = UInt32(count)
                while true {
                    let (result, produced) = output.withUnsafeMutableBufferPointer { out -> (Int32, Int) in
                        stream.next_out = out.baseAddress
                        stream.avail_out = UInt32(out.count)
                        let result = CZlib.inflate(&stream, Z_NO_FLUSH)
                        return (result, out.count - Int(stream.avail_out))
                    }
                    total += UInt64(produced)
                    guard total <= limit else { throw tooLarge }
                    if produced > 0 {
                        try output.withUnsafeBufferPointer { (b: UnsafeBufferPointer<UInt8>) throws(WorkflowError) in
                            try chunk(UnsafeBufferPointer(rebasing: b[0..<produced]))
                        }
                    }
                    if result == Z_STREAM_END { return true }
                    // This chunk is used up: the next one goes on (or, if none, the stream stopped short).
                    if stream.avail_in == 0 && produced < output.count { return false }
                    // No progress possible: the data is damaged.
                    guard result == Z_OK else { throw damaged }
                }
            }
            if ended { return }
        }
        throw damaged
    }
}
