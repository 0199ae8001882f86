/// What the register keeps of a member beyond what letters print (register spec §3).
public struct MemberRegister: Sendable, Hashable, Codable {
    /// 加入党组织日期, `YYYY-MM-DD`.
    public var joinedOn: String
    /// 转正时间, `YYYY-MM-DD`; nil for a probationary member.
    public var madeFullOn: String?
    /// 家庭住址.
    public var homeAddress: String
    /// 是否为失联党员.
    public var lostContact: Bool
    /// 是否流动党员.
    public var mobile: Bool
    /// 党费交至, `YYYY-MM`, when recorded.
    public var duesPaidUpTo: String?
    /// 性别 as corrected by hand (the manual allows it), when it differs from the ID number's.
    public var sexCorrection: String?
    /// 出生日期 as corrected by hand, when it differs from the ID number's.
    public var birthDateCorrection: String?
    /// ID numbers the record had before a correction, oldest first (kept, never lost).
    public var formerIDNumbers: [String]? = nil

    /// A register entry.
    public init(
        joinedOn: String, madeFullOn: String?, homeAddress: String, lostContact: Bool, mobile: Bool,
        duesPaidUpTo: String? = nil, sexCorrection: String? = nil, birthDateCorrection: String? = nil
    ) {
        self.joinedOn = joinedOn
        self.madeFullOn = madeFullOn
        self.homeAddress = homeAddress
        self.lostContact = lostContact
        self.mobile = mobile
        self.duesPaidUpTo = duesPaidUpTo
        self.sexCorrection = sexCorrection
        self.birthDateCorrection = birthDateCorrection
    }
}
