/// A font as a layout names it: face, size and optional spacing and OpenType features.
public struct FontSpec: Sendable, Hashable, Codable {
    /// Regular or bold Song face.
    public enum Face: String, Sendable, Hashable, Codable {
        /// Noto Serif CJK SC Regular, cut down (text and values).
        case regular
        /// Noto Serif CJK SC Bold, cut down (titles).
        case bold
    }

    /// The face.
    public var face: Face
    /// Size in points.
    public var size: Double
    /// Extra space after every character, in mm.
    public var spacing: Double?
    /// OpenType features in CSS syntax, such as `"halt"` for half-width punctuation.
    public var features: String?

    /// Creates a font spec.
    public init(face: Face, size: Double, spacing: Double? = nil, features: String? = nil) {
        self.face = face
        self.size = size
        self.spacing = spacing
        self.features = features
    }

    /// The same font at another size.
    func resized(_ newSize: Double) -> FontSpec {
        var copy = self
        copy.size = newSize
        return copy
    }
}

/// Horizontal alignment of text at its anchor or in its box.
public enum TextAlignment: String, Sendable, Hashable, Codable {
    /// Anchor at the left edge.
    case left
    /// Anchor at the centre.
    case center
    /// Anchor at the right edge.
    case right
}
