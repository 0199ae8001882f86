import CCairo

/// One Pango layout: a piece of text shaped in one font, owned and freed here.
final class TextLayout {
    let layout: OpaquePointer

    init(context: OpaquePointer, text: String, font: OpaquePointer, attributes: OpaquePointer?) {
        layout = pango_layout_new(context)
        pango_layout_set_font_description(layout, font)
        if let attributes { pango_layout_set_attributes(layout, attributes) }
        pango_layout_set_text(layout, text, -1)
    }

    deinit {
        ccairo_object_unref(UnsafeMutableRawPointer(layout))
    }

    /// Wraps at `widthPoints` (characters may break anywhere, as CJK text does), or not at all.
    func wrap(widthPoints: Double?) {
        if let widthPoints {
            pango_layout_set_width(layout, Int32(widthPoints * Double(PANGO_SCALE)))
            pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR)
        } else {
            pango_layout_set_width(layout, -1)
        }
    }

    /// Logical width and height in points.
    var size: (width: Double, height: Double) {
        var ink = PangoRectangle()
        var logical = PangoRectangle()
        pango_layout_get_extents(layout, &ink, &logical)
        return (Double(logical.width) / Double(PANGO_SCALE), Double(logical.height) / Double(PANGO_SCALE))
    }

    /// The first line's baseline below the layout's top, in points.
    var baseline: Double { Double(pango_layout_get_baseline(layout)) / Double(PANGO_SCALE) }

    /// Number of lines after wrapping.
    var lineCount: Int { Int(pango_layout_get_line_count(layout)) }

    /// Glyphs no font had (drawn as boxes if painted).
    var unknownGlyphs: Int { Int(pango_layout_get_unknown_glyphs_count(layout)) }

    /// The horizontal centre of the character at UTF-8 byte `index`, in points from the left.
    func characterCentre(byteIndex: Int) -> Double {
        var rect = PangoRectangle()
        pango_layout_index_to_pos(layout, Int32(byteIndex), &rect)
        return (Double(rect.x) + Double(rect.width) / 2) / Double(PANGO_SCALE)
    }

    /// Draws with the layout's top-left at (`x`, `y`) points.
    func show(on cr: OpaquePointer, x: Double, y: Double) {
        cairo_move_to(cr, x, y)
        pango_cairo_show_layout(cr, layout)
    }
}
