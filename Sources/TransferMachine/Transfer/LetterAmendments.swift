import LetterModel

/// What the issuing organization checked and completed on a letter before issuing it (seed
/// 003: 检查完善介绍信息无误后，点击保存; seed 000 lets the member's phone, the reason for leaving
/// and the basic committee's fax, postcode and address be edited): kept with the letter's hop,
/// printed on it, named in the log. A field left nil prints what the register has.
public struct LetterAmendments: Sendable, Hashable, Codable {
    /// The member's phone (手机号码 or a landline with its area code).
    public var memberPhone: String?
    /// The addressee's letterhead (抬头), as the receiving organization wants to be addressed.
    public var addressee: String?
    /// The basic committee's address.
    public var address: String?
    /// The basic committee's phone.
    public var phone: String?
    /// The basic committee's fax.
    public var fax: String?
    /// The basic committee's postcode.
    public var postcode: String?
    /// The reason for leaving (转出原因): in the log, not printed on the form.
    public var reason: String?

    /// Amendments.
    public init(
        memberPhone: String? = nil, addressee: String? = nil, address: String? = nil, phone: String? = nil, fax: String? = nil,
        postcode: String? = nil, reason: String? = nil
    ) {
        self.memberPhone = memberPhone
        self.addressee = addressee
        self.address = address
        self.phone = phone
        self.fax = fax
        self.postcode = postcode
        self.reason = reason
    }

    /// Whether nothing is amended.
    public var isEmpty: Bool { self == LetterAmendments() }

    /// The amendments with blank fields dropped, each checked by the rule of its blank.
    package func checked() throws(WorkflowError) -> LetterAmendments {
        func clean(_ value: String?) -> String? {
            let text = value?.trimmingCharacters(in: .whitespaces) ?? ""
            return text.isEmpty ? nil : text
        }
        let a = LetterAmendments(
            memberPhone: clean(memberPhone), addressee: clean(addressee), address: clean(address), phone: clean(phone),
            fax: clean(fax), postcode: clean(postcode), reason: clean(reason))
        for (field, text) in [("addressee", a.addressee), ("address", a.address), ("reason", a.reason)] {
            if let text,
                text.unicodeScalars.contains(where: {
                    $0.properties.generalCategory == .control || $0.properties.generalCategory == .format
                        || $0.properties.generalCategory == .privateUse || $0.properties.generalCategory == .unassigned
                })
            {
                throw WorkflowError(.invalid, field: "letter.\(field)", rule: "printable", "不能含控制字符或无法打印的字符")
            }
        }
        if let p = a.memberPhone, !(FieldRules.isMobile(p) || FieldRules.isLandline(p)) {
            throw WorkflowError(.invalid, field: "letter.memberPhone", rule: "phone", "党员联系电话应为手机号码或带区号的固定电话，实为“\(Limits.clipped(p, to: 20))”")
        }
        if let p = a.phone, !(FieldRules.isMobile(p) || FieldRules.isLandline(p)) {
            throw WorkflowError(.invalid, field: "letter.phone", rule: "phone", "基层党委联系电话应为手机号码或带区号的固定电话，实为“\(Limits.clipped(p, to: 20))”")
        }
        if let f = a.fax, !FieldRules.isLandline(f) {
            throw WorkflowError(.invalid, field: "letter.fax", rule: "landline", "传真应为带区号的固定电话号码，实为“\(Limits.clipped(f, to: 20))”")
        }
        if let p = a.postcode, !FieldRules.isPostcode(p) {
            throw WorkflowError(.invalid, field: "letter.postcode", rule: "postcode", "邮编应为 6 位数字，实为“\(Limits.clipped(p, to: 20))”")
        }
        if let s = a.address, s.unicodeScalars.count > FieldRules.maxNameLength {
            throw WorkflowError(.invalid, field: "letter.address", rule: "length", "通讯地址最多 \(FieldRules.maxNameLength) 个字")
        }
        if let s = a.addressee, s.unicodeScalars.count > Limits.letterhead {
            throw WorkflowError(.invalid, field: "letter.addressee", rule: "length", "介绍信抬头最多 \(Limits.letterhead) 个字")
        }
        if let s = a.reason, s.unicodeScalars.count > Limits.reason {
            throw WorkflowError(.invalid, field: "letter.reason", rule: "length", "转出原因最多 \(Limits.reason) 个字")
        }
        return a
    }

    /// What was completed, for the log line.
    var summary: String {
        [
            memberPhone.map { "党员联系电话 \($0)" }, addressee.map { "抬头 \($0)" }, address.map { "通讯地址 \($0)" }, phone.map { "联系电话 \($0)" },
            fax.map { "传真 \($0)" }, postcode.map { "邮编 \($0)" }, reason.map { "转出原因 \($0)" },
        ].compactMap { $0 }.joined(separator: "；")
    }
}
