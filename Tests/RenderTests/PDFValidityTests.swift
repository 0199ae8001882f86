import Foundation
import LetterModel
import Seal
import TestSupport
import Testing

@testable import Render

/// Every PDF the renderer writes is a valid file to an archival checker: `qpdf --check` passes
/// it without a single warning (cairo 1.16 wrote the seal's image twice into one page's
/// resources, a dictionary with a duplicated key).
@Suite struct PDFValidityTests {
    /// qpdf's complaints about `pdf`, or "" when it has none.
    static func complaints(_ pdf: Data, _ name: String) throws -> String {
        let path = try save(pdf, as: name)
        let outcome = try runTool("qpdf", ["--check", path])
        let text = outcome.text + outcome.stderr
        // Exit 0 is clean; 3 is "succeeded with warnings"; 2 is an error.
        return outcome.status == 0 && !text.contains("WARNING") ? "" : text
    }

    @Test func everyLetterBatchCalibrationAndCollectionSheetPassesQPDFWithoutAWarning() throws {
        let one = LetterRenderer(fonts: Fixtures.fonts, layout: Fixtures.templateOne)
        let two = LetterRenderer(fonts: Fixtures.fonts, layout: Fixtures.templateTwo)
        let letter = try Fixtures.letter()
        let printer = PrinterProfile(name: "一号机", offsetX: 1.5, offsetY: -0.5)
        var pdfs: [(String, Data)] = [
            ("sealed", try one.render(letter, seal: Fixtures.seal, receiptSeal: Fixtures.receiptSeal)),
            ("unsealed", try one.render(letter, seal: nil)),
            ("receipt-only", try one.render(letter, seal: Fixtures.seal, receiptSeal: Fixtures.receiptSeal, parts: [.receipt])),
            ("two", try two.render(letter, seal: nil, printer: printer)),
            ("calibration", try two.renderCalibration(printer: printer)),
        ]
        let batchPath = Fixtures.scratch("validity-batch.pdf")
        let batch = BatchDocument(path: batchPath, renderer: one)
        for _ in 0..<3 { try batch.add(letter, seal: Fixtures.seal, receiptSeal: Fixtures.receiptSeal) }
        try batch.finish()
        pdfs.append(("batch", try Data(contentsOf: URL(fileURLWithPath: batchPath))))
        let collection = CollectionSheetRenderer(fonts: Fixtures.fonts)
        for name in ["collection-member", "collection-organization"] {
            let layout = try CollectionLayout.load(path: Fixtures.root + "/layouts/\(name).json")
            pdfs.append((name, try collection.render(layout, values: [:], title: name)))
        }
        for (name, pdf) in pdfs {
            #expect(try Self.complaints(pdf, "validity-\(name).pdf") == "", "\(name)")
        }
        #expect(try Self.complaints(pdfs[0].1, "validity-again.pdf") == "")
        let text = String(decoding: pdfs[0].1, as: UTF8.self)
        #expect(text.contains("/XObject << /x") && !text.contains("9 0 R /x9 9 0 R"), "the seal is named once in the page's resources")
    }
}
