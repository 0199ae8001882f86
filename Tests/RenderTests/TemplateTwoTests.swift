import Foundation
import LetterModel
import Seal
import Testing

@testable import Render

/// Template two, overprinted onto pre-printed sheets: only values, each inside its blank,
/// moved exactly by the printer's offset.
@Suite struct TemplateTwoTests {
    let printer = PrinterProfile(name: "县委组织部-1号机", offsetX: 2.0, offsetY: -1.5)

    func render(
        _ letter: Letter = .sample, printer: PrinterProfile? = nil, seal: SealImage? = nil,
        name: String = #function
    ) throws -> PDFInspection {
        let renderer = LetterRenderer(fonts: Fixtures.fonts, layout: Fixtures.templateTwo)
        let pdf = try renderer.render(letter, seal: seal, printer: printer)
        return PDFInspection(path: try save(pdf, as: "two-" + name.filter { $0.isLetter } + ".pdf"))
    }

    /// The field boxes of template two for `letter`, moved by `offset`.
    func boxes(_ letter: Letter, offset: Point = Point(x: 0, y: 0)) -> [(FieldKey, Rect, String)] {
        LayoutResolver(layout: Fixtures.templateTwo)
            .resolve(letter, parts: Set(LetterPart.allCases), seals: [], offset: offset)
            .compactMap { if case .field(let value, let key, let box, _, _, _) = $0 { (key, box, value) } else { nil } }
    }

    func expectEveryWordInsideItsBlank(_ pdf: PDFInspection, letter: Letter, offset: Point = Point(x: 0, y: 0)) throws {
        let words = try #require(try pdf.words.first)
        let fields = boxes(letter, offset: offset)
        // Keyed by the blank's index: a value such as the name has a blank in every part.
        var printed: [Int: String] = [:]
        for word in words {
            let c = word.centre
            let matches = fields.indices.filter { fields[$0].1.contains(Rect(x: c.x, y: c.y, width: 0, height: 0), tolerance: 0) }
            guard let index = matches.first, matches.count == 1 else {
                Issue.record("“\(word.text)” at \(c) lies in no blank (or in several)")
                continue
            }
            let (key, box, _) = fields[index]
            let tolerance = 0.1
            #expect(word.xMin >= box.x - tolerance && word.xMax <= box.maxX + tolerance, "\(key) “\(word.text)” leaves its blank sideways")
            #expect(word.emTop >= box.y - tolerance && word.emBottom <= box.maxY + tolerance, "\(key) “\(word.text)” leaves its blank vertically")
            printed[index, default: ""] += word.text
        }
        for (index, (key, _, value)) in fields.enumerated() {
            #expect(printed[index] == value, "\(key): printed “\(printed[index] ?? "")”, expected “\(value)”")
        }
    }

    @Test func everyValueLiesInsideItsBlank() throws {
        try expectEveryWordInsideItsBlank(try render(), letter: .sample)
    }

    @Test func longValuesShrinkOrWrapInsideTheirBlanks() throws {
        let long = String(repeating: "中共山东省委省直机关工作委员会机关党支部", count: 2)
        let letter = try Fixtures.letter {
            $0["from"] = long
            $0["to"] = long
            $0["addressee"] = long
            $0["receiptAddressee"] = long
        }
        try expectEveryWordInsideItsBlank(try render(letter), letter: letter)
    }

    @Test func anEighteenDigitNumberIsSetSmallerOnOneLineNeverWrapped() throws {
        #expect(Letter.sample.number.count == 18)
        let words = try #require(try render().words.first)
        let numbers = words.filter { $0.text == Letter.sample.number }
        #expect(numbers.count == 3, "the whole number as one word in each of the three blanks: \(words.filter { $0.text.allSatisfy(\.isNumber) }.map(\.text))")
        for box in boxes(.sample).filter({ $0.0.name == "number" }).map(\.1) {
            #expect(numbers.contains { box.contains(Rect(x: $0.centre.x, y: $0.centre.y, width: 0, height: 0), tolerance: 0) })
        }
    }

    @Test func theOffsetMovesEveryValueByExactlyThatMuch() throws {
        let plain = try #require(try render().words.first)
        let moved = try #require(try render(printer: printer).words.first)
        #expect(plain.count == moved.count && !plain.isEmpty)
        for (a, b) in zip(plain, moved) {
            #expect(a.text == b.text)
            #expect(abs(b.xMin - a.xMin - 2.0) <= 0.05 && abs(b.xMax - a.xMax - 2.0) <= 0.05, "\(a.text)")
            #expect(abs(b.yMin - a.yMin + 1.5) <= 0.05 && abs(b.yMax - a.yMax + 1.5) <= 0.05, "\(a.text)")
        }
        try expectEveryWordInsideItsBlank(try render(printer: printer), letter: .sample, offset: printer.offset)
    }

