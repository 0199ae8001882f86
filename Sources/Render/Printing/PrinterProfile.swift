/// How one printer feeds paper: the shift (and stretch) to apply to everything printed on it,
/// so that values land in the blanks of a pre-printed sheet.
public struct PrinterProfile: Sendable, Hashable, Codable {
    /// The printer's name, as the people at it call it (县委组织部-1号机).
    public var name: String
    /// Millimetres to move everything to the right (negative: to the left).
    public var offsetX: Double
    /// Millimetres to move everything down (negative: up).
    public var offsetY: Double
    /// Stretch in per mille of the paper's size (1000 = none, 1002 = 0.2 % larger), for
    /// printers whose feed stretches the page; about the paper's top-left corner.
    public var scale: Double?

    /// Creates a profile.
    public init(name: String, offsetX: Double, offsetY: Double, scale: Double? = nil) {
        self.name = name
        self.offsetX = offsetX
        self.offsetY = offsetY
        self.scale = scale
    }

    /// No shift: what a printer without a profile gets.
    public static func uncalibrated(_ name: String) -> PrinterProfile {
        PrinterProfile(name: name, offsetX: 0, offsetY: 0)
    }

    /// The shift as a point, in mm.
    public var offset: Point { Point(x: offsetX, y: offsetY) }

    /// The stretch as a factor (1 = none).
    public var scaleFactor: Double { (scale ?? 1000) / 1000 }

    /// Offsets beyond this many mm are a typing mistake, not a printer.
    public static let maxOffset = 30.0
    /// Stretch allowed, per mille.
    public static let scaleRange = 950.0...1050.0

    /// What is wrong with the profile, if anything, in words naming the field.
    public var problems: [String] {
        var found: [String] = []
        if name.trimmingCharacters(in: .whitespaces).isEmpty { found.append("name 不能为空") }
        for (field, value) in [("offsetX", offsetX), ("offsetY", offsetY)]
        where !value.isFinite || abs(value) > PrinterProfile.maxOffset {
            found.append("\(field) 应在 ±\(Int(PrinterProfile.maxOffset)) 毫米之内，实为 \(value)")
        }
        if let scale, !PrinterProfile.scaleRange.contains(scale) {
            found.append("scale 为千分比，应在 950–1050 之间（1000 表示不缩放），实为 \(scale)")
        }
        return found
    }
}
