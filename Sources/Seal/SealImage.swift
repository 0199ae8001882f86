import CJPEGShim
import Foundation

/// A seal image that passed every rule of ``SealRules``: a fully decodable 500×500, 300 dpi
/// RGB or greyscale JPEG. Keeps the original bytes, so that a PDF can embed them unchanged.
public struct SealImage: Sendable, Hashable {
    /// The JPEG file exactly as uploaded.
    public let jpeg: Data
    /// Pixels across.
    public let width: Int
    /// Pixels down.
    public let height: Int
    /// 1 for greyscale, 3 for RGB.
    public let components: Int

    /// Checks `data` against every rule and returns the seal, or throws listing every problem.
    public init(validating data: Data) throws(SealError) {
        var problems: [SealProblem] = []
        if data.isEmpty { problems.append(.empty) }
        if data.count > SealRules.maxBytes { problems.append(.tooLarge(bytes: data.count)) }
        if !data.isEmpty && !data.starts(with: [0xFF, 0xD8, 0xFF]) {
            problems.append(.notJPEG(detected: SealImage.sniff(data)))
        }
        // Oversized or non-JPEG input is not handed to libjpeg at all.
        guard problems.isEmpty else { throw SealImage.failure(problems) }

        var info = jpeg_shim_info()
        let status = data.withUnsafeBytes { raw in
            jpeg_shim_read(raw.bindMemory(to: UInt8.self).baseAddress, raw.count, 1, nil, 0, &info)
        }
        let message = withUnsafeBytes(of: &info.message) { String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self) }
        if status != 0 {
            throw SealImage.failure([.corrupt(detail: message)])
        }
        if info.width != SealRules.pixels || info.height != SealRules.pixels {
            problems.append(.dimensions(width: Int(info.width), height: Int(info.height)))
        }
        let dpiOK =
            info.saw_jfif != 0 && info.x_density == info.y_density
            && ((info.density_unit == 1 && info.x_density == Int32(SealRules.dpi))
                || (info.density_unit == 2 && info.x_density == Int32(SealRules.dotsPerCentimetre)))
        if !dpiOK {
            problems.append(
                .density(
                    unit: Int(info.density_unit), x: Int(info.x_density),
                    y: Int(info.y_density), sawJFIF: info.saw_jfif != 0))
        }
        if info.components != 1 && info.components != 3 {
            problems.append(.colorSpace(components: Int(info.components)))
        }
        if info.warnings > 0 { problems.append(.corrupt(detail: message)) }
        guard problems.isEmpty else { throw SealImage.failure(problems) }
        jpeg = data
        width = Int(info.width)
        height = Int(info.height)
        components = Int(info.components)
    }

    /// Reads the file at `path` and validates it.
    public init(contentsOf path: String) throws(SealError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SealError(code: .invalidSeal, message: "无法读取印章文件：\(path)")
        }
        try self.init(validating: data)
    }

    /// Decodes the pixels as BGRX (cairo's RGB24 byte order) into `buffer`, `stride` bytes a row.
    public func decodeBGRX(into buffer: UnsafeMutablePointer<UInt8>, stride: Int) throws(SealError) {
        var info = jpeg_shim_info()
        let status = jpeg.withUnsafeBytes { raw in
            jpeg_shim_read(raw.bindMemory(to: UInt8.self).baseAddress, raw.count, 1, buffer, stride, &info)
        }
        if status != 0 || info.warnings > 0 {
            throw SealImage.failure([.corrupt(detail: "decode failed")])
        }
    }

    private static func failure(_ problems: [SealProblem]) -> SealError {
        SealError(code: .invalidSeal, message: "印章图片不可用（\(problems.count) 处问题）：", problems: problems)
    }

    /// Names a few common formats by their magic bytes, for a helpful message.
    static func sniff(_ data: Data) -> String? {
        let signatures: [(String, [UInt8])] = [
            ("PNG", [0x89, 0x50, 0x4E, 0x47]), ("GIF", [0x47, 0x49, 0x46, 0x38]),
            ("PDF", [0x25, 0x50, 0x44, 0x46]), ("BMP", [0x42, 0x4D]), ("TIFF", [0x49, 0x49, 0x2A, 0x00]),
            ("TIFF", [0x4D, 0x4D, 0x00, 0x2A]), ("WebP/RIFF", [0x52, 0x49, 0x46, 0x46]),
        ]
        return signatures.first { data.starts(with: $0.1) }?.0
    }
}
