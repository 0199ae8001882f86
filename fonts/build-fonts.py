#!/usr/bin/env python3
"""Cuts the fonts the renderer uses out of Debian's Noto Serif CJK collection.

Why: cairo 1.16 copies a CFF font's whole table (23 MB for the Noto CJK
collection) into every PDF it subsets, and keeps CFF subroutines, which makes
letters slow and large. TrueType (glyf) outlines are subset glyph by glyph. So
the SC face is cut to the characters letters use and converted to TrueType
once, here, and renamed (the OFL asks modified fonts to carry their own name).

Output (fonts/build/, not in git):
  LetterSerifSC-Regular.ttf  CJK Unified Ideographs (BMP) and Extension A,
                             CJK punctuation, full-width forms, Latin
  LetterSerifSC-Bold.ttf     GB 2312 and ASCII, for titles
  HanaMinA.ttf, HanaMinB.ttf links to fonts-hanazono, the fallback for rare
                             characters (CJK Extensions A-F)
  BabelStoneHan.ttf          link to fonts-babelstone-han, the last fallback
                             (much of Extensions G and H)

Deterministic: the same fontTools version and source fonts give the same bytes.
"""
import os
import sys

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, newTable
from fontTools.ttLib.reorderGlyphs import reorderGlyphs

NOTO = "/usr/share/fonts/opentype/noto/NotoSerifCJK-{}.ttc"
SC_INDEX = 2  # JP, KR, SC, TC, HK in Debian's collection
HANAZONO = "/usr/share/fonts/truetype/hanazono"
BABELSTONE = "/usr/share/fonts/truetype/babelstone/BabelStoneHan.ttf"
# Largest distance, in font units (1/1000 em), between a cubic outline and the quadratic
# curves replacing it: 2 units is 0.01 mm at 14 pt, far below what paper shows, and keeps
# fewer points than 1 unit, so the subsets that go into every PDF are smaller.
MAX_ERROR = 2.0


def ranges(*pairs):
    out = set()
    for a, b in pairs:
        out.update(range(a, b + 1))
    return out


LATIN = ranges((0x20, 0x7E), (0xA0, 0xFF), (0x2010, 0x2027), (0x2030, 0x203B), (0x2190, 0x2193),
               (0x2212, 0x2212), (0x221A, 0x221A), (0x2460, 0x2473), (0x25A0, 0x25CF))
CJK_PUNCT = ranges((0x3000, 0x303F), (0xFF01, 0xFF5E), (0xFFE0, 0xFFE6), (0x3200, 0x32FF))
CJK_BMP = ranges((0x4E00, 0x9FFF), (0x3400, 0x4DBF), (0xF900, 0xFAFF))


def gb2312():
    chars = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(ord(bytes([hi, lo]).decode("gb2312")))
            except UnicodeDecodeError:
                pass
    return chars


def to_truetype(font):
    """Replaces CFF outlines with quadratic glyf outlines."""
    glyph_order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = glyph_order
    glyf.glyphs = {}
    for name in glyph_order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, MAX_ERROR, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for attr in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs",
                 "maxInstructionDefs", "maxStackElements", "maxSizeOfInstructions",
                 "maxComponentElements"):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    maxp.maxComponentDepth = 0
    post = font["post"]
    post.formatType = 3.0
    post.extraNames = []
    post.mapping = {}
    font["head"].glyphDataFormat = 0
    font.sfntVersion = "\0\1\0\0"


def order_by_codepoint(font):
    """Renumbers glyphs in Unicode order. cairo 1.16 maps every glyph it embeds back to its
    character through the format 4 cmap, and falls back to walking the whole cmap with
    FreeType (tens of thousands of steps a glyph) when that table is too large to use; with
    glyph ids in code point order the format 4 table shrinks to a few compact segments."""
    old = font.getGlyphOrder()
    best = font["cmap"].getBestCmap()
    seen = {old[0]}
    order = [old[0]]
    for code in sorted(best):
        name = best[code]
        if name not in seen:
            seen.add(name)
            order.append(name)
    order += [g for g in old if g not in seen]
    # reorderGlyphs also reorders the arrays that run parallel to GSUB/GPOS coverage tables.
    reorderGlyphs(font, order)


def rename(font, family, style):
    names = font["name"]
    full = f"{family} {style}" if style != "Regular" else family
    ps = f"{family.replace(' ', '')}-{style}"
    for rec in list(names.names):
        if rec.nameID in (1, 3, 4, 6, 16, 17, 21, 22):
            names.removeNames(nameID=rec.nameID)
    for nid, value in ((1, family), (2, style), (3, f"{ps};cut from Noto Serif CJK SC"),
                       (4, full), (6, ps)):
        names.setName(value, nid, 3, 1, 0x409)
        names.setName(value, nid, 1, 0, 0)


def cut(weight, unicodes, out_path):
    font = TTCollection(NOTO.format(weight)).fonts[SC_INDEX]
    options = subset.Options()
    # Only what horizontal Chinese text needs. Without 'locl' in particular: for Latin runs
    # (an ID number ending in X) it swaps digits for glyphs outside the cmap, which cairo
    # then maps back to characters by walking the whole cmap once per glyph.
    options.layout_features = ["ccmp", "kern", "halt", "palt", "chws"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False
    options.desubroutinize = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(unicodes))
    subsetter.subset(font)
    to_truetype(font)
    order_by_codepoint(font)
    rename(font, "LetterSerif SC", weight)
    font["head"].modified = font["head"].created
    font.save(out_path)
    print(f"{out_path}: {len(font.getGlyphOrder())} glyphs, {os.path.getsize(out_path)} bytes")


def main():
    out_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "build")
    os.makedirs(out_dir, exist_ok=True)
    targets = {
        "LetterSerifSC-Regular.ttf": ("Regular", LATIN | CJK_PUNCT | CJK_BMP),
        "LetterSerifSC-Bold.ttf": ("Bold", LATIN | CJK_PUNCT | gb2312()),
    }
    for name, (weight, unicodes) in targets.items():
        path = os.path.join(out_dir, name)
        if os.path.exists(path) and "--force" not in sys.argv:
            continue
        cut(weight, unicodes, path + ".tmp")
        os.replace(path + ".tmp", path)
    links = {"HanaMinA.ttf": os.path.join(HANAZONO, "HanaMinA.ttf"),
             "HanaMinB.ttf": os.path.join(HANAZONO, "HanaMinB.ttf"),
             "BabelStoneHan.ttf": BABELSTONE}
    for name, target in links.items():
        link = os.path.join(out_dir, name)
        if not os.path.lexists(link):
            os.symlink(target, link)


if __name__ == "__main__":
    main()
