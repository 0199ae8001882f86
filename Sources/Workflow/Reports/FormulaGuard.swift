/// Keeps text that people typed from becoming a formula when a spreadsheet program opens a file
/// the project wrote: a cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return is
/// prefixed with an apostrophe, which Excel, WPS and LibreOffice show as text (OWASP's CSV
/// injection advice). Used for every CSV and XLSX cell of text: histories, the audit log,
/// statistics, archive logs and manifests.
public enum FormulaGuard {
    /// `text`, made inert.
    public static func neutralised(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, triggers.contains(first) else { return text }
        return "'" + text
    }

    static let triggers: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]
}
