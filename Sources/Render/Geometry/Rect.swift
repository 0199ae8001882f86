/// A rectangle on the page in millimetres: top-left corner, width and height.
public struct Rect: Sendable, Hashable, Codable {
    /// Left edge.
    public var x: Double
    /// Top edge.
    public var y: Double
    /// Width.
    public var width: Double
    /// Height.
    public var height: Double

    /// Creates a rectangle.
    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    /// Reads `[x, y, width, height]`.
    public init(from decoder: any Decoder) throws {
        var c = try decoder.unkeyedContainer()
        x = try c.decode(Double.self)
        y = try c.decode(Double.self)
        width = try c.decode(Double.self)
        height = try c.decode(Double.self)
        guard width >= 0, height >= 0 else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "width and height must not be negative")
        }
    }

    /// Writes `[x, y, width, height]`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.unkeyedContainer()
        try c.encode(x)
        try c.encode(y)
        try c.encode(width)
        try c.encode(height)
    }

    /// Right edge.
    public var maxX: Double { x + width }
    /// Bottom edge.
    public var maxY: Double { y + height }

    /// Whether `other` lies wholly inside, allowing `tolerance` mm.
    public func contains(_ other: Rect, tolerance: Double = 0.01) -> Bool {
        other.x >= x - tolerance && other.y >= y - tolerance && other.maxX <= maxX + tolerance && other.maxY <= maxY + tolerance
    }
}

/// Millimetres to PostScript points.
@inline(__always) func pt(_ mm: Double) -> Double { mm * 72.0 / 25.4 }
/// PostScript points to millimetres.
@inline(__always) func mm(fromPoints p: Double) -> Double { p * 25.4 / 72.0 }
