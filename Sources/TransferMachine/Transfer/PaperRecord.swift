/// What the paper letter of a transfer completed before the system said (register spec §5):
/// such a transfer is entered from a sheet so that histories and statistics start whole; it
/// carries no letter of ours, and nothing can be done with it.
public struct PaperRecord: Sendable, Hashable, Codable {
    /// The number printed on the paper letter (the key of the sheet).
    public var letterNumber: String
    /// The day the letter was issued, `YYYY-MM-DD`.
    public var issuedOn: String
    /// The day the transfer was completed, `YYYY-MM-DD`.
    public var completedOn: String
    /// 正式 or 预备, when the sheet gave it: statistics count a member who is not in the
    /// register by it.
    public var category: String?

    /// A record.
    public init(letterNumber: String, issuedOn: String, completedOn: String, category: String?) {
        self.letterNumber = letterNumber
        self.issuedOn = issuedOn
        self.completedOn = completedOn
        self.category = category
    }
}
