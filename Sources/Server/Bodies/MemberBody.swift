import Foundation
import Workflow

/// A member as the API answers it, apart from the register's stored document: the standing as
/// a code (`active`, `in-transfer`, `stopped`, `history-movedOut` …) a client can switch on,
/// not Swift's encoding of the enum. `openapi.json` names every field (`Member`).
struct MemberBody: Encodable, Sendable {
    struct Record: Encodable, Sendable {
        let kind: String
        let organization: String
        let at: Date
        let reason: String
        let transferID: String?
    }

    let id: String
    let organization: String
    let name: String
    let idNumber: String
    let sex: String
    let birthDate: String
    let ethnicity: String
    let category: String
    let occupation: String
    let education: String
    let phone: String
    let status: String
    let records: [Record]
    let register: MemberRegister?

    init(_ m: PartyMember) {
        id = m.id
        organization = m.organization.rawValue
        name = m.name
        idNumber = m.idNumber
        sex = m.sex
        birthDate = m.birthDate
        ethnicity = m.ethnicity
        category = m.category
        occupation = m.occupation
        education = m.education
        phone = m.phone
        status = m.status.code
        records = m.records.map {
            Record(kind: $0.kind.rawValue, organization: $0.organization.rawValue, at: $0.at, reason: $0.reason, transferID: $0.transferID)
        }
        register = m.register
    }
}
