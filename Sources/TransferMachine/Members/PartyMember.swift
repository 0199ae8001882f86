import Foundation
import LetterModel

/// A stable identifier of a member record.
public typealias MemberID = String

/// Where a member's record stands.
public enum MemberStatus: Sendable, Hashable, Codable {
    /// An active member of a branch.
    case active
    /// A transfer is in flight.
    case inTransfer
    /// History: no longer counted here.
    case history(HistoryReason)
    /// Membership stopped (停止党籍).
    case stopped

    /// Why a record went to history.
    public enum HistoryReason: String, Sendable, Hashable, Codable {
        /// 转出.
        case movedOut
        /// 去世.
        case deceased
        /// 出党.
        case left
        /// 党员补删: entered by mistake.
        case removed
    }

    /// A short code for storage and lists.
    public var code: String {
        switch self {
        case .active: "active"
        case .inTransfer: "in-transfer"
        case .history(let r): "history-\(r.rawValue)"
        case .stopped: "stopped"
        }
    }
}

/// An increase or decrease of a branch's members (党员增减记录).
public struct MembershipRecord: Sendable, Hashable, Codable {
    /// Increase or decrease.
    public enum Kind: String, Sendable, Codable {
        /// 增加.
        case increase
        /// 减少.
        case decrease
    }

    /// Which.
    public var kind: Kind
    /// The branch.
    public var organization: OrganizationID
    /// When.
    public var at: Date
    /// Why, in the words of the lists (转入, 转出, 找回 …).
    public var reason: String
    /// The transfer that caused it.
    public var transferID: String?

    /// A record of `kind` at `organization`.
    public init(kind: Kind, organization: OrganizationID, at: Date, reason: String, transferID: String? = nil) {
        self.kind = kind
        self.organization = organization
        self.at = at
        self.reason = reason
        self.transferID = transferID
    }
}

/// A party member's record.
public struct PartyMember: Sendable, Hashable, Codable, Identifiable {
    /// Stable id.
    public let id: MemberID
    /// The branch holding the record.
    public var organization: OrganizationID
    /// Name.
    public var name: String
    /// Identity number (validated per GB 11643).
    public var idNumber: String
    /// 男/女, from the ID number.
    public var sex: String
    /// Birth date, from the ID number (`YYYY-MM-DD`).
    public var birthDate: String
    /// Ethnic group without 族.
    public var ethnicity: String
    /// 正式 or 预备.
    public var category: String
    /// Occupation.
    public var occupation: String
    /// Education.
    public var education: String
    /// Phone.
    public var phone: String
    /// Where the record stands.
    public var status: MemberStatus
    /// Increases and decreases, oldest first.
    public var records: [MembershipRecord]
    /// What the register keeps beyond what letters print (nil for members entered before it).
    public var register: MemberRegister?

    /// Creates a member after checking the ID number and phone; sex and birth date derive from
    /// the ID number.
    public init(
        id: MemberID, organization: OrganizationID, name: String, idNumber: String, ethnicity: String,
        category: MemberCategory, occupation: String, education: String, phone: String,
        status: MemberStatus = .active, records: [MembershipRecord] = [], register: MemberRegister? = nil
    ) throws(WorkflowError) {
        let parsed: IDNumber
        switch IDNumber.parse(idNumber) {
        case .success(let id): parsed = id
        case .failure(let error): throw WorkflowError(.invalid, field: "member.idNumber", rule: "\(error.explanation.rule)", "\(error.explanation.message)")
        }
        guard FieldRules.isMobile(phone) || FieldRules.isLandline(phone) else {
            throw WorkflowError(.invalid, field: "member.phone", rule: "phone", "应为手机号码或带区号的固定电话，实为“\(phone)”")
        }
        guard let bare = FieldRules.ethnicity(ethnicity) else {
            throw WorkflowError(.invalid, field: "member.ethnicity", rule: "known-ethnicity", "“\(ethnicity)”不是 56 个民族之一")
        }
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw WorkflowError(.invalid, field: "member.name", rule: "required", "姓名不能为空")
        }
        self.id = id
        self.organization = organization
        self.name = name
        self.idNumber = idNumber
        sex = parsed.sex.rawValue
        birthDate = parsed.birthDate.description
        self.ethnicity = bare
        self.category = category.rawValue
        self.occupation = occupation
        self.education = education
        self.phone = phone
        self.status = status
        self.records = records
        self.register = register
    }

    /// Age on `day`.
    public func age(on day: CivilDate) -> Int {
        CivilDate(iso: birthDate).map { $0.years(until: day) } ?? 0
    }
}
