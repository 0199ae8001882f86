import Foundation
import LetterModel
import Testing

@testable import Render

/// Ticks are placed by coordinates in the layout file; these tests hold those coordinates to
/// the characters the fixed words actually put on paper.
@Suite struct TickPlacementTests {
    /// Where `character` of every fixed text item holding it is centred, in mm.
    func centres(of character: String, part: LetterPart) -> [Point] {
        let painter = Painter(fonts: Fixtures.fonts)
        let items = Fixtures.templateOne.parts.first { $0.part == part }!.items
        var found: [Point] = []
        for case .text(let text, let at, let fontName, let align, nil) in items {
            guard let range = text.range(of: character) else { continue }
            let font = Fixtures.templateOne.fonts[fontName]!
            let layout = painter.fixedLayout(text, font: font)
            let width = layout.size.width
            let left: Double =
                switch align {
                case .left: pt(at.x)
                case .center: pt(at.x) - width / 2
                case .right: pt(at.x) - width
                }
            let x = left + layout.characterCentre(byteIndex: text.utf8.distance(from: text.startIndex, to: range.lowerBound))
            found.append(Point(x: mm(fromPoints: x), y: at.y - mm(fromPoints: EmBox.inkCentre * font.size)))
        }
        return found
    }

    @Test(
        "every tick of template one lands over the centre of its option character",
        arguments: [
            (LetterPart.stub, "预备"), (.stub, "正式"), (.letter, "男"), (.letter, "女"), (.letter, "预备"), (.letter, "正式"),
        ])
    func tickOverOption(part: LetterPart, option: String) throws {
        let items = Fixtures.templateOne.parts.first { $0.part == part }!.items
        let ticks = items.compactMap { item -> Point? in
            if case .tick(_, let at, _) = item { return at[option] } else { return nil }
        }
        let first = centres(of: String(option.first!), part: part).first!
        let last = centres(of: String(option.last!), part: part).first!
        let expected = Point(x: (first.x + last.x) / 2, y: first.y)
        print("tick \(part) \(option): expected [\(String(format: "%.2f", expected.x)), \(String(format: "%.2f", expected.y))]")
        #expect(ticks.count == 1)
        let tick = try #require(ticks.first)
        #expect(abs(tick.x - expected.x) < 0.3 && abs(tick.y - expected.y) < 0.3)
    }
}
