import CZlib

/// Raw deflate (RFC 1951, as ZIP stores it) with zlib, fed a chunk at a time: a workbook's
/// sheet is compressed as it is written, never held whole. zlib at a fixed level gives the same
/// bytes for the same input, so an export stays reproducible.
final class Deflater {
    // Allocated once: zlib keeps a pointer back to the stream and refuses one that moved.
    private let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    private var output = [UInt8](repeating: 0, count: 256 * 1024)
    private var finished = false

    /// A deflater at zlib's default level.
    init() throws(WorkflowError) {
        stream.initialize(to: z_stream())
        guard deflateInit2_(stream, 6, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            stream.deallocate()
            throw WorkflowError(.storage, "zlib 无法初始化压缩")
        }
    }

    deinit {
        deflateEnd(stream)
        stream.deallocate()
    }

    /// Compresses `input` (and, when `finish`, ends the stream), returning what zlib gave out.
    func deflate(_ input: UnsafeRawBufferPointer, finish: Bool) throws(WorkflowError) -> [UInt8] {
        guard !finished else { throw WorkflowError(.storage, "压缩流已结束") }
        var produced: [UInt8] = []
        stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: UInt8.self))
        stream.pointee.avail_in = UInt32(input.count)
        while true {
            let (result, count) = output.withUnsafeMutableBufferPointer { out -> (Int32, Int) in
                stream.pointee.next_out = out.baseAddress
                stream.pointee.avail_out = UInt32(out.count)
                let result = CZlib.deflate(stream, finish ? Z_FINISH : Z_NO_FLUSH)
                return (result, out.count - Int(stream.pointee.avail_out))
            }
            produced += output[0..<count]
            if finish {
                if result == Z_STREAM_END {
                    finished = true
                    break
                }
                guard result == Z_OK || result == Z_BUF_ERROR else { throw WorkflowError(.storage, "zlib 压缩失败（\(result)）") }
            } else {
                guard result == Z_OK || result == Z_BUF_ERROR else { throw WorkflowError(.storage, "zlib 压缩失败（\(result)）") }
                if stream.pointee.avail_in == 0 && count < output.count { break }
            }
        }
        stream.pointee.next_in = nil
        return produced
    }
}
