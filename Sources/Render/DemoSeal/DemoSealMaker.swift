import CCairo
import Foundation
import Seal

/// Draws a demonstration seal: a red ring 1.5 mm wide, the organization's name around the arc
/// in a Song face, a hammer-and-sickle emblem 16 mm across and the word 样章 ("specimen"), so
/// that it can never pass for a real seal. Output: a 500×500 px, 300 dpi JPEG.
public final class DemoSealMaker {
    private let painter: Painter
    private static let pxPerMM = Double(SealRules.pixels) / SealRules.diameterMillimetres
    private static let red = (r: 0.86, g: 0.08, b: 0.10)

    /// Creates a maker drawing with `fonts`.
    public init(fonts: FontLibrary) {
        painter = Painter(fonts: fonts)
    }

    /// The JPEG of a demo seal for `name` (2–40 characters).
    public func make(name: String) throws(RenderError) -> Data {
        let characters = Array(name.trimmingCharacters(in: .whitespacesAndNewlines))
        guard (2...40).contains(characters.count) else {
            throw RenderError(code: .seal, message: "印章上的组织名称应为 2–40 个字，实为 \(characters.count) 个")
        }
        let missing = painter.fonts.missingCharacters(in: name)
        guard missing.isEmpty else {
            throw RenderError(code: .missingGlyph, message: "名称中的字符“\(String(String.UnicodeScalarView(missing)))”没有字体可以显示")
        }
        let size = SealRules.pixels
        let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(size), Int32(size))!
        defer { cairo_surface_destroy(surface) }
        let cr = cairo_create(surface)!
        defer { cairo_destroy(cr) }
        cairo_set_source_rgb(cr, 1, 1, 1)
        cairo_paint(cr)
        cairo_set_source_rgb(cr, DemoSealMaker.red.r, DemoSealMaker.red.g, DemoSealMaker.red.b)
        let c = Double(size) / 2
        let u = DemoSealMaker.pxPerMM
        // Ring: 42 mm across, 1.5 mm wide.
        cairo_set_line_width(cr, 1.5 * u)
        cairo_arc(cr, c, c, (21.0 - 0.75) * u, 0, 2 * .pi)
        cairo_stroke(cr)
        drawArcText(characters, centre: c, radius: 15.6 * u, on: cr)
        drawEmblem(centreX: c, centreY: c - 1.2 * u, across: 16 * u, on: cr)
        let mark = painter.makeLayout("样章", font: FontSpec(face: .bold, size: 5.0 * u))
        painter.drawLine(mark, line: 0, x: c, baseline: c + 14.2 * u, align: .center, on: cr)
        cairo_surface_flush(surface)
        let stride = Int(cairo_image_surface_get_stride(surface))
        do {
            return try JPEGEncoder.encode(
                cairo_image_surface_get_data(surface), width: size, height: size,
                stride: stride, quality: 92, dpi: SealRules.dpi)
        } catch {
            throw RenderError(code: .seal, message: "无法编码印章 JPEG", cause: error)
        }
    }

    /// The name around the top of the ring, from lower left to lower right, each character
    /// upright towards the centre and narrowed as seal characters are.
    private func drawArcText(_ characters: [Character], centre c: Double, radius: Double, on cr: OpaquePointer) {
        let n = characters.count
        let span = min(250.0, 40.0 + 16.0 * Double(n)) * .pi / 180
        let step = n > 1 ? span / Double(n - 1) : 0
        let advance = radius * (n > 1 ? step : 1)
        let fontSize = min(radius * 0.36, advance * 1.15)
        let font = FontSpec(face: .bold, size: fontSize)
        for (i, character) in characters.enumerated() {
            let angle = -span / 2 + step * Double(i)
            cairo_save(cr)
            cairo_translate(cr, c, c)
            cairo_rotate(cr, angle)
            cairo_translate(cr, 0, -radius)
            cairo_scale(cr, 0.78, 1.2)
            let layout = painter.makeLayout(String(character), font: font)
            painter.drawLine(layout, line: 0, x: 0, baseline: EmBox.inkCentre * fontSize, align: .center, on: cr)
            cairo_restore(cr)
        }
    }

    /// A hammer and sickle `across` px wide, drawn with paths.
    private func drawEmblem(centreX x: Double, centreY y: Double, across: Double, on cr: OpaquePointer) {
        let u = across / 2
        cairo_save(cr)
        cairo_translate(cr, x, y)
        // Sickle blade: the crescent between two offset circles, from the handle over the top
        // to the point at lower right.
        cairo_new_path(cr)
        cairo_arc(cr, 0, 0, 0.80 * u, 0.80 * .pi, 2.25 * .pi)
        cairo_arc_negative(cr, 0.13 * u, -0.02 * u, 0.63 * u, 2.22 * .pi, 0.86 * .pi)
        cairo_close_path(cr)
        cairo_fill(cr)
        // Sickle handle.
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND)
        cairo_set_line_width(cr, 0.17 * u)
        cairo_move_to(cr, -0.50 * u, 0.50 * u)
        cairo_line_to(cr, -0.82 * u, 0.84 * u)
        cairo_stroke(cr)
        // Hammer: handle from lower right to the head at upper left.
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT)
        cairo_set_line_width(cr, 0.15 * u)
        cairo_move_to(cr, 0.78 * u, 0.80 * u)
        cairo_line_to(cr, -0.30 * u, -0.28 * u)
        cairo_stroke(cr)
        cairo_save(cr)
        cairo_translate(cr, -0.38 * u, -0.36 * u)
        cairo_rotate(cr, -.pi / 4)
        cairo_rectangle(cr, -0.36 * u, -0.14 * u, 0.72 * u, 0.28 * u)
        cairo_fill(cr)
        cairo_restore(cr)
        cairo_restore(cr)
    }
}
