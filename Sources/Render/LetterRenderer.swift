import CCairo
import CNumberPrint
import Foundation
import LetterModel
import Seal

/// Renders letters as PDF with one layout. Not thread-safe: make one per thread, all sharing
/// one ``FontLibrary``.
public final class LetterRenderer {
    /// The layout this renderer draws.
    public let layout: LayoutFile
    private let resolver: LayoutResolver
    private let painter: Painter
    private var sealSurfaces: [SealImage: SealSurface] = [:]

    /// Creates a renderer for `layout` drawing with `fonts`.
    public init(fonts: FontLibrary, layout: LayoutFile) {
        self.layout = layout
        resolver = LayoutResolver(layout: layout)
        painter = Painter(fonts: fonts)
    }

    /// Renders `parts` of `letter` on one A4 page.
    ///
    /// `printer` shifts (and stretches) everything by its profile, for overprinting; `layout`,
    /// when given, replaces the renderer's own for this letter (a county's own print run, moved
    /// on its scan: same page and fonts, blanks elsewhere).
    ///
    /// - Parameters:
    ///   - seal: the issuing organization's seal, printed over （盖章） on part 2 and across the
    ///     first tear line; nil for an unsealed draft.
    ///   - receiptSeal: the receiving organization's seal over part 3's （盖章）, once it has
    ///     returned the receipt.
    public func render(
        _ letter: Letter, seal: SealImage?, receiptSeal: SealImage? = nil,
        parts: Set<LetterPart> = Set(LetterPart.allCases),
        printer: PrinterProfile? = nil, layout: LayoutFile? = nil
    ) throws(RenderError) -> Data {
        let page = layout ?? self.layout
        let document = PDFDocument(widthMM: page.pageSize[0], heightMM: page.pageSize[1])
        document.setMetadata(title: LetterRenderer.title(letter), created: "\(letter.issuedOn)T00:00:00+08:00")
        try draw(
            letter, seal: seal, receiptSeal: receiptSeal, parts: parts, offset: printer?.offset ?? Point(x: 0, y: 0),
            scale: printer?.scaleFactor ?? 1, resolver: layout.map(LayoutResolver.init) ?? resolver, into: document)
        return try document.finish()
    }

    /// The calibration sheet of `printer` for this renderer's layout, as PDF.
    public func renderCalibration(printer: PrinterProfile) throws(RenderError) -> Data {
        let document = PDFDocument(widthMM: layout.pageSize[0], heightMM: layout.pageSize[1])
        document.setMetadata(title: "套打校准页 \(layout.name) \(printer.name)", created: "2000-01-01T00:00:00+08:00")
        try painter.paint(CalibrationSheet(layout: layout, printer: printer).items(), on: document.cr, seals: [:])
        return try document.finish()
    }

    /// The PDF title: 中国共产党党员组织关系介绍信 第N号.
    public static func title(_ letter: Letter) -> String {
        "中国共产党党员组织关系介绍信 第\(letter.number)号"
    }

    func draw(
        _ letter: Letter, seal: SealImage?, receiptSeal: SealImage?, parts: Set<LetterPart>,
        offset: Point, scale: Double, resolver: LayoutResolver? = nil, into document: PDFDocument
    ) throws(RenderError) {
        let resolver = resolver ?? self.resolver
        var surfaces: [SealRole: SealSurface] = [:]
        if let seal { surfaces[.issuing] = try surface(for: seal) }
        if let receiptSeal { surfaces[.receiving] = try surface(for: receiptSeal) }
        let items = resolver.resolve(letter, parts: parts, seals: Set(surfaces.keys), offset: offset, scale: scale)
        try checkGlyphs(items)
        // cairo prints the page's operators as it draws (number_print.c).
        letters_set_fast_numbers(1)
        defer { letters_set_fast_numbers(0) }
        try painter.paint(items, on: document.cr, seals: surfaces)
        let status = cairo_status(document.cr)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw RenderError(code: .cairo, message: "cairo 绘制失败：\(String(cString: cairo_status_to_string(status)))")
        }
    }

    /// Fails, naming the field, the character and its code point, when a value holds a
    /// character no configured font has: a letter must never print a missing-glyph box.
    private func checkGlyphs(_ items: [PositionedItem]) throws(RenderError) {
        for case .field(let value, let field, _, _, _, _) in items {
            let missing = painter.fonts.missingCharacters(in: value)
            guard missing.isEmpty else {
                let list = missing.map { "“\(Character($0))”（U+\(String($0.value, radix: 16, uppercase: true))）" }
                throw RenderError(
                    code: .missingGlyph,
                    message: "\(field) 中的字符 \(list.joined(separator: "、")) 没有任何已配置的字体可以显示；请核对该字，或补充字体")
            }
        }
    }

    private func surface(for seal: SealImage) throws(RenderError) -> SealSurface {
        if let cached = sealSurfaces[seal] { return cached }
        if sealSurfaces.count >= 16 { sealSurfaces.removeAll() }
        let surface = try SealSurface(seal)
        sealSurfaces[seal] = surface
        return surface
    }
}
