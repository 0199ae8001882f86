import Foundation
import LetterModel
import Seal

/// A PDF of many letters, one sheet each, written to a file as it goes: memory stays flat
/// however many letters are added (cairo writes each page when it ends; only the font subsets
/// grow, bounded by the characters used).
public final class BatchDocument {
    private let renderer: LetterRenderer
    private let document: PDFDocument
    private let printer: PrinterProfile?
    /// Sheets added so far.
    public private(set) var pages = 0
    private var latestIssue: CivilDate?

    /// Starts a batch at `path` drawing with `renderer`, shifted for `printer` when given.
    public init(path: String, renderer: LetterRenderer, printer: PrinterProfile? = nil) {
        self.renderer = renderer
        self.printer = printer
        document = PDFDocument(
            widthMM: renderer.layout.pageSize[0], heightMM: renderer.layout.pageSize[1],
            output: .file(path))
    }

    /// Adds one sheet with `parts` of `letter`.
    public func add(
        _ letter: Letter, seal: SealImage? = nil, receiptSeal: SealImage? = nil,
        parts: Set<LetterPart> = Set(LetterPart.allCases)
    ) throws(RenderError) {
        if pages > 0 { try document.nextPage() }
        try renderer.draw(
            letter, seal: seal, receiptSeal: receiptSeal, parts: parts,
            offset: printer?.offset ?? Point(x: 0, y: 0), scale: printer?.scaleFactor ?? 1,
            into: document)
        pages += 1
        latestIssue = max(latestIssue ?? letter.issuedOn, letter.issuedOn)
    }

    /// Finishes the file. Its creation date is the latest issue date in the batch, so that the
    /// same letters give the same bytes.
    public func finish() throws(RenderError) {
        let created = latestIssue.map { "\($0)T00:00:00+08:00" } ?? "2000-01-01T00:00:00+08:00"
        document.setMetadata(title: "中国共产党党员组织关系介绍信（共 \(pages) 封）", created: created)
        _ = try document.finish()
    }
}
