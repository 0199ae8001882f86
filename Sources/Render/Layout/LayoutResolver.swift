import LetterModel
import Seal

/// Turns a layout and a letter into positioned items: the first of the two rendering steps,
/// pure and independent of cairo.
public struct LayoutResolver: Sendable {
    /// The layout.
    public let layout: LayoutFile

    /// Creates a resolver for `layout`.
    public init(layout: LayoutFile) {
        self.layout = layout
    }

    /// The items that draw `parts` of `letter`; seals only for the roles in `seals`.
    ///
    /// `offset` (mm, x right and y down) and `scale` move and stretch every item about the
    /// paper's top-left corner, for printers that feed off true.
    public func resolve(
        _ letter: Letter, parts: Set<LetterPart>, seals: Set<SealRole>,
        offset: Point = Point(x: 0, y: 0), scale: Double = 1
    ) -> [PositionedItem] {
        var items: [PositionedItem] = []
        for part in layout.parts where parts.contains(part.part) {
            let clip = layout.region(of: part.part).map { [$0] } ?? []
            for item in part.items {
                if let resolved = resolve(item, letter: letter, seals: seals, clip: clip) { items.append(resolved) }
            }
        }
        for shared in layout.shared where !parts.isDisjoint(with: shared.parts) {
            let clip = shared.parts.filter(parts.contains).compactMap(layout.region(of:))
            if let resolved = resolve(shared.item, letter: letter, seals: seals, clip: clip) { items.append(resolved) }
        }
        guard offset != Point(x: 0, y: 0) || scale != 1 else { return items }
        return items.map { $0.transformed(offset: offset, scale: scale) }
    }

    private func resolve(_ item: LayoutItem, letter: Letter, seals: Set<SealRole>, clip: [Rect]) -> PositionedItem? {
        switch item {
        case .rect(let rect, let width):
            return .rect(rect, width: width)
        case .line(let from, let to, let width, let dash):
            return .line(from: from, to: to, width: width, dash: dash)
        case .text(let text, let at, let font, let align, let pitch):
            return .text(text, at: at, font: layout.fonts[font]!, align: align, pitch: pitch)
        case .field(let key, let box, let font, let align, let maxLines):
            let value = key.value(in: letter)
            guard !value.isEmpty else { return nil }
            return .field(value, field: key, box: box, font: layout.fonts[font]!, align: align, maxLines: maxLines)
        case .tick(let key, let at, let size):
            return at[key.value(in: letter)].map { .tick(center: $0, size: size) }
        case .seal(let role, let center):
            guard seals.contains(role) else { return nil }
            let d = SealRules.diameterMillimetres
            return .seal(role, square: Rect(x: center.x - d / 2, y: center.y - d / 2, width: d, height: d), clip: clip)
        }
    }
}

extension PositionedItem {
    func transformed(offset: Point, scale: Double) -> PositionedItem {
        func p(_ q: Point) -> Point { Point(x: q.x * scale + offset.x, y: q.y * scale + offset.y) }
        func r(_ q: Rect) -> Rect {
            Rect(x: q.x * scale + offset.x, y: q.y * scale + offset.y, width: q.width * scale, height: q.height * scale)
        }
        switch self {
        case .rect(let rect, let width): return .rect(r(rect), width: width)
        case .line(let from, let to, let width, let dash): return .line(from: p(from), to: p(to), width: width, dash: dash)
        case .text(let s, let at, let font, let align, let pitch): return .text(s, at: p(at), font: font, align: align, pitch: pitch.map { $0 * scale })
        case .field(let s, let key, let box, let font, let align, let maxLines):
            return .field(s, field: key, box: r(box), font: font, align: align, maxLines: maxLines)
        case .tick(let center, let size): return .tick(center: p(center), size: size)
        // A seal keeps its true size: only its position moves.
        case .seal(let role, let square, let clip):
            let c = p(Point(x: square.x + square.width / 2, y: square.y + square.height / 2))
            return .seal(
                role,
                square: Rect(
                    x: c.x - square.width / 2, y: c.y - square.height / 2,
                    width: square.width, height: square.height), clip: clip.map(r))
        }
    }
}
