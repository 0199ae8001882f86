import Foundation

/// The door for the collection sheets (打印采集表, seed 004 §5.10, §6.9): one A4 page of a
/// member's or an organization's register fields, to check on paper and sign. A read of a
/// member's data: decided and audited here.
extension WorkflowService {
    /// The collection sheet of member `id` (record id or ID number) of the caller's subtree.
    public func collectionSheet(member id: MemberID, for caller: Caller) async throws -> (name: String, pdf: Data) {
        try await read(caller, "print-collection-sheet", target: "member " + Limits.clipped(id, to: Limits.identifier), waits: true) {
            let tree = try await tree()
            let m = try await visibleMember(id, for: caller, in: tree)
            let r = m.register
            let yes = { (flag: Bool?) in flag.map { $0 ? "是" : "否" } ?? "" }
            let values: [String: String] = [
                "name": m.name, "sex": r?.sexCorrection ?? m.sex, "idNumber": m.idNumber, "ethnicity": m.ethnicity,
                "birthDate": r?.birthDateCorrection ?? m.birthDate, "education": m.education, "category": m.category == "预备" ? "预备党员" : "正式党员",
                "joinedOn": r?.joinedOn ?? "", "madeFullOn": r?.madeFullOn ?? "", "post": m.occupation, "phone": m.phone, "homeAddress": r?.homeAddress ?? "",
                "branch": "\(tree.organizations[m.organization]?.name ?? "")（\(m.organization.rawValue)）",
                "status": m.status == .stopped ? "停止党籍" : "正常", "duesPaidUpTo": r?.duesPaidUpTo ?? "",
                "lostContact": yes(r?.lostContact), "mobile": yes(r?.mobile), "printedOn": Self.today(clock.now()), "footer": "党员信息采集表 · \(m.idNumber)",
            ]
            return (m.name, try await printer.collectionSheet("collection-member", values: values, title: "党员信息采集表 \(m.name)"))
        }
    }

    /// The collection sheet of organization `id` of the caller's subtree.
    public func collectionSheet(organization id: OrganizationID, for caller: Caller) async throws -> (name: String, pdf: Data) {
        try await read(caller, "print-collection-sheet", target: Limits.clipped(id.rawValue, to: Limits.identifier), waits: true) {
            let tree = try await tree()
            let o = try tree.organization(try ownOrganization(id, of: caller, in: tree, field: "id"))
            let parent = o.parentID.flatMap { tree.organizations[$0] }
            let values: [String: String] = [
                "code": o.id.rawValue, "name": o.name, "shortName": o.register?.shortName ?? "", "category": "\(o.category.rawValue) \(o.category.label)",
                "parent": parent.map { "\($0.name)（\($0.id.rawValue)）" } ?? "", "secretary": o.register?.secretary ?? "",
                "contact": o.contact?.person ?? "", "phone": o.contact?.phone ?? "", "fax": o.contact?.fax ?? "", "letterhead": o.letterhead,
                "address": o.contact?.address ?? "", "postcode": o.contact?.postcode ?? "", "level": o.level.label,
                "units": (o.register?.unitCodes ?? []).joined(separator: "；"), "printedOn": Self.today(clock.now()), "footer": "党组织信息采集表 · \(o.id.rawValue)",
            ]
            return (o.name, try await printer.collectionSheet("collection-organization", values: values, title: "党组织信息采集表 \(o.name)"))
        }
    }

    /// The day `moment` falls on in China, `YYYY-MM-DD`.
    static func today(_ moment: Date) -> String {
        ChinaDay.civil(daysSinceEpoch: Int(((moment.timeIntervalSince1970 + 8 * 3600) / 86_400).rounded(.down)))
    }
}
