import Foundation
import LetterModel
import Seal
import Testing

@testable import Render

/// Template one read back as a person would check a printed letter: its words, fonts, seals,
/// page and geometry.
@Suite struct TemplateOneTests {
    /// The words standing vertically in the stub's left column, top to bottom.
    static let stubColumn = ["党", "员", "介", "绍", "信", "存", "根"]

    /// The horizontal fixed words of letter.md, part by part, in reading order.
    static let fixedPhrases = [
        "第", "号", "同志系中共（预备/正式）党员，", "组织关系由", "转到", "年", "月", "日", "（贴回执联处）",
        "（加盖骑缝章）", "中国共产党党员组织关系介绍信", "第", "号", "：", "同志（男/女），", "岁，", "族，",
        "系中共（预备/正式）党员，身份证号码", "由", "去", "请转接组织关系。该同志党费已交到", "年", "月。", "（有效期", "天）",
        "（盖章）", "年", "月", "日", "党员联系电话或其他联系方式：", "党员原所在基层党委通讯地址：", "联系电话：", "传真：", "邮编：",
        "中国共产党党员组织关系介绍信回执联", "：", "第", "号", "同志的党员组织关系已转达我处，特此回复。", "（盖章）", "年", "月", "日",
        "经办人：", "联系电话：", "注：回执联由接收党员组织关系的基层党委在接收党员后一个月内邮寄或传真至党员原所", "在基层党委。",
    ]

    func render(
        _ letter: Letter? = nil, seal: SealImage? = Fixtures.seal, receiptSeal: SealImage? = nil,
        parts: Set<LetterPart> = Set(LetterPart.allCases), name: String = #function
    ) throws -> (Data, PDFInspection) {
        let renderer = LetterRenderer(fonts: Fixtures.fonts, layout: Fixtures.templateOne)
        let pdf = try renderer.render(letter ?? Letter.sample, seal: seal, receiptSeal: receiptSeal, parts: parts)
        let file = name.filter { $0.isLetter || $0.isNumber } + ".pdf"
        return (pdf, PDFInspection(path: try save(pdf, as: file)))
    }

    /// Checks that `phrases` occur in `text` in this order.
    func expectInOrder(_ phrases: [String], in text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        var rest = Substring(text.replacingOccurrences(of: "／", with: "/").replacingOccurrences(of: "\u{3000}", with: ""))
        for phrase in phrases {
            guard let range = rest.range(of: phrase) else {
                Issue.record("“\(phrase)” missing or out of order; after it: \(rest.prefix(60))", sourceLocation: sourceLocation)
                return
            }
            rest = rest[range.upperBound...]
        }
    }

    @Test func everyFixedPhraseIsPrintedInReadingOrder() throws {
        let (_, pdf) = try render()
        let text = try pdf.text
        expectInOrder(Self.fixedPhrases, in: text)
        expectInOrder(Self.stubColumn, in: text)
        for part in ["第一联", "第二联", "第三联"] { expectInOrder(part.map(String.init), in: text) }
    }

    @Test func everyValueIsPrintedInItsPart() throws {
        let (_, pdf) = try render()
        let l = Letter.sample
        let text = try pdf.text
        // The stub's blanks are narrow: the organization names wrap onto two lines there.
        expectInOrder([l.number, l.member.name] + (l.from + l.to).map(String.init) + ["2017", "6", "16"], in: text)
        expectInOrder(
            [
                l.number, l.addressee, l.member.name, "54", "汉", l.member.idNumber.value, l.from, l.to,
                "2017", "3", "15", "2017", "6", "16", l.member.phone, l.basicCommittee.address,
                l.basicCommittee.phone, l.basicCommittee.fax, l.basicCommittee.postcode,
                l.receiptAddressee, l.number, l.member.name, "2017", "6", "16",
            ], in: text)
    }

    @Test func onlyEmbeddedSubsetFontsAreUsed() throws {
        let (_, pdf) = try render()
        let fonts = try pdf.fonts
        #expect(!fonts.isEmpty)
        for font in fonts {
            #expect(font.embedded && font.subset, "\(font.name)")
            #expect(font.name.contains("LetterSerif"), "\(font.name)")
        }
    }

    @Test func theSealIsEmbeddedOnceAsTheOriginalJPEGAtTrueSize() throws {
        let (data, pdf) = try render()
        let images = try pdf.images
        #expect(images.count == 2, "drawn on part 2 and across the tear line")
        #expect(Set(images.map(\.object)).count == 1, "one image object")
        for image in images {
            #expect(image.width == 500 && image.height == 500 && image.encoding == "jpeg")
            // 500 px across 42.33 ± 0.1 mm is 300 ± 0.7 ppi.
            #expect(abs(image.xppi - 300) < 0.7 && abs(image.yppi - 300) < 0.7)
        }
        #expect(data.range(of: Fixtures.seal.jpeg) != nil, "the uploaded bytes, not a re-encoding")
    }

    @Test func thePageIsA4() throws {
        let (_, pdf) = try render()
        let info = try pdf.info
        #expect(info["Pages"] == "1")
        #expect(info["Page size"]?.hasPrefix("595.276 x 841.89 pts (A4)") == true, "\(info["Page size"] ?? "")")
    }

