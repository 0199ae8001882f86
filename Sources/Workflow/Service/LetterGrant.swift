import Render

/// A letter the service has decided a caller may have (and has audited): which transfer and
/// letter, which parts, laid out how. Only the service makes one.
public struct LetterGrant: Sendable {
    /// The transfer, as the caller may see it.
    public let transfer: Transfer
    /// The letter's index in the path (from 0).
    public let hop: Int
    /// The letter's number (介绍信编号).
    public let number: String
    /// The parts granted.
    public let parts: Set<LetterPart>
    /// What was asked for.
    public let request: LetterRequest
    /// The printer profile to shift the overprint by.
    public let printer: PrinterProfile?
    /// The organization's own print layout the overprint is laid out on (its name and file),
    /// nil for the shipped template.
    public let layout: (name: String, file: LayoutFile)?

    init(
        transfer: Transfer, hop: Int, number: String, parts: Set<LetterPart>, request: LetterRequest, printer: PrinterProfile?,
        layout: (name: String, file: LayoutFile)? = nil
    ) {
        self.layout = layout
        self.transfer = transfer
        self.hop = hop
        self.number = number
        self.parts = parts
        self.request = request
        self.printer = printer
    }

    /// Whether the answer is the issued file itself: every part, template one, no printer.
    public var isIssuedFile: Bool {
        !request.returnedReceipt && parts == Set(LetterPart.allCases) && request.template == .one && request.printer == nil
    }
}