    @Test func noFixedWordsNoLinesAndNoSeal() throws {
        let pdf = try render(seal: Fixtures.seal)
        let text = try pdf.text
        for phrase in ["同志", "介绍信", "第", "党员", "盖章", "存根", "回执", "有效期", "联系电话", "年", "月", "日"] {
            #expect(!text.contains(phrase), "fixed word “\(phrase)” printed")
        }
        #expect(try pdf.images.isEmpty)
        // Every mark on the page is a value or a tick: nothing outside the blanks and ticks.
        var allowed = boxes(.sample).map(\.1)
        for part in Fixtures.templateTwo.parts {
            for case .tick(_, let at, let size) in part.items {
                allowed += at.values.map { Rect(x: $0.x - size, y: $0.y - size, width: 2 * size, height: 2 * size) }
            }
        }
        let page = try pdf.raster(dpi: 50)
        var stray = 0
        for y in 0..<page.height {
            for x in 0..<page.width {
                let p = page.rgb(x, y)
                guard p.r + p.g + p.b < 300 else { continue }
                let point = Rect(x: page.mm(x), y: page.mm(y), width: 0, height: 0)
                if !allowed.contains(where: { $0.contains(point, tolerance: 0.8) }) { stray += 1 }
            }
        }
        #expect(stray == 0)
    }

    @Test func thePDFSaysA4AndAsksForNoPageScaling() throws {
        let pdf = try render()
        let box = try run("pdfinfo", ["-box", pdf.path])
        #expect(box.contains("MediaBox:            0.00     0.00   595.28   841.89"))
        #expect(box.contains("CropBox:             0.00     0.00   595.28   841.89"))
        let bytes = try Data(contentsOf: URL(fileURLWithPath: pdf.path))
        #expect(bytes.range(of: Data("/ViewerPreferences << /PrintScaling /None >>".utf8)) != nil)
    }

    @Test func theCropBoxsNumbersArePrintedAsPrintfPrintsThem() {
        // Ties in decimal that are not ties in binary, a half cent, negative zero, and A4.
        for value in [0, -0.0, 0.125, 0.375, 2.675, 1.005, 595.2755905511812, 841.8897637795276, -12.345, 1e15 + 0.5, 123456.785] {
            #expect(PDFPrintSettings.twoDecimals(value) == String(format: "%.2f", value), "\(value)")
        }
    }

    @Test func theCalibrationSheetsCrosshairsAreWhereItSays() throws {
        for profile in [PrinterProfile.uncalibrated("新打印机"), printer] {
            let renderer = LetterRenderer(fonts: Fixtures.fonts, layout: Fixtures.templateTwo)
            let pdf = PDFInspection(path: try save(try renderer.renderCalibration(printer: profile), as: "calib-\(profile.offsetX).pdf"))
            let page = try pdf.raster(dpi: 200)
            for c in CalibrationSheet.crosshairs {
                let x = c.x + profile.offsetX
                let y = c.y + profile.offsetY
                #expect(abs(page.darkestColumn(near: x, y0: y - 7, y1: y - 3.5) - x) < 0.15, "x of \(c) at offset \(profile.offset)")
                #expect(abs(page.darkestRow(near: y, x0: x - 7, x1: x - 3.5) - y) < 0.15, "y of \(c) at offset \(profile.offset)")
            }
            let text = try pdf.text
            #expect(text.contains("x=105y=148.5") && text.contains("新横向偏移"))
            // Every field is outlined with its name.
            for name in ["身份证号码", "回执抬头", "通讯地址", "有效期"] { #expect(text.contains(name)) }
        }
    }

    @Test func printerProfilesAreReadAndCheckedFromTheirFile() throws {
        let good = try save(
            Data(#"{"printers": [{"name": "县委组织部-1号机", "offsetX": 2.0, "offsetY": -1.5}, {"name": "2号机", "offsetX": 0, "offsetY": 0, "scale": 1002}]}"#.utf8),
            as: "printers.json")
        let profiles = try PrinterProfiles.load(path: good)
        #expect(profiles.profile(named: "县委组织部-1号机")?.offset == Point(x: 2.0, y: -1.5))
        #expect(profiles.profile(named: "2号机")?.scaleFactor == 1.002)

        let bad = try save(
            Data(#"{"printers": [{"name": "1号机", "offsetX": 45, "offsetY": 0}, {"name": "1号机", "offsetX": 0, "offsetY": 0, "scale": 2}]}"#.utf8),
            as: "bad-printers.json")
        do {
            _ = try PrinterProfiles.load(path: bad)
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .printers)
            #expect(error.message.contains("printers[0].offsetX") && error.message.contains("printers[1].scale") && error.message.contains("重复"))
        }
    }

    @Test func aLayoutNamingAnUnknownValueIsRefusedWithItsPath() throws {
        let text =
            #"{"name": "x", "pageSize": [210, 297], "fonts": {"v": {"face": "regular", "size": 14}}, "parts": [{"part": "stub", "region": [0, 80], "items": [{"kind": "field", "value": "member.nickname", "box": [1, 1, 10, 5], "font": "v"}]}], "shared": []}"#
        do {
            _ = try LayoutFile.decode(Data(text.utf8), source: "county.json")
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .invalidLayout)
            #expect(error.message.contains("county.json") && error.message.contains("member.nickname"))
        }
    }
}
