import CCairo
import Foundation

/// Draws collection sheets (打印采集表): a layout's items with the register's values, as a
/// one-page A4 PDF. Not thread-safe: make one per thread, all sharing one ``FontLibrary``.
public final class CollectionSheetRenderer {
    private let painter: Painter

    /// A renderer drawing with `fonts`.
    public init(fonts: FontLibrary) {
        painter = Painter(fonts: fonts)
    }

    /// The sheet of `layout` filled with `values`, titled `title` in the PDF's metadata.
    public func render(_ layout: CollectionLayout, values: [String: String], title: String) throws(RenderError) -> Data {
        let items = layout.items(values)
        for case .field(let value, let field, _, _, _, _) in items {
            let missing = painter.fonts.missingCharacters(in: value)
            guard missing.isEmpty else {
                let list = missing.map { "“\(Character($0))”（U+\(String($0.value, radix: 16, uppercase: true))）" }
                throw RenderError(code: .missingGlyph, message: "\(field) 中的字符 \(list.joined(separator: "、")) 没有任何已配置的字体可以显示")
            }
        }
        let document = PDFDocument(widthMM: layout.pageSize[0], heightMM: layout.pageSize[1])
        document.setMetadata(title: title, created: "2000-01-01T00:00:00+08:00")
        try painter.paint(items, on: document.cr, seals: [:])
        let status = cairo_status(document.cr)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw RenderError(code: .cairo, message: "cairo 绘制失败：\(String(cString: cairo_status_to_string(status)))")
        }
        return try document.finish()
    }
}
