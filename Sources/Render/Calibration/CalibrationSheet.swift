/// The calibration sheet of a printer for an overprinting layout: printed on plain paper and
/// held against a pre-printed sheet, it shows where each value would land, and its rulers and
/// crosshairs let the person at the printer read off the offset to enter.
public struct CalibrationSheet: Sendable {
    /// Where the crosshairs are meant to be, in mm from the paper's top-left edge.
    public static let crosshairs = [
        Point(x: 30, y: 30), Point(x: 180, y: 30), Point(x: 105, y: 148.5), Point(x: 30, y: 267), Point(x: 180, y: 267),
    ]
    /// The rulers' lines: the top ruler runs along y = 10 mm, the left one along x = 10 mm.
    public static let rulerLine = 10.0

    /// The layout whose fields are outlined.
    public let layout: LayoutFile
    /// The printer, whose offset moves everything on the sheet.
    public let printer: PrinterProfile

    /// Creates the sheet for `layout` on `printer`.
    public init(layout: LayoutFile, printer: PrinterProfile) {
        self.layout = layout
        self.printer = printer
    }

    static let label = FontSpec(face: .regular, size: 6)
    static let instruction = FontSpec(face: .regular, size: 8)

    /// The sheet's items, already moved by the printer's offset.
    public func items() -> [PositionedItem] {
        var items = rulers() + crosshairItems() + fieldOutlines() + instructions()
        items = items.map { $0.transformed(offset: printer.offset, scale: printer.scaleFactor) }
        return items
    }

    private func rulers() -> [PositionedItem] {
        let r = CalibrationSheet.rulerLine
        let (width, height) = (layout.pageSize[0], layout.pageSize[1])
        var items: [PositionedItem] = [
            .line(from: Point(x: r, y: r), to: Point(x: width - r, y: r), width: 0.15, dash: []),
            .line(from: Point(x: r, y: r), to: Point(x: r, y: height - r), width: 0.15, dash: []),
        ]
        func tick(_ mm: Int) -> Double { mm % 10 == 0 ? 4 : mm % 5 == 0 ? 2.5 : 1.5 }
        for x in Int(r)...Int(width - r) {
            items.append(.line(from: Point(x: Double(x), y: r), to: Point(x: Double(x), y: r + tick(x)), width: 0.1, dash: []))
            if x % 10 == 0 && x > Int(r) { items.append(.text("\(x)", at: Point(x: Double(x), y: r + 6.5), font: Self.label, align: .center, pitch: nil)) }
        }
        for y in Int(r)...Int(height - r) {
            items.append(.line(from: Point(x: r, y: Double(y)), to: Point(x: r + tick(y), y: Double(y)), width: 0.1, dash: []))
            if y % 10 == 0 && y > Int(r) { items.append(.text("\(y)", at: Point(x: r + 4.8, y: Double(y) + 0.8), font: Self.label, align: .left, pitch: nil)) }
        }
        return items
    }

    private func crosshairItems() -> [PositionedItem] {
        CalibrationSheet.crosshairs.flatMap { c -> [PositionedItem] in
            [
                .line(from: c.offset(-8, 0), to: c.offset(8, 0), width: 0.15, dash: []),
                .line(from: c.offset(0, -8), to: c.offset(0, 8), width: 0.15, dash: []),
                .rect(Rect(x: c.x - 3, y: c.y - 3, width: 6, height: 6), width: 0.1),
                .text(
                    "x=\(CalibrationSheet.format(c.x)) y=\(CalibrationSheet.format(c.y))", at: c.offset(4, -4),
                    font: Self.label, align: .left, pitch: nil),
            ]
        }
    }

    private func fieldOutlines() -> [PositionedItem] {
        var items: [PositionedItem] = []
        for part in layout.parts {
            for item in part.items {
                switch item {
                case .field(let key, let box, _, _, _):
                    items.append(.rect(box, width: 0.12))
                    items.append(.text(key.label, at: Point(x: box.x + 0.6, y: box.y + 2.4), font: Self.label, align: .left, pitch: nil))
                case .tick(_, let at, let size):
                    for (option, point) in at.sorted(by: { $0.key < $1.key }) {
                        items.append(.tick(center: point, size: size * 0.6))
                        items.append(.text(option, at: point.offset(0, size * 0.9), font: Self.label, align: .center, pitch: nil))
                    }
                default:
                    break
                }
            }
        }
        return items
    }

    private func instructions() -> [PositionedItem] {
        let f = CalibrationSheet.format
        let lines = [
            "套打校准页 · 版式 \(layout.name) · 打印机“\(printer.name)”：当前偏移 横向 \(f(printer.offsetX)) 毫米、纵向 \(f(printer.offsetY)) 毫米、缩放 \(f(printer.scale ?? 1000))‰",
            "1. 用普通 A4 白纸打印本页，打印比例选“实际大小/100%”，不要“适合页面”。",
            "2. 用直尺量出每个十字线中心到纸张左边缘（x）和上边缘（y）的实际距离，与十字线旁标注的坐标比较。",
            "3. 新横向偏移 = 当前横向偏移 +（标注 x − 实测 x）；新纵向偏移 = 当前纵向偏移 +（标注 y − 实测 y）。向右、向下为正。",
            "4. 左右两个十字线实测相距不是 150 毫米时：新缩放 = 当前缩放 × 150 ÷ 实测距离（千分比）。",
            "5. 填入新数值后重新打印本页，叠在预印介绍信上对光检查：每个方框都应落在对应的空白或横线上。",
        ]
        return lines.enumerated().map { i, line in
            .text(
                line, at: Point(x: 20, y: 78 + 3.8 * Double(i)), font: i == 0 ? Self.instruction : Self.label.resized(7.5),
                align: .left, pitch: nil)
        }
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }
}
