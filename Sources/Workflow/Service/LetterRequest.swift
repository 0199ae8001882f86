import Render

/// What a caller asks to have of an issued letter: some or all of its parts, on template one or
/// overprinted on template two through one of its organization's printers, or the receipt as
/// the receiver returned it.
public struct LetterRequest: Sendable, Hashable {
    /// The parts asked for; nil for every part the caller may see.
    public var parts: Set<LetterPart>?
    /// Template one (the whole form) or two (values only, for pre-printed sheets).
    public var template: LetterTemplate
    /// The name of one of the caller's organization's printer profiles.
    public var printer: String?
    /// The receipt (第三联) as returned by the receiving organization.
    public var returnedReceipt: Bool
    /// The name of one of the caller's organization's print layouts, for template two; nil
    /// for the one it has in use (or the shipped template when it has none).
    public var layout: String?

    /// A request; without arguments, the letter as issued.
    public init(
        parts: Set<LetterPart>? = nil, template: LetterTemplate = .one, printer: String? = nil, returnedReceipt: Bool = false,
        layout: String? = nil
    ) {
        self.parts = parts
        self.layout = layout
        self.template = template
        self.printer = printer
        self.returnedReceipt = returnedReceipt
    }

    /// What the audit entry adds to the letter's number: the variant, when not the letter as issued.
    var auditDetail: String {
        if returnedReceipt { return " receipt" }
        guard parts != nil || template != .one || printer != nil else { return "" }
        let names = LetterPart.allCases.filter { parts?.contains($0) ?? true }.map(\.rawValue).joined(separator: ",")
        return " parts=\(names) template=\(template.rawValue)" + (printer.map { " printer=\(Limits.clipped($0, to: Limits.printerName))" } ?? "")
            + (layout.map { " layout=\(Limits.clipped($0, to: Limits.layoutName))" } ?? "")
    }
}
