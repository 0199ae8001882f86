import CCairo

/// Draws positioned items with Cairo and Pango: the second rendering step.
///
/// Owns a Pango font map and context made from the shared ``FontLibrary``; not thread-safe,
/// so each thread has its own painter. Layouts of fixed words are kept between letters,
/// since every letter repeats them.
final class Painter {
    let fonts: FontLibrary
    private let fontMap: UnsafeMutablePointer<PangoFontMap>
    let context: OpaquePointer
    private var descriptions: [FontSpec: OpaquePointer] = [:]
    private var fixedLayouts: [FixedKey: TextLayout] = [:]

    private struct FixedKey: Hashable {
        let text: String
        let font: FontSpec
    }

    init(fonts: FontLibrary) {
        self.fonts = fonts
        fontMap = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT)!
        pango_fc_font_map_set_config(ccairo_fc_font_map(fontMap), fonts.config)
        context = pango_font_map_create_context(fontMap)
        // Sizes are points on paper, and glyphs sit where the font puts them, unhinted.
        pango_cairo_context_set_resolution(context, 72)
        let options = cairo_font_options_create()
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY)
        pango_cairo_context_set_font_options(context, options)
        cairo_font_options_destroy(options)
        pango_context_set_round_glyph_positions(context, 0)
    }

    deinit {
        fixedLayouts.removeAll()
        for description in descriptions.values { pango_font_description_free(description) }
        ccairo_object_unref(UnsafeMutableRawPointer(context))
        ccairo_object_unref(UnsafeMutableRawPointer(fontMap))
    }

    /// A new layout of `text` in `font`.
    func makeLayout(_ text: String, font: FontSpec) -> TextLayout {
        let description = self.description(for: font)
        var attributes: OpaquePointer?
        if font.spacing != nil || font.features != nil {
            attributes = pango_attr_list_new()
            if let spacing = font.spacing {
                pango_attr_list_insert(attributes, pango_attr_letter_spacing_new(Int32(pt(spacing) * Double(PANGO_SCALE))))
            }
            if let features = font.features {
                pango_attr_list_insert(attributes, pango_attr_font_features_new(features))
            }
        }
        defer { if let attributes { pango_attr_list_unref(attributes) } }
        return TextLayout(context: context, text: text, font: description, attributes: attributes)
    }

    /// The layout of fixed words, made once per painter.
    func fixedLayout(_ text: String, font: FontSpec) -> TextLayout {
        let key = FixedKey(text: text, font: font)
        if let layout = fixedLayouts[key] { return layout }
        let layout = makeLayout(text, font: font)
        fixedLayouts[key] = layout
        return layout
    }

    private func description(for font: FontSpec) -> OpaquePointer {
        let key = FontSpec(face: font.face, size: font.size)
        if let d = descriptions[key] { return d }
        let d = pango_font_description_from_string(FontLibrary.families)!
        pango_font_description_set_weight(d, font.face == .bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL)
        pango_font_description_set_size(d, Int32(font.size * Double(PANGO_SCALE)))
        // A batch may shrink many values to many sizes; keep the cache bounded.
        if descriptions.count > 256 {
            for (k, v) in descriptions {
                pango_font_description_free(v)
                descriptions[k] = nil
            }
        }
        descriptions[key] = d
        return d
    }
}
