import Foundation
import LetterModel

/// What registering a transfer into the province takes (省外转入登记, seed 000 and 001): the
/// member as the letter from outside names them, where they come from, the branch they go to,
/// the type, and — when the identity cannot be verified — a photo of the ID card to review.
public struct IncomingRegistration: Sendable {
    /// 姓名.
    public var name: String
    /// 公民身份证号 (GB 11643).
    public var idNumber: String
    /// 民族 (one of the 56, with or without 族).
    public var ethnicity: String
    /// 正式 or 预备.
    public var category: MemberCategory
    /// 工作岗位.
    public var occupation: String
    /// 学历.
    public var education: String
    /// 联系电话.
    public var phone: String
    /// 原所在党组织 outside the province, as its letter names it.
    public var origin: String
    /// The receiving branch, below the registering organization.
    public var destination: OrganizationID
    /// One of the incoming types.
    public var type: TransferType
    /// 党费缴纳至 and the first letter's validity.
    public var application: Transfer.Application
    /// A photo of the ID card (JPEG or PNG, at most 5 MB), for a manual review when the
    /// identity verifier cannot answer.
    public var idCardPhoto: Data?
    /// The number of the letter from outside (printed on the receipt sent back to its issuer).
    public var originLetterNumber: String?

    /// A registration.
    public init(
        name: String, idNumber: String, ethnicity: String, category: MemberCategory, occupation: String, education: String,
        phone: String, origin: String, destination: OrganizationID, type: TransferType, application: Transfer.Application,
        idCardPhoto: Data?, originLetterNumber: String? = nil
    ) {
        self.name = name
        self.idNumber = idNumber
        self.ethnicity = ethnicity
        self.category = category
        self.occupation = occupation
        self.education = education
        self.phone = phone
        self.origin = origin
        self.destination = destination
        self.type = type
        self.application = application
        self.idCardPhoto = idCardPhoto
        self.originLetterNumber = originLetterNumber
    }
}

extension WorkflowService {
    /// Registers a transfer into the province for `caller` (an administrator of an organization
    /// with national permission, registering down to a branch of its subtree): the member is
    /// checked as a register's entry, a known ID number is refused, the identity goes to the
    /// verifier; the transfer, the member and the audit entry are stored together.
    public func registerIncoming(_ r: IncomingRegistration, for caller: Caller) async throws -> Transfer {
        let target = "incoming " + Limits.clipped(r.idNumber, to: 20)
        do {
            try requireAdministrator(caller)
            _ = try Limits.check(r.name, field: "name", max: 40)
            _ = try Limits.check(r.origin, field: "origin", max: Limits.organizationName)
            _ = try Limits.check(r.occupation, field: "occupation", max: 40)
            _ = try Limits.check(r.education, field: "education", max: 40)
            if let number = r.originLetterNumber, number.count > 32 || !FieldRules.isLetterNumber(number) {
                throw WorkflowError(.invalid, field: "originLetterNumber", rule: "format", "原介绍信编号只能由字母、数字和连字符组成，最多 32 位")
            }
            let tree = try await tree()
            _ = try ownOrganization(r.destination, of: caller, in: tree, field: "destination")
            let member = try PartyMember(
                id: "m-" + UUID().uuidString.lowercased(), organization: r.destination, name: r.name,
                idNumber: r.idNumber.uppercased(), ethnicity: r.ethnicity, category: r.category,
                occupation: r.occupation, education: r.education, phone: r.phone, status: .inTransfer)
            // Whether the record lies in the caller's subtree or not, the answer is the same.
            if try await !store.read({ try await Repository(c: $0).members(idNumbers: [member.idNumber]) }).isEmpty {
                throw WorkflowError(
                    .invalid, field: "idNumber", rule: "unique",
                    "该身份证号已有党员记录：省内的党员应办理省内转接，不能登记为省外转入")
            }
            return try await registerIncoming(
                member: member, origin: r.origin, type: r.type, application: r.application,
                idCardPhoto: r.idCardPhoto, originLetterNumber: r.originLetterNumber, by: caller.actor, caller: caller)
        } catch let error as WorkflowError {
            try await audit(caller, "register-incoming", target: target, outcome: error.code.rawValue)
            throw error
        }
    }
}
