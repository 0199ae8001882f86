import CJPEGShim
import Foundation

/// Encodes pixels as JPEG with a JFIF density, for making seal images.
public enum JPEGEncoder {
    /// How the pixels to encode are laid out.
    public enum PixelLayout: Sendable {
        /// 4 bytes a pixel, blue-green-red-unused: cairo's RGB24.
        case bgrx
        /// 1 byte a pixel.
        case gray
        /// 4 bytes a pixel, cyan-magenta-yellow-black (only to test that such seals are refused).
        case cmyk
    }

    /// Encodes `pixels` as a baseline JPEG at `quality` with `dpi` in its JFIF header.
    public static func encode(
        _ pixels: UnsafePointer<UInt8>, layout: PixelLayout = .bgrx, width: Int, height: Int,
        stride: Int, quality: Int = 92, dpi: Int = SealRules.dpi
    ) throws(SealError) -> Data {
        var out: UnsafeMutablePointer<UInt8>?
        var size = 0
        var message = [CChar](repeating: 0, count: Int(JPEG_SHIM_MESSAGE_LENGTH))
        let shimLayout: jpeg_shim_layout =
            switch layout {
            case .bgrx: JPEG_SHIM_BGRX
            case .gray: JPEG_SHIM_GRAY
            case .cmyk: JPEG_SHIM_CMYK
            }
        let status = jpeg_shim_encode(
            pixels, shimLayout, Int32(width), Int32(height), stride, Int32(quality),
            Int32(dpi), &out, &size, &message)
        guard status == 0, let out else {
            let text = String(decoding: message.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            throw SealError(code: .encodingFailed, message: "JPEG 编码失败：\(text)")
        }
        defer { jpeg_shim_free(out) }
        return Data(bytes: out, count: size)
    }
}
