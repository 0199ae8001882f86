/// The three-part letter of introduction (中国共产党党员组织关系介绍信), validated.
///
/// Values of this type exist only when every rule holds; read one with ``Letter/decode(json:)``.
public struct Letter: Sendable, Hashable {
    /// The letter number (第 号), printed on all three parts.
    public var number: String
    /// The letterhead of the organization that receives the letter (part 2's addressee).
    public var addressee: String
    /// The member.
    public var member: Member
    /// The member's current organization (由).
    public var from: String
    /// The destination organization (去).
    public var to: String
    /// Party dues are paid up to this month.
    public var duesPaidUpTo: YearMonth
    /// Days the letter stays valid.
    public var validityDays: Int
    /// The issue date, printed on all three parts.
    public var issuedOn: CivilDate
    /// The member's original basic committee.
    public var basicCommittee: BasicCommittee
    /// The issuing organization, to which the receipt (part 3) is returned.
    public var receiptAddressee: String
    /// When the receiving organization returned the receipt (part 3's date); until then part 3
    /// carries the issue date.
    public var receivedOn: CivilDate?

    /// Validity periods the form allows, in days.
    public static let allowedValidityDays = [7, 10, 15, 30, 90]

    /// Creates a letter from validated parts; prefer ``decode(json:)``.
    public init(
        number: String, addressee: String, member: Member, from: String, to: String,
        duesPaidUpTo: YearMonth, validityDays: Int, issuedOn: CivilDate,
        basicCommittee: BasicCommittee, receiptAddressee: String, receivedOn: CivilDate? = nil
    ) {
        self.number = number
        self.addressee = addressee
        self.member = member
        self.from = from
        self.to = to
        self.duesPaidUpTo = duesPaidUpTo
        self.validityDays = validityDays
        self.issuedOn = issuedOn
        self.basicCommittee = basicCommittee
        self.receiptAddressee = receiptAddressee
        self.receivedOn = receivedOn
    }
}
