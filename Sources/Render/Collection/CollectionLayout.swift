import Foundation

/// The layout of a collection sheet (打印采集表, seed 004 §5.10, §6.9): an A4 page of fixed
/// words, lines and boxes, and value boxes named by the register's fields — data, like the
/// letter's layouts, drawn by the same painter.
public struct CollectionLayout: Sendable, Hashable, Decodable {
    /// One thing on the page.
    public enum Item: Sendable, Hashable, Decodable {
        /// A fixed text at its baseline.
        case text(String, at: Point, font: String, align: TextAlignment)
        /// A line.
        case line(from: Point, to: Point, width: Double)
        /// A rectangle's outline.
        case rect(Rect, width: Double)
        /// A value of the register, fitted into its box (shrunk, then wrapped, to `maxLines`).
        case value(String, box: Rect, font: String, align: TextAlignment, maxLines: Int)

        enum Key: String, CodingKey { case kind, text, at, font, align, from, to, width, rect, value, box, maxLines }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: Key.self)
            switch try c.decode(String.self, forKey: .kind) {
            case "text":
                self = .text(
                    try c.decode(String.self, forKey: .text), at: try c.decode(Point.self, forKey: .at), font: try c.decode(String.self, forKey: .font),
                    align: try c.decodeIfPresent(TextAlignment.self, forKey: .align) ?? .left)
            case "line":
                self = .line(
                    from: try c.decode(Point.self, forKey: .from), to: try c.decode(Point.self, forKey: .to),
                    width: try c.decodeIfPresent(Double.self, forKey: .width) ?? 0.3)
            case "rect":
                self = .rect(try c.decode(Rect.self, forKey: .rect), width: try c.decodeIfPresent(Double.self, forKey: .width) ?? 0.3)
            case "value":
                self = .value(
                    try c.decode(String.self, forKey: .value), box: try c.decode(Rect.self, forKey: .box), font: try c.decode(String.self, forKey: .font),
                    align: try c.decodeIfPresent(TextAlignment.self, forKey: .align) ?? .left, maxLines: try c.decodeIfPresent(Int.self, forKey: .maxLines) ?? 1
                )
            case let other:
                throw DecodingError.dataCorruptedError(forKey: .kind, in: c, debugDescription: "unknown kind “\(other)”: text, line, rect or value")
            }
        }
    }

    /// The layout's name.
    public var name: String
    /// Page width and height in millimetres.
    public var pageSize: [Double]
    /// The fonts by the names items use.
    public var fonts: [String: FontSpec]
    /// Everything on the page.
    public var items: [Item]

    /// Reads a layout file, naming the file and the problem when it cannot be used.
    public static func load(path: String) throws(RenderError) -> CollectionLayout {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw RenderError(code: .invalidLayout, message: "无法读取版式文件 \(path)", cause: error)
        }
        let layout: CollectionLayout
        do { layout = try JSONDecoder().decode(CollectionLayout.self, from: data) } catch {
            throw RenderError(code: .invalidLayout, message: "版式文件 \(path) 无法解析", cause: error)
        }
        guard layout.pageSize.count == 2 else { throw RenderError(code: .invalidLayout, message: "版式文件 \(path) 的 pageSize 应为 [宽, 高]") }
        for case .text(_, _, let font, _) in layout.items where layout.fonts[font] == nil {
            throw RenderError(code: .invalidLayout, message: "版式文件 \(path) 用了未定义的字体 \(font)")
        }
        for case .value(_, _, let font, _, _) in layout.items where layout.fonts[font] == nil {
            throw RenderError(code: .invalidLayout, message: "版式文件 \(path) 用了未定义的字体 \(font)")
        }
        return layout
    }

    /// The positioned items for `values` (a value the layout names and `values` lacks prints empty).
    func items(_ values: [String: String]) -> [PositionedItem] {
        items.compactMap { item in
            switch item {
            case .text(let text, let at, let font, let align): .text(text, at: at, font: fonts[font]!, align: align, pitch: nil)
            case .line(let from, let to, let width): .line(from: from, to: to, width: width, dash: [])
            case .rect(let rect, let width): .rect(rect, width: width)
            case .value(let key, let box, let font, let align, let maxLines):
                values[key].flatMap {
                    $0.isEmpty ? nil : .field($0, field: FieldKey(sheetValue: key), box: box, font: fonts[font]!, align: align, maxLines: maxLines)
                }
            }
        }
    }
}
