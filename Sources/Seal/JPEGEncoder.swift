import CJPEGShim
import Foundation

/// Encodes pixels as JPEG with a JFIF density, for making seal images.
public enum JPEGEncoder {
    /// Encodes BGRX pixels (cairo's RGB24 layout) as a baseline JPEG at `quality` with `dpi`
    /// in its JFIF header.
    public static func encodeBGRX(_ pixels: UnsafePointer<UInt8>, width: Int, height: Int, stride: Int,
                                  quality: Int = 92, dpi: Int = SealRules.dpi) throws(SealError) -> Data {
        var out: UnsafeMutablePointer<UInt8>?
        var size = 0
        var message = [CChar](repeating: 0, count: Int(JPEG_SHIM_MESSAGE_LENGTH))
        let status = jpeg_shim_encode_bgrx(pixels, Int32(width), Int32(height), stride, Int32(quality),
                                           Int32(dpi), &out, &size, &message)
        guard status == 0, let out else {
            let text = String(decoding: message.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            throw SealError(code: .encodingFailed, message: "JPEG 编码失败：\(text)")
        }
        defer { jpeg_shim_free(out) }
        return Data(bytes: out, count: size)
    }
}
