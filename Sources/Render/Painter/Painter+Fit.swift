import CCairo

extension Painter {
    /// Baseline distance of wrapped lines, as a multiple of the font size.
    static let linePitch = 1.15
    /// How much larger wrapped text must be than one shrunk line to be preferred.
    static let wrapGain = 1.2

    /// Draws `value` inside `box`: at its nominal size when it fits, else at the largest size
    /// that fits on up to `maxLines` lines. Never outside the box.
    func drawField(
        _ value: String, field: FieldKey, box: Rect, font: FontSpec, align: TextAlignment,
        maxLines: Int, on cr: OpaquePointer
    ) throws(RenderError) {
        let fitted = fit(value, box: box, font: font, maxLines: maxLines)
        if fitted.layout.unknownGlyphs > 0 {
            throw RenderError(code: .missingGlyph, message: "\(field) 的值“\(value)”中有字体无法显示的字符")
        }
        let size = fitted.size
        let lines = fitted.layout.lineCount
        let lastBaseline = pt(box.maxY) - EmBox.descent * size
        let pitch = Painter.linePitch * size
        let x: Double =
            switch align {
            case .left: pt(box.x)
            case .center: pt(box.x + box.width / 2)
            case .right: pt(box.maxX)
            }
        for line in 0..<lines {
            let baseline = lastBaseline - pitch * Double(lines - 1 - line)
            drawLine(fitted.layout, line: line, x: x, baseline: baseline, align: align, on: cr)
        }
    }

    /// The layout and size at which `value` fits `box`.
    func fit(_ value: String, box: Rect, font: FontSpec, maxLines: Int) -> (layout: TextLayout, size: Double) {
        let width = pt(box.width)
        let height = pt(box.height)
        let nominal = font.size
        let single = makeLayout(value, font: font)
        let naturalWidth = single.size.width
        // Text height needed for n lines, in multiples of the font size.
        func heightFactor(_ n: Int) -> Double { 1 + Painter.linePitch * Double(n - 1) }
        let oneLineSize = min(nominal, nominal * width / max(naturalWidth, 0.001), height / heightFactor(1))
        if oneLineSize >= nominal * 0.999 { return (single, nominal) }

        var shrunk = oneLineSize
        var oneLine = makeLayout(value, font: font.resized(shrunk))
        // Letter spacing does not scale with the size: shrink on until it truly fits.
        while oneLine.size.width > width + 0.01 && shrunk > 1 {
            shrunk *= 0.97
            oneLine = makeLayout(value, font: font.resized(shrunk))
        }
        var best = (layout: oneLine, size: shrunk, lines: 1)
        if maxLines > 1 {
            for n in 2...maxLines {
                var size = min(nominal, nominal * width * Double(n) / naturalWidth, height / heightFactor(n))
                // A wrapped value reads worse than one line: wrap only for a clearly larger size.
                guard size > best.size * Painter.wrapGain else { continue }
                for _ in 0..<20 {
                    if let layout = wrapped(
                        value, font: font.resized(size), lines: n, width: width,
                        natural: naturalWidth * size / nominal)
                    {
                        best = (layout, size, n)
                        break
                    }
                    // Wrapping wastes part of each line, so shrink until Pango agrees it fits.
                    size *= 0.96
                    if size <= best.size * Painter.wrapGain { break }
                }
            }
        }
        return (best.layout, best.size)
    }

    /// `value` wrapped into at most `lines` lines of balanced length (no lone last character),
    /// or nil when it does not fit `width`.
    private func wrapped(_ value: String, font: FontSpec, lines: Int, width: Double, natural: Double) -> TextLayout? {
        let layout = makeLayout(value, font: font)
        for wrapWidth in [min(width, natural / Double(lines) + font.size), width] {
            layout.wrap(widthPoints: wrapWidth)
            if layout.lineCount <= lines && layout.size.width <= width + 0.01 { return layout }
        }
        return nil
    }
}
