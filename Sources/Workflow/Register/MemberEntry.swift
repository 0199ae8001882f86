/// A member as a page or the API enters or edits it (register spec §3): the members sheet's
/// fields under JSON names. Checked by the same rules as a sheet's row (`MemberSheet`), so that a
/// value refused on import is refused here, and the other way round.
public struct MemberEntry: Sendable, Codable, Hashable {
    /// 姓名.
    public var name: String
    /// 公民身份证号.
    public var idNumber: String
    /// 民族.
    public var ethnicity: String
    /// 学历.
    public var education: String
    /// 人员类别: 正式党员 or 预备党员.
    public var category: String
    /// 所在党支部统一编码代码.
    public var branch: String
    /// 加入党组织日期, `YYYY-MM-DD`.
    public var joinedOn: String
    /// 转正时间, `YYYY-MM-DD` (empty for a probationary member).
    public var madeFullOn: String?
    /// 工作岗位.
    public var post: String
    /// 联系电话.
    public var phone: String
    /// 家庭住址.
    public var homeAddress: String
    /// 是否为失联党员.
    public var lostContact: Bool?
    /// 是否流动党员.
    public var mobile: Bool?
    /// 党费交至, `YYYY-MM`.
    public var duesPaidUpTo: String?

    /// An entry.
    public init(
        name: String, idNumber: String, ethnicity: String, education: String, category: String, branch: String, joinedOn: String,
        madeFullOn: String?, post: String, phone: String, homeAddress: String, lostContact: Bool?, mobile: Bool?, duesPaidUpTo: String?
    ) {
        self.name = name
        self.idNumber = idNumber
        self.ethnicity = ethnicity
        self.education = education
        self.category = category
        self.branch = branch
        self.joinedOn = joinedOn
        self.madeFullOn = madeFullOn
        self.post = post
        self.phone = phone
        self.homeAddress = homeAddress
        self.lostContact = lostContact
        self.mobile = mobile
        self.duesPaidUpTo = duesPaidUpTo
    }

    /// The JSON name of each column, for errors that name the field the caller sent.
    static let fields: [String: String] = [
        MemberSheet.name: "name", MemberSheet.idNumber: "idNumber", MemberSheet.ethnicity: "ethnicity", MemberSheet.education: "education",
        MemberSheet.category: "category", MemberSheet.branch: "branch", MemberSheet.joined: "joinedOn", MemberSheet.madeFull: "madeFullOn",
        MemberSheet.post: "post", MemberSheet.phone: "phone", MemberSheet.address: "homeAddress", MemberSheet.status: "status",
        MemberSheet.lostContact: "lostContact", MemberSheet.mobile: "mobile", MemberSheet.dues: "duesPaidUpTo",
    ]

    /// The entry as one row of the members sheet (its status 正常).
    var row: [String] {
        [
            name, idNumber, ethnicity, education, category, branch, joinedOn, madeFullOn ?? "", post, phone, homeAddress, "正常",
            (lostContact ?? false) ? "是" : "否", (mobile ?? false) ? "是" : "否", duesPaidUpTo ?? "", "", "",
        ]
    }
}
