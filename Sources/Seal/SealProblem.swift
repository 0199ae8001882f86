/// One reason an uploaded seal cannot be used.
public enum SealProblem: Sendable, Equatable {
    /// Zero bytes.
    case empty
    /// Larger than ``SealRules/maxBytes``.
    case tooLarge(bytes: Int)
    /// Not a JPEG; `detected` names what it looks like, when known (PNG, GIF, PDF …).
    case notJPEG(detected: String?)
    /// Not exactly 500×500 pixels.
    case dimensions(width: Int, height: Int)
    /// No JFIF density of 300 dpi (or 118 dots/cm).
    case density(unit: Int, x: Int, y: Int, sawJFIF: Bool)
    /// Neither RGB nor greyscale (CMYK, YCCK).
    case colorSpace(components: Int)
    /// libjpeg could not decode it completely: truncated or damaged.
    case corrupt(detail: String)

    /// A short stable name of the rule broken.
    public var rule: String {
        switch self {
        case .empty: "empty"
        case .tooLarge: "max-size"
        case .notJPEG: "jpeg"
        case .dimensions: "dimensions"
        case .density: "density"
        case .colorSpace: "color-space"
        case .corrupt: "decodable"
        }
    }

    /// What is wrong and what to do, in words an administrator can act on.
    public var message: String {
        switch self {
        case .empty:
            return "文件为空（0 字节）"
        case .tooLarge(let bytes):
            return "文件大小 \(bytes) 字节，超过上限 \(SealRules.maxBytes) 字节（5 MB）"
        case .notJPEG(let detected):
            return "不是 JPEG 文件" + (detected.map { "（看起来是 \($0)，仅改扩展名无效，请导出为 JPEG）" } ?? "")
        case .dimensions(let w, let h):
            return "尺寸为 \(w)×\(h) 像素，应恰为 500×500 像素"
        case .density(let unit, let x, let y, let sawJFIF):
            guard sawJFIF else { return "缺少 JFIF 分辨率信息，应为 300 dpi（500 像素 = 42.33 毫米）" }
            let unitName = unit == 1 ? "dpi" : unit == 2 ? "点/厘米" : "（无单位，仅表示宽高比）"
            return "分辨率为 \(x)×\(y) \(unitName)，应为 300 dpi（或 118 点/厘米）"
        case .colorSpace(let components):
            return "颜色模式为 \(components) 通道（如 CMYK），应为 RGB 或灰度"
        case .corrupt(let detail):
            return "图像数据损坏或不完整，无法完整解码：\(detail)"
        }
    }
}
