/// One element of a layout file, as written there (positions in mm from the paper's edge).
public enum LayoutItem: Sendable, Hashable, Decodable {
    /// A rectangle outline.
    case rect(Rect, width: Double)
    /// A straight line, solid or dashed.
    case line(from: Point, to: Point, width: Double, dash: [Double])
    /// Fixed words: `at` is the baseline point of the alignment edge; with `pitch`, the
    /// characters stand vertically `pitch` mm apart, centred on `at`.
    case text(String, at: Point, font: String, align: TextAlignment, pitch: Double?)
    /// A blank filled with a letter's value, fitted inside `box` (shrunk or wrapped).
    case field(FieldKey, box: Rect, font: String, align: TextAlignment, maxLines: Int)
    /// A tick over whichever option a choice field holds.
    case tick(FieldKey, at: [String: Point], size: Double)
    /// A seal image at its true size, centred on `center`.
    case seal(SealRole, center: Point)

    private enum Keys: String, CodingKey {
        case kind, rect, width, from, to, dash, text, at, font, align, pitch, value, box, maxLines, size, seal, center
    }

    /// Reads an item; its `kind` says which.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        let kind = try c.decode(String.self, forKey: .kind)
        switch kind {
        case "rect":
            self = .rect(try c.decode(Rect.self, forKey: .rect), width: try c.decodeIfPresent(Double.self, forKey: .width) ?? 0.3)
        case "line":
            self = .line(
                from: try c.decode(Point.self, forKey: .from), to: try c.decode(Point.self, forKey: .to),
                width: try c.decodeIfPresent(Double.self, forKey: .width) ?? 0.25,
                dash: try c.decodeIfPresent([Double].self, forKey: .dash) ?? [])
        case "text":
            self = .text(
                try c.decode(String.self, forKey: .text), at: try c.decode(Point.self, forKey: .at),
                font: try c.decode(String.self, forKey: .font),
                align: try c.decodeIfPresent(TextAlignment.self, forKey: .align) ?? .left,
                pitch: try c.decodeIfPresent(Double.self, forKey: .pitch))
        case "field":
            self = .field(
                try c.decode(FieldKey.self, forKey: .value), box: try c.decode(Rect.self, forKey: .box),
                font: try c.decode(String.self, forKey: .font),
                align: try c.decodeIfPresent(TextAlignment.self, forKey: .align) ?? .center,
                maxLines: try c.decodeIfPresent(Int.self, forKey: .maxLines) ?? 2)
        case "tick":
            self = .tick(
                try c.decode(FieldKey.self, forKey: .value), at: try c.decode([String: Point].self, forKey: .at),
                size: try c.decodeIfPresent(Double.self, forKey: .size) ?? 4.0)
        case "seal":
            self = .seal(try c.decode(SealRole.self, forKey: .seal), center: try c.decode(Point.self, forKey: .center))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .kind, in: c,
                debugDescription: "unknown kind “\(kind)”: expected rect, line, text, field, tick or seal")
        }
    }
}

/// Whose seal: the issuing organization's (part 2 and cross-page) or the receiving one's (part 3).
public enum SealRole: String, Sendable, Hashable, Codable {
    /// The organization that issues the letter.
    case issuing
    /// The organization that receives the member and returns the receipt.
    case receiving
}