    @Test func theSameInputGivesTheSameBytesWithTitleAndIssueDate() throws {
        let (first, pdf) = try render()
        let (second, _) = try render()
        #expect(first == second)
        let info = try pdf.info
        #expect(info["Title"] == "中国共产党党员组织关系介绍信 第201706000027006777号")
        #expect(info["CreationDate"]?.hasPrefix("2017-06-16T00:00:00") == true, "\(info["CreationDate"] ?? "")")
    }

    @Test func sealsSitOverTheStampPlaceAndAcrossTheFirstTearLine() throws {
        let (_, pdf) = try render()
        let page = try pdf.raster(dpi: 60)
        let stamp = try #require(page.bounds(yFrom: 110, to: 216, where: isSealRed))
        #expect(abs((stamp.minX + stamp.maxX) / 2 - 145.0) < 1 && abs((stamp.minY + stamp.maxY) / 2 - 174.0) < 1)
        #expect(abs(stamp.maxX - stamp.minX - 42) < 1.2, "the ring is 42 mm across")
        let crossPage = try #require(page.bounds(yFrom: 20, to: 105, where: isSealRed))
        #expect(abs((crossPage.minY + crossPage.maxY) / 2 - 80.4) < 1, "half on each part")
        #expect(page.bounds(yFrom: 216.5, to: 297, where: isSealRed) == nil, "the receipt is unsealed at issue")
    }

    @Test func theReceiptCarriesTheReceivingOrganizationsSeal() throws {
        let (_, pdf) = try render(receiptSeal: Fixtures.receiptSeal)
        #expect(Set(try pdf.images.map(\.object)).count == 2)
        let receipt = try #require(try pdf.raster(dpi: 60).bounds(yFrom: 217, to: 297, where: isSealRed))
        #expect(abs((receipt.minX + receipt.maxX) / 2 - 141.9) < 1)
    }

    @Test func onlyTheRequestedPartsArePrinted() throws {
        let (_, receiptOnly) = try render(parts: [.receipt])
        let text = try receiptOnly.text
        #expect(text.contains("中国共产党党员组织关系介绍信回执联"))
        #expect(!text.contains("存根") && !text.contains("请转接组织关系"))
        #expect(try receiptOnly.images.isEmpty, "neither the letter's seal nor the cross-page seal")

        let (_, letterOnly) = try render(parts: [.letter])
        let red = try #require(try letterOnly.raster(dpi: 60).bounds(where: isSealRed))
        #expect(red.minY > 80.0, "only the letter's half of the cross-page seal")
        #expect(!(try letterOnly.text).contains("存根"))
    }

    @Test func theBoxesStandWhereTheOfficialSheetHasThem() throws {
        let (_, pdf) = try render(seal: nil)
        let rows = try pdf.raster(dpi: 150).darkRows(x0: 40, x1: 175)
        for edge in [32.0, 74.5, 99.8, 210.2, 227.3, 266.4] {
            #expect(rows.contains { abs($0 - edge) < 0.5 }, "box edge at \(edge) mm")
        }
    }

    @Test func aFortyCharacterNameStaysInsideEveryBlank() throws {
        let long = String(repeating: "中共山东省委省直机关工作委员会机关党支部", count: 2)
        #expect(long.count == 40)
        let letter = try Fixtures.letter {
            $0["from"] = long
            $0["to"] = long
            $0["addressee"] = long
            $0["receiptAddressee"] = long
        }
        let (_, pdf) = try render(letter)
        // Wrapped or not, nothing is cut off: every occurrence starts and ends on the page.
        let text = try pdf.text
        #expect(text.components(separatedBy: String(long.prefix(12))).count - 1 >= 4)
        #expect(text.components(separatedBy: String(long.suffix(12))).count - 1 >= 4)

        let painter = Painter(fonts: Fixtures.fonts)
        for case .field(let value, let key, let box, let font, _, let maxLines) in LayoutResolver(layout: Fixtures.templateOne).resolve(
            letter, parts: Set(LetterPart.allCases), seals: [])
        {
            let (layout, size) = painter.fit(value, box: box, font: font, maxLines: maxLines)
            let lines = Double(layout.lineCount)
            #expect(layout.size.width <= pt(box.width) + 0.01, "\(key) too wide")
            #expect(size * (1 + Painter.linePitch * (lines - 1)) <= pt(box.height) + 0.01, "\(key) too tall")
            #expect(layout.lineCount <= maxLines)
        }
    }

    @Test func aRareCharacterInANameComesFromTheFallbackFont() throws {
        let letter = try Fixtures.letter { o in
            var m = o["member"] as! [String: Any]
            m["name"] = "吉\u{20BB7}\u{30000}"
            o["member"] = m
        }
        let (_, pdf) = try render(letter)
        #expect((try pdf.text).contains("吉\u{20BB7}\u{30000}"))
        let names = try pdf.fonts.map(\.name)
        #expect(names.contains { $0.contains("HanaMin") } && names.contains { $0.contains("BabelStone") }, "\(names)")
    }

    @Test func aCharacterNoFontHasIsAnErrorNamingItsCodePoint() throws {
        let letter = try Fixtures.letter { o in
            var m = o["member"] as! [String: Any]
            m["name"] = "刘\u{2EBF0}"
            o["member"] = m
        }
        do {
            _ = try render(letter)
            Issue.record("expected a missing-glyph error")
        } catch let error as RenderError {
            #expect(error.code == .missingGlyph)
            #expect(error.message.contains("U+2EBF0") && error.message.contains("member.name"))
        }
    }
}
