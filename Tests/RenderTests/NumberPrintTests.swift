import CNumberPrint
import Foundation
import Testing

@testable import Render

/// cairo's numbers printed without glibc's vfprintf (number_print.c): the same bytes.
@Suite struct NumberPrintTests {
    /// glibc's "%.*f" of `d`.
    private func glibc(_ precision: Int32, _ d: Double) -> String {
        var buffer = [CChar](repeating: 0, count: 400)
        _ = withVaList([precision, d]) { vsnprintf(&buffer, buffer.count, "%.*f", $0) }
        return String(cString: buffer)
    }

    private func ours(_ precision: Int32, _ d: Double) -> String? {
        var buffer = [CChar](repeating: 0, count: 64)
        let length = letters_format_fixed(&buffer, buffer.count, precision, d)
        return length < 0 ? nil : String(cString: buffer)
    }

    @Test func everyDoubleCairoPrintsIsPrintedAsGlibcPrintsIt() {
        var generator = SystemRandomNumberGenerator()
        var values: [Double] = [0, -0.0, 0.5, -0.5, 1.5, 2.5, 0.0078125, 0.0000005, 1e-300, -1e-300, 5e-324, 595.275591, 841.889764, 1e18, 9.2e18]
        // Exact ties at every precision: k / 2^n.
        for n in 1...30 { for k in stride(from: 1, through: 99, by: 2) { values.append(Double(k) / Double(1 << n)) } }
        // What a letter has: coordinates in points, glyph offsets, font units, scale factors.
        for _ in 0..<60_000 {
            let magnitude = [1e-7, 1e-3, 0.1, 1, 100, 1_000, 1e6, 1e12][Int.random(in: 0..<8, using: &generator)]
            values.append(Double.random(in: -magnitude...magnitude, using: &generator))
        }
        for d in values {
            for precision: Int32 in [0, 3, 6, 7, 12, 17, 18] {
                let expected = glibc(precision, d)
                guard let printed = ours(precision, d) else {
                    #expect(abs(d) >= 9.2e18, "\(d) was left to glibc")
                    continue
                }
                #expect(printed == expected, "%.\(precision)f of \(d)")
            }
        }
    }

    @Test func whatCannotBePrintedExactlyIsLeftToGlibc() {
        #expect(ours(6, .nan) == nil && ours(6, .infinity) == nil && ours(6, 1e19) == nil && ours(19, 1) == nil)
        var small = [CChar](repeating: 0, count: 4)
        // Truncated as snprintf truncates, the full length returned.
        #expect(letters_format_fixed(&small, small.count, 6, 12.5) == 9 && String(cString: small) == "12.")
    }

    @Test func hexadecimalNumbersArePrintedAsGlibcPrintsThem() {
        var generator = SystemRandomNumberGenerator()
        var values: [UInt64] = [0, 1, 9, 10, 15, 16, 255, 256, 0xFFFF, 0x10000, UInt64(UInt32.max), UInt64.max]
        for _ in 0..<2_000 { values.append(UInt64.random(in: 0...UInt64(UInt32.max), using: &generator) >> UInt64.random(in: 0..<32, using: &generator)) }
        for n in values {
            for width: Int32 in [0, 1, 2, 4, 8, 17, 32] {
                for (format, zero, upper) in [("%0*llx", Int32(1), Int32(0)), ("%*llx", 0, 0), ("%0*llX", 1, 1)] {
                    var expected = [CChar](repeating: 0, count: 80)
                    _ = withVaList([width, n]) { vsnprintf(&expected, expected.count, format, $0) }
                    var printed = [CChar](repeating: 0, count: 80)
                    let length = letters_format_hex(&printed, printed.count, width, zero, upper, n)
                    func text(_ c: [CChar]) -> String { String(decoding: c.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) }
                    #expect(text(printed) == text(expected) && Int(length) == text(expected).utf8.count, "\(format) of \(n), width \(width)")
                }
            }
        }
    }

    @Test func lettersRenderToTheSameBytesEitherWay() throws {
        let one = LetterRenderer(fonts: Fixtures.fonts, layout: Fixtures.templateOne)
        let letter = try Fixtures.letter()
        let printer = PrinterProfile(name: "偏移", offsetX: 1.7, offsetY: -0.35)
        func all() throws -> [Data] {
            [
                try one.render(letter, seal: Fixtures.seal, receiptSeal: Fixtures.receiptSeal),
                try one.render(letter, seal: Fixtures.seal, parts: [.receipt]),
                try one.render(letter, seal: nil, printer: printer),
            ]
        }
        let before = letters_fast_numbers_printed()
        let fast = try all()
        // cairo's calls reached number_print.c: what is compared below are two printers.
        #expect(letters_fast_numbers_printed() > before + 1_000)
        letters_disable_fast_numbers(1)
        defer { letters_disable_fast_numbers(0) }
        let slow = try all()
        #expect(fast == slow)
    }
}
