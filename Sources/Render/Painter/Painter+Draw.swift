import CCairo

/// Where an ideographic em box sits around the baseline, as fractions of the font size.
enum EmBox {
    static let ascent = 0.88
    static let descent = 0.12
    /// The centre of a CJK glyph's ink above the baseline.
    static let inkCentre = 0.38
}

extension Painter {
    /// Draws `items` onto `cr`; `seals` holds the surfaces for the seal roles present.
    func paint(_ items: [PositionedItem], on cr: OpaquePointer, seals: [SealRole: SealSurface]) throws(RenderError) {
        cairo_set_source_rgb(cr, 0, 0, 0)
        for item in items {
            switch item {
            case .rect(let r, let width):
                cairo_set_line_width(cr, pt(width))
                cairo_set_dash(cr, nil, 0, 0)
                cairo_rectangle(cr, pt(r.x), pt(r.y), pt(r.width), pt(r.height))
                cairo_stroke(cr)
            case .line(let from, let to, let width, let dash):
                cairo_set_line_width(cr, pt(width))
                let pattern = dash.map(pt)
                cairo_set_dash(cr, pattern, Int32(pattern.count), 0)
                cairo_move_to(cr, pt(from.x), pt(from.y))
                cairo_line_to(cr, pt(to.x), pt(to.y))
                cairo_stroke(cr)
            case .text(let text, let at, let font, let align, let pitch):
                if let pitch {
                    drawVertical(text, centre: at, font: font, pitch: pitch, on: cr)
                } else {
                    let layout = fixedLayout(text, font: font)
                    drawLine(layout, line: 0, x: pt(at.x), baseline: pt(at.y), align: align, on: cr)
                }
            case .field(let value, let field, let box, let font, let align, let maxLines):
                try drawField(value, field: field, box: box, font: font, align: align, maxLines: maxLines, on: cr)
            case .tick(let centre, let size):
                drawTick(centre: centre, size: size, on: cr)
            case .seal(let role, let square, let clip):
                guard let surface = seals[role] else { continue }
                drawSeal(surface, square: square, clip: clip, on: cr)
            }
        }
    }

    /// Draws line `line` of `layout` with its baseline at `baseline`, aligned on `x`.
    func drawLine(_ layout: TextLayout, line: Int, x: Double, baseline: Double, align: TextAlignment, on cr: OpaquePointer) {
        guard let pangoLine = pango_layout_get_line_readonly(layout.layout, Int32(line)) else { return }
        var ink = PangoRectangle()
        var logical = PangoRectangle()
        pango_layout_line_get_extents(pangoLine, &ink, &logical)
        let width = Double(logical.width) / Double(PANGO_SCALE)
        let left: Double =
            switch align {
            case .left: x
            case .center: x - width / 2
            case .right: x - width
            }
        cairo_move_to(cr, left - Double(logical.x) / Double(PANGO_SCALE), baseline)
        pango_cairo_show_layout_line(cr, pangoLine)
    }

    private func drawVertical(_ text: String, centre: Point, font: FontSpec, pitch: Double, on cr: OpaquePointer) {
        let characters = Array(text)
        let first = centre.y - pitch * Double(characters.count - 1) / 2
        for (i, character) in characters.enumerated() {
            let layout = fixedLayout(String(character), font: font)
            let y = pt(first + pitch * Double(i)) + EmBox.inkCentre * font.size
            drawLine(layout, line: 0, x: pt(centre.x), baseline: y, align: .center, on: cr)
        }
    }

    private func drawTick(centre: Point, size: Double, on cr: OpaquePointer) {
        let s = pt(size)
        let x = pt(centre.x)
        let y = pt(centre.y)
        cairo_save(cr)
        cairo_set_dash(cr, nil, 0, 0)
        cairo_set_line_width(cr, s * 0.11)
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND)
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND)
        cairo_move_to(cr, x - s * 0.42, y + s * 0.02)
        cairo_line_to(cr, x - s * 0.12, y + s * 0.36)
        cairo_line_to(cr, x + s * 0.46, y - s * 0.44)
        cairo_stroke(cr)
        cairo_restore(cr)
    }

    private func drawSeal(_ seal: SealSurface, square: Rect, clip: [Rect], on cr: OpaquePointer) {
        cairo_save(cr)
        for r in clip { cairo_rectangle(cr, pt(r.x), pt(r.y), pt(r.width), pt(r.height)) }
        if !clip.isEmpty { cairo_clip(cr) }
        cairo_translate(cr, pt(square.x), pt(square.y))
        cairo_scale(cr, pt(square.width) / Double(seal.pixels), pt(square.height) / Double(seal.pixels))
        cairo_set_source_surface(cr, seal.surface, 0, 0)
        // Seal ink over the words: multiplying keeps the text readable through it.
        cairo_set_operator(cr, CAIRO_OPERATOR_MULTIPLY)
        cairo_paint(cr)
        cairo_restore(cr)
    }
}
