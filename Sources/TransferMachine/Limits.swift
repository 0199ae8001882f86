/// The limits on what people type, named once and used by the service, the API, the pages and
/// the command line. Lengths count Unicode code points, as `openapi.json`'s `maxLength` does.
/// Each is enforced before anything is stored or written to the audit log.
public enum Limits {
    /// A login name (3 to this many letters, digits, `_`, `.` or `-`).
    public static let accountName = 32
    /// A password.
    public static let password = 128
    /// An activation code as typed (codes are 8 hexadecimal digits).
    public static let activationCode = 32
    /// A printer profile's name.
    public static let printerName = 40
    /// A print layout's name (a county's own print run of the pre-printed sheet).
    public static let layoutName = 40
    /// A letter's heading (抬头).
    public static let letterhead = 60
    /// An organization's name as typed for an outside destination.
    public static let organizationName = 100
    /// A reason, feedback or note on a transfer.
    public static let reason = 200
    /// A person's name as searched for.
    public static let personName = 40
    /// An identifier typed into a request (member, organization, transfer).
    public static let identifier = 64
    /// Any other string in a request.
    public static let freeText = 1_000
    /// A JSON request body, in bytes (seals come as multipart, with their own limit).
    public static let jsonBody = 64 * 1024

    /// `text` if it has at most `limit` code points, else an error naming `field`.
    @discardableResult
    public static func check(_ text: String, field: String, max limit: Int) throws(WorkflowError) -> String {
        guard text.unicodeScalars.count <= limit else {
            throw WorkflowError(.invalid, field: "\(field)", rule: "length", "\(field) 最多 \(limit) 个字（实为 \(text.unicodeScalars.count) 个）")
        }
        return text
    }

    /// `text` cut to `limit` code points for a log line, marked when cut: a refusal is logged
    /// without storing what an attacker sent.
    public static func clipped(_ text: String, to limit: Int) -> String {
        text.unicodeScalars.count <= limit ? text : String(String.UnicodeScalarView(text.unicodeScalars.prefix(limit))) + "…"
    }
}
