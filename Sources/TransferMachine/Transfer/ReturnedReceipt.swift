/// The receipt (part 3) returned from outside the province for a letter issued out of it (录入
/// 回执, seed 000: recorded with the returned receipt's photo): its date and number as it reads,
/// and what kind of scan is kept with the transfer.
public struct ReturnedReceipt: Sendable, Hashable, Codable {
    /// The day on the returned receipt, `YYYY-MM-DD`.
    public var returnedOn: String
    /// The number on it, when it has one.
    public var number: String?
    /// `jpeg` or `pdf`: the scan or photo kept with the transfer (its SHA-256 beside it).
    public var scan: String
    /// The scan's SHA-256, hex.
    public var sha256: String

    /// A record.
    public init(returnedOn: String, number: String?, scan: String, sha256: String) {
        self.returnedOn = returnedOn
        self.number = number
        self.scan = scan
        self.sha256 = sha256
    }
}
