import Foundation

/// What poppler-utils read back from a PDF: the checks a person would make with them.
struct PDFInspection {
    let path: String

    /// The text row by row as laid out on the page (`pdftotext -layout`), whitespace removed
    /// (CJK text has no spaces to keep).
    var text: String {
        get throws { try run("pdftotext", ["-layout", "-enc", "UTF-8", path, "-"]).filter { !$0.isWhitespace } }
    }

    /// `pdfinfo` fields by name.
    var info: [String: String] {
        get throws {
            var fields: [String: String] = [:]
            for line in try run("pdfinfo", ["-isodates", path]).split(separator: "\n") {
                guard let colon = line.firstIndex(of: ":") else { continue }
                fields[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
            return fields
        }
    }

    /// Rows of `pdffonts`: name, type, emb, sub, uni.
    var fonts: [(name: String, embedded: Bool, subset: Bool)] {
        get throws {
            try run("pdffonts", [path]).split(separator: "\n").dropFirst(2).map { line in
                let columns = line.split(separator: " ", omittingEmptySubsequences: true)
                let n = columns.count
                return (String(columns[0]), columns[n - 5] == "yes", columns[n - 4] == "yes")
            }
        }
    }

    /// Rows of `pdfimages -list`: width, height, encoding, object number, x and y ppi.
    var images: [(width: Int, height: Int, encoding: String, object: Int, xppi: Double, yppi: Double)] {
        get throws {
            // page num type width height color comp bpc enc interp object ID x-ppi y-ppi size ratio
            try run("pdfimages", ["-list", path]).split(separator: "\n").dropFirst(2).compactMap { line in
                let c = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
                guard c.count >= 14, let w = Int(c[3]), let h = Int(c[4]), let object = Int(c[10]),
                    let x = Double(c[12]), let y = Double(c[13])
                else { return nil }
                return (w, h, c[8], object, x, y)
            }
        }
    }

    /// Words with their boxes in mm from the page's top-left (`pdftotext -bbox`), page by page.
    var words: [[Word]] {
        get throws {
            let html = try run("pdftotext", ["-bbox", "-enc", "UTF-8", path, "-"])
            var pages: [[Word]] = []
            for page in html.components(separatedBy: "<page ").dropFirst() {
                var words: [Word] = []
                for chunk in page.components(separatedBy: "<word ").dropFirst() {
                    func value(_ key: String) -> Double {
                        let start = chunk.range(of: key + "=\"")!.upperBound
                        return Double(chunk[start...].prefix { $0 != "\"" })!
                    }
                    let text = chunk[chunk.index(after: chunk.firstIndex(of: ">")!)...].prefix { $0 != "<" }
                    words.append(
                        Word(
                            text: String(text), xMin: mm(fromPoints: value("xMin")), yMin: mm(fromPoints: value("yMin")),
                            xMax: mm(fromPoints: value("xMax")), yMax: mm(fromPoints: value("yMax"))))
                }
                pages.append(words)
            }
            return pages
        }
    }

    /// The page rendered at `dpi` as RGB pixels.
    func raster(dpi: Int) throws -> Raster {
        let base = path + "-\(dpi)"
        try run("pdftoppm", ["-r", "\(dpi)", "-singlefile", path, base])
        return try Raster(ppm: Data(contentsOf: URL(fileURLWithPath: base + ".ppm")), dpi: dpi)
    }
}

/// An RGB raster read from a binary PPM.
struct Raster {
    let width: Int
    let height: Int
    let dpi: Int
    let pixels: [UInt8]

    init(ppm: Data, dpi: Int) throws {
        let bytes = [UInt8](ppm)
        var fields: [Int] = []
        var i = 2
        while fields.count < 3 {
            while bytes[i] == 0x20 || bytes[i] == 0x0A { i += 1 }
            var value = 0
            while bytes[i] >= 0x30 && bytes[i] <= 0x39 {
                value = value * 10 + Int(bytes[i] - 0x30)
                i += 1
            }
            fields.append(value)
        }
        width = fields[0]
        height = fields[1]
        self.dpi = dpi
        pixels = Array(bytes[(i + 1)...])
    }

    func rgb(_ x: Int, _ y: Int) -> (r: Int, g: Int, b: Int) {
        let o = (y * width + x) * 3
        return (Int(pixels[o]), Int(pixels[o + 1]), Int(pixels[o + 2]))
    }

    func mm(_ px: Int) -> Double { Double(px) * 25.4 / Double(dpi) }

    /// Bounding box in mm of pixels matching `predicate` inside the band `y0...y1` mm.
    func bounds(yFrom y0: Double = 0, to y1: Double = 297, where predicate: ((r: Int, g: Int, b: Int)) -> Bool)
        -> (minX: Double, minY: Double, maxX: Double, maxY: Double)?
    {
        var minX = Int.max
        var minY = Int.max
        var maxX = -1
        var maxY = -1
        let top = Int(y0 / 25.4 * Double(dpi))
        let bottom = min(height - 1, Int(y1 / 25.4 * Double(dpi)))
        for y in top...bottom {
            for x in 0..<width where predicate(rgb(x, y)) {
                minX = min(minX, x)
                maxX = max(maxX, x)
                minY = min(minY, y)
                maxY = max(maxY, y)
            }
        }
        return maxX < 0 ? nil : (mm(minX), mm(minY), mm(maxX + 1), mm(maxY + 1))
    }

    /// Rows (mm) where more than `fraction` of the pixels between `x0` and `x1` mm are dark.
    func darkRows(x0: Double, x1: Double, fraction: Double = 0.8) -> [Double] {
        let a = Int(x0 / 25.4 * Double(dpi))
        let b = Int(x1 / 25.4 * Double(dpi))
        return (0..<height).filter { y in
            let dark = (a..<b).filter {
                let p = rgb($0, y)
                return p.r + p.g + p.b < 300
            }.count
            return Double(dark) > fraction * Double(b - a)
        }.map { mm($0) }
    }
}

/// Red seal ink, as opposed to black text and white paper.
func isSealRed(_ p: (r: Int, g: Int, b: Int)) -> Bool { p.r > 150 && p.g < 110 && p.b < 110 }

/// A word as pdftotext places it: its box spans the font's ascent and descent.
struct Word: Equatable {
    let text: String
    let xMin: Double
    let yMin: Double
    let xMax: Double
    let yMax: Double

    /// The font's ascent and descent in the PDF (1151 and 286 units of 1000).
    static let ascent = 1.151, descent = 0.286

    /// The size of the type, in mm.
    var size: Double { (yMax - yMin) / (Word.ascent + Word.descent) }
    /// The baseline, in mm from the top.
    var baseline: Double { yMax - Word.descent * size }
    /// The ideographic em box the glyphs are designed in: 0.88 above the baseline, 0.12 below.
    var emTop: Double { baseline - 0.88 * size }
    var emBottom: Double { baseline + 0.12 * size }
    var centre: (x: Double, y: Double) { ((xMin + xMax) / 2, (emTop + emBottom) / 2) }
}

func mm(fromPoints p: Double) -> Double { p * 25.4 / 72 }

extension Raster {
    /// The column (mm) near `x` holding the most dark pixels between `y0` and `y1` mm.
    func darkestColumn(near x: Double, within: Double = 1.5, y0: Double, y1: Double) -> Double {
        let px = { (mm: Double) in Int((mm / 25.4 * Double(self.dpi)).rounded()) }
        var best = (count: -1, x: 0)
        for cx in px(x - within)...px(x + within) {
            let count = (px(y0)...px(y1)).filter {
                let p = rgb(cx, $0)
                return p.r + p.g + p.b < 384
            }.count
            if count > best.count { best = (count, cx) }
        }
        return self.mm(best.x)
    }

    /// The row (mm) near `y` holding the most dark pixels between `x0` and `x1` mm.
    func darkestRow(near y: Double, within: Double = 1.5, x0: Double, x1: Double) -> Double {
        let px = { (mm: Double) in Int((mm / 25.4 * Double(self.dpi)).rounded()) }
        var best = (count: -1, y: 0)
        for cy in px(y - within)...px(y + within) {
            let count = (px(x0)...px(x1)).filter {
                let p = rgb($0, cy)
                return p.r + p.g + p.b < 384
            }.count
            if count > best.count { best = (count, cy) }
        }
        return self.mm(best.y)
    }
}
