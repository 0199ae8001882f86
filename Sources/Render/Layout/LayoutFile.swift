import Foundation

/// A letter layout read from `layouts/*.json`: the page, the fonts, and every line, word and
/// blank of each part in millimetres from the paper's top-left edge.
public struct LayoutFile: Sendable, Hashable, Codable {
    /// One part's region of the sheet and its items.
    public struct Part: Sendable, Hashable, Codable {
        /// Which part.
        public var part: LetterPart
        /// The band of the sheet the part occupies: `[top, bottom]` in mm. Seals are clipped to it.
        public var region: [Double]
        /// What the part holds.
        public var items: [LayoutItem]
    }

    /// An item that belongs to more than one part, such as a tear line or the cross-page seal.
    public struct Shared: Sendable, Hashable, Codable {
        /// The parts it spans; drawn when any of them is rendered, and seals clipped to them.
        public var parts: [LetterPart]
        /// The item.
        public var item: LayoutItem
    }

    /// The layout's name, such as `template-one`.
    public var name: String
    /// What it is for.
    public var description: String?
    /// Page width and height in mm.
    public var pageSize: [Double]
    /// Fonts by the names items use.
    public var fonts: [String: FontSpec]
    /// The parts, top to bottom.
    public var parts: [Part]
    /// Items spanning parts.
    public var shared: [Shared]

    /// Reads and checks a layout file.
    public static func load(path: String) throws(RenderError) -> LayoutFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RenderError(code: .invalidLayout, message: "找不到版式文件 \(path)")
        }
        return try decode(data, source: path)
    }

    /// Reads and checks layout JSON; `source` names it in errors.
    public static func decode(_ data: Data, source: String) throws(RenderError) -> LayoutFile {
        let layout: LayoutFile
        do {
            layout = try JSONDecoder().decode(LayoutFile.self, from: data)
        } catch {
            throw RenderError(code: .invalidLayout, message: "版式文件 \(source) 格式有误：\(LayoutFile.describe(error))")
        }
        try layout.check(source: source)
        return layout
    }

    private func check(source: String) throws(RenderError) {
        func fail(_ text: String) -> RenderError {
            RenderError(code: .invalidLayout, message: "版式文件 \(source)：\(text)")
        }
        guard pageSize.count == 2, pageSize.allSatisfy({ $0 > 0 }) else { throw fail("pageSize 应为 [宽, 高]（毫米）") }
        for part in parts where part.region.count != 2 || part.region[0] >= part.region[1] {
            throw fail("\(part.part.rawValue) 的 region 应为 [上, 下]（毫米），上 < 下")
        }
        let all = parts.flatMap(\.items) + shared.map(\.item)
        for item in all {
            switch item {
            case .text(_, _, let font, _, _), .field(_, _, let font, _, _):
                guard fonts[font] != nil else { throw fail("未定义的字体“\(font)”") }
            default:
                break
            }
        }
    }

    /// Whether the layout prints seals at all (template one does; overprinting does not).
    public var printsSeals: Bool {
        (parts.flatMap(\.items) + shared.map(\.item)).contains { if case .seal = $0 { true } else { false } }
    }

    /// The band of `part`, or nil when the layout does not have it.
    func region(of part: LetterPart) -> Rect? {
        parts.first { $0.part == part }.map {
            Rect(x: 0, y: $0.region[0], width: pageSize[0], height: $0.region[1] - $0.region[0])
        }
    }

    static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        }
        switch error {
        case .dataCorrupted(let c): return "\(path(c.codingPath)) \(c.debugDescription)"
        case .keyNotFound(let key, let c): return "\(path(c.codingPath)) 缺少 \(key.stringValue)"
        case .typeMismatch(_, let c): return "\(path(c.codingPath)) 类型不符：\(c.debugDescription)"
        case .valueNotFound(_, let c): return "\(path(c.codingPath)) 缺少值"
        @unknown default: return "\(error)"
        }
    }
}
