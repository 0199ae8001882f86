extension LayoutItem: Encodable {
    private enum EncodingKeys: String, CodingKey {
        case kind, rect, width, from, to, dash, text, at, font, align, pitch, value, box, maxLines, size, seal, center
    }

    /// Writes the item as a layout file holds it, so that a layout moved on the pages can be
    /// downloaded and passed to `letters render-batch --layout`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: EncodingKeys.self)
        switch self {
        case .rect(let rect, let width):
            try c.encode("rect", forKey: .kind)
            try c.encode(rect, forKey: .rect)
            try c.encode(width, forKey: .width)
        case .line(let from, let to, let width, let dash):
            try c.encode("line", forKey: .kind)
            try c.encode(from, forKey: .from)
            try c.encode(to, forKey: .to)
            try c.encode(width, forKey: .width)
            if !dash.isEmpty { try c.encode(dash, forKey: .dash) }
        case .text(let text, let at, let font, let align, let pitch):
            try c.encode("text", forKey: .kind)
            try c.encode(text, forKey: .text)
            try c.encode(at, forKey: .at)
            try c.encode(font, forKey: .font)
            try c.encode(align, forKey: .align)
            try c.encodeIfPresent(pitch, forKey: .pitch)
        case .field(let key, let box, let font, let align, let maxLines):
            try c.encode("field", forKey: .kind)
            try c.encode(key, forKey: .value)
            try c.encode(box, forKey: .box)
            try c.encode(font, forKey: .font)
            try c.encode(align, forKey: .align)
            try c.encode(maxLines, forKey: .maxLines)
        case .tick(let key, let at, let size):
            try c.encode("tick", forKey: .kind)
            try c.encode(key, forKey: .value)
            try c.encode(at, forKey: .at)
            try c.encode(size, forKey: .size)
        case .seal(let role, let center):
            try c.encode("seal", forKey: .kind)
            try c.encode(role, forKey: .seal)
            try c.encode(center, forKey: .center)
        }
    }
}
