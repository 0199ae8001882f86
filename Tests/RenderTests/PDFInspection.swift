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
                      let x = Double(c[12]), let y = Double(c[13]) else { return nil }
                return (w, h, c[8], object, x, y)
            }
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
            while bytes[i] >= 0x30 && bytes[i] <= 0x39 { value = value * 10 + Int(bytes[i] - 0x30); i += 1 }
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
        -> (minX: Double, minY: Double, maxX: Double, maxY: Double)? {
        var minX = Int.max, minY = Int.max, maxX = -1, maxY = -1
        let top = Int(y0 / 25.4 * Double(dpi)), bottom = min(height - 1, Int(y1 / 25.4 * Double(dpi)))
        for y in top...bottom {
            for x in 0..<width where predicate(rgb(x, y)) {
                minX = min(minX, x); maxX = max(maxX, x); minY = min(minY, y); maxY = max(maxY, y)
            }
        }
        return maxX < 0 ? nil : (mm(minX), mm(minY), mm(maxX + 1), mm(maxY + 1))
    }

    /// Rows (mm) where more than `fraction` of the pixels between `x0` and `x1` mm are dark.
    func darkRows(x0: Double, x1: Double, fraction: Double = 0.8) -> [Double] {
        let a = Int(x0 / 25.4 * Double(dpi)), b = Int(x1 / 25.4 * Double(dpi))
        return (0..<height).filter { y in
            let dark = (a..<b).filter { let p = rgb($0, y); return p.r + p.g + p.b < 300 }.count
            return Double(dark) > fraction * Double(b - a)
        }.map { mm($0) }
    }
}

/// Red seal ink, as opposed to black text and white paper.
func isSealRed(_ p: (r: Int, g: Int, b: Int)) -> Bool { p.r > 150 && p.g < 110 && p.b < 110 }
