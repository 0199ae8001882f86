import LetterModel

/// The name of a letter value a layout can print, such as `member.name` or `issued.year`.
public struct FieldKey: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The key as written in the layout.
    public let name: String

    /// Every key a layout may use.
    public static let all: [String] = [
        "number", "addressee", "member.name", "member.age", "member.ethnicity", "member.idNumber",
        "member.phone", "member.sex", "member.category", "from", "to", "dues.year", "dues.month",
        "validityDays", "issued.year", "issued.month", "issued.day", "receipt.year", "receipt.month", "receipt.day", "committee.address",
        "committee.phone", "committee.fax", "committee.postcode", "receiptAddressee",
    ]

    /// A key of a collection sheet's layout (`CollectionLayout`): its values are the register's
    /// fields, named by the layout, so any name is one.
    init(sheetValue name: String) {
        self.name = name
    }

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
            throw DecodingError.dataCorruptedError(
                in: c,
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

    /// What the value is, in the words of the form, for calibration sheets.
    public var label: String {
        switch name {
        case "number": "编号"
        case "addressee": "抬头"
        case "member.name": "姓名"
        case "member.age": "年龄"
        case "member.ethnicity": "民族"
        case "member.idNumber": "身份证号码"
        case "member.phone": "党员联系电话"
        case "member.sex": "性别"
        case "member.category": "党员类别"
        case "from": "由（原组织）"
        case "to": "去（接收组织）"
        case "dues.year": "党费年"
        case "dues.month": "党费月"
        case "validityDays": "有效期"
        case "issued.year": "年"
        case "issued.month": "月"
        case "issued.day": "日"
        case "receipt.year": "回执年"
        case "receipt.month": "回执月"
        case "receipt.day": "回执日"
        case "committee.address": "通讯地址"
        case "committee.phone": "联系电话"
        case "committee.fax": "传真"
        case "committee.postcode": "邮编"
        case "receiptAddressee": "回执抬头"
        default: name
        }
    }

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
        case "receipt.year": String((letter.receivedOn ?? letter.issuedOn).year)
        case "receipt.month": String((letter.receivedOn ?? letter.issuedOn).month)
        case "receipt.day": String((letter.receivedOn ?? letter.issuedOn).day)
        case "committee.address": letter.basicCommittee.address
        case "committee.phone": letter.basicCommittee.phone
        case "committee.fax": letter.basicCommittee.fax
        case "committee.postcode": letter.basicCommittee.postcode
        case "receiptAddressee": letter.receiptAddressee
        default: ""
        }
    }
}
