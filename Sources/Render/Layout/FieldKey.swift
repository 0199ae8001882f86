import LetterModel

/// The name of a letter value a layout can print, such as `member.name` or `issued.year`.
public struct FieldKey: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The key as written in the layout.
    public let name: String

    /// Every key a layout may use.
    public static let all: [String] = [
        "number", "addressee", "member.name", "member.age", "member.ethnicity", "member.idNumber",
        "member.phone", "member.sex", "member.category", "from", "to", "dues.year", "dues.month",
        "validityDays", "issued.year", "issued.month", "issued.day", "committee.address",
        "committee.phone", "committee.fax", "committee.postcode", "receiptAddressee",
    ]

    /// Creates a key; nil when no such value exists.
    public init?(_ name: String) {
        guard FieldKey.all.contains(name) else { return nil }
        self.name = name
    }

    /// Reads a key and rejects unknown names.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        let name = try c.decode(String.self)
        guard let key = FieldKey(name) else {
            throw DecodingError.dataCorruptedError(in: c,
                debugDescription: "unknown value “\(name)”; known: \(FieldKey.all.joined(separator: ", "))")
        }
        self = key
    }

    /// Writes the name.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(name)
    }

    /// The name.
    public var description: String { name }

    /// The text this key prints for `letter`.
    public func value(in letter: Letter) -> String {
        switch name {
        case "number": letter.number
        case "addressee": letter.addressee
        case "member.name": letter.member.name
        case "member.age": String(letter.member.age)
        case "member.ethnicity": letter.member.ethnicity
        case "member.idNumber": letter.member.idNumber.value
        case "member.phone": letter.member.phone
        case "member.sex": letter.member.sex.rawValue
        case "member.category": letter.member.category.rawValue
        case "from": letter.from
        case "to": letter.to
        case "dues.year": String(letter.duesPaidUpTo.year)
        case "dues.month": String(letter.duesPaidUpTo.month)
        case "validityDays": String(letter.validityDays)
        case "issued.year": String(letter.issuedOn.year)
        case "issued.month": String(letter.issuedOn.month)
        case "issued.day": String(letter.issuedOn.day)
        case "committee.address": letter.basicCommittee.address
        case "committee.phone": letter.basicCommittee.phone
        case "committee.fax": letter.basicCommittee.fax
        case "committee.postcode": letter.basicCommittee.postcode
        case "receiptAddressee": letter.receiptAddressee
        default: ""
        }
    }
}
