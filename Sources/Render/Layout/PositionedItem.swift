/// A drawable value: what the resolver makes of a layout and a letter, and the painter draws.
/// Positions are final, in mm from the paper's top-left edge.
public enum PositionedItem: Sendable, Hashable {
    /// A rectangle outline.
    case rect(Rect, width: Double)
    /// A line; `dash` empty for solid.
    case line(from: Point, to: Point, width: Double, dash: [Double])
    /// Fixed words at a baseline anchor, or stacked vertically with `pitch`.
    case text(String, at: Point, font: FontSpec, align: TextAlignment, pitch: Double?)
    /// A value fitted into `box`; `field` names it in errors.
    case field(String, field: FieldKey, box: Rect, font: FontSpec, align: TextAlignment, maxLines: Int)
    /// A tick mark centred on `center`, `size` mm across.
    case tick(center: Point, size: Double)
    /// A seal at its true size in `square`, drawn only inside `clip`.
    case seal(SealRole, square: Rect, clip: [Rect])
}
