/// One blank of an overprinting layout as a county sees it on its own scan: a value's box or
/// one option of a tick, with where it sits on the sheet. The layout check moves blanks by
/// their key; everything else in the layout stays as it is.
public struct LayoutBlank: Sendable, Hashable, Codable {
    /// `part:value` for a value's box, `part:value=option` for one option of a tick
    /// (`letter:member.sex=男`): stable across layouts made from the same template.
    public var key: String
    /// The part the blank is in.
    public var part: LetterPart
    /// What is printed there, in words (姓名, 性别：男).
    public var label: String
    /// For a box, its top-left corner; for a tick, the tick's centre. In mm from the paper's
    /// top-left edge: what the millimetre fields of the check edit.
    public var position: Point
    /// The box's width and height (a tick's: its size both ways), to draw it.
    public var size: [Double]
    /// Whether it is a tick rather than a box.
    public var isTick: Bool

    /// How far a blank may be moved from where the template has it. A county's print run
    /// differs by millimetres; more than this is a slip of the keyboard, not a sheet.
    public static let maxShift = 40.0
}

extension LayoutFile {
    /// Every blank of the layout's parts, top to bottom as the parts run.
    public var blanks: [LayoutBlank] {
        var out: [LayoutBlank] = []
        for part in parts {
            for item in part.items {
                switch item {
                case .field(let key, let box, _, _, _):
                    out.append(
                        LayoutBlank(
                            key: "\(part.part.rawValue):\(key.name)", part: part.part, label: key.label,
                            position: Point(x: box.x, y: box.y), size: [box.width, box.height], isTick: false))
                case .tick(let key, let at, let size):
                    for (option, point) in at.sorted(by: { $0.value.x < $1.value.x }) {
                        out.append(
                            LayoutBlank(
                                key: "\(part.part.rawValue):\(key.name)=\(option)", part: part.part,
                                label: "\(key.label)：\(option)", position: point, size: [size, size], isTick: true))
                    }
                case .rect, .line, .text, .seal:
                    continue
                }
            }
        }
        return out
    }

    /// The layout with the blanks named in `positions` moved there (box top-left corners and
    /// tick centres, mm) and renamed `name`; a key it does not have, a position off the page or
    /// further than ``LayoutBlank/maxShift`` from the template's is refused, naming the blank.
    public func moving(_ positions: [String: Point], name: String) throws(RenderError) -> LayoutFile {
        let known = Dictionary(blanks.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        for (key, point) in positions.sorted(by: { $0.key < $1.key }) {
            guard let blank = known[key] else {
                throw RenderError(code: .invalidLayout, message: "版式 \(self.name) 没有空白“\(key)”")
            }
            guard point.x.isFinite, point.y.isFinite, (0...pageSize[0]).contains(point.x), (0...pageSize[1]).contains(point.y) else {
                throw RenderError(code: .invalidLayout, message: "“\(blank.label)”（\(key)）的位置应在纸面之内（0–\(Int(pageSize[0])) × 0–\(Int(pageSize[1])) 毫米）")
            }
            guard abs(point.x - blank.position.x) <= LayoutBlank.maxShift, abs(point.y - blank.position.y) <= LayoutBlank.maxShift else {
                throw RenderError(
                    code: .invalidLayout,
                    message: "“\(blank.label)”（\(key)）离模板位置超过 \(Int(LayoutBlank.maxShift)) 毫米，请核对所填数字")
            }
        }
        var moved = self
        moved.name = name
        for p in moved.parts.indices {
            let part = moved.parts[p].part.rawValue
            moved.parts[p].items = moved.parts[p].items.map { item in
                switch item {
                case .field(let key, var box, let font, let align, let maxLines):
                    if let to = positions["\(part):\(key.name)"] {
                        box.x = to.x
                        box.y = to.y
                    }
                    return .field(key, box: box, font: font, align: align, maxLines: maxLines)
                case .tick(let key, var at, let size):
                    for option in at.keys { if let to = positions["\(part):\(key.name)=\(option)"] { at[option] = to } }
                    return .tick(key, at: at, size: size)
                case .rect, .line, .text, .seal:
                    return item
                }
            }
        }
        return moved
    }
}
