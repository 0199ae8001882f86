/// A point on the page in millimetres from the paper's top-left corner, y downwards.
public struct Point: Sendable, Hashable, Codable {
    /// Millimetres to the right.
    public var x: Double
    /// Millimetres down.
    public var y: Double

    /// Creates a point.
    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }

    /// Reads `[x, y]`.
    public init(from decoder: any Decoder) throws {
        var c = try decoder.unkeyedContainer()
        x = try c.decode(Double.self)
        y = try c.decode(Double.self)
    }

    /// Writes `[x, y]`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.unkeyedContainer()
        try c.encode(x)
        try c.encode(y)
    }

    /// The point moved by `dx`, `dy`.
    public func offset(_ dx: Double, _ dy: Double) -> Point { Point(x: x + dx, y: y + dy) }
}
