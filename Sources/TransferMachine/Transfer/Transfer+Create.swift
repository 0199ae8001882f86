import Foundation
import LetterModel

extension Transfer {
    /// The data of an application that every transfer needs (§6).
    public struct Application: Sendable, Hashable, Codable {
        /// The month of `date` in China (`YYYY-MM`): what a form offers as dues paid up to.
        public static func thisMonth(_ date: Date) -> String {
            let day = date.chinaDay
            return String(format: "%04d-%02d", day.year, day.month)
        }

        /// Party dues paid up to (`YYYY-MM`).
        public var duesPaidUpTo: String
        /// Validity of the first letter, in days.
        public var validityDays: Int
        /// What the applying organization checked and completed on the first letter.
        public var amendments: LetterAmendments?

        /// Creates application data.
        public init(duesPaidUpTo: String, validityDays: Int = 15, amendments: LetterAmendments? = nil) {
            self.duesPaidUpTo = duesPaidUpTo
            self.validityDays = validityDays
            self.amendments = amendments
        }

        func check(at now: Date) throws(WorkflowError) {
            guard Letter.allowedValidityDays.contains(validityDays) else {
                throw WorkflowError(.invalid, field: "validityDays", rule: "allowed-values", "有效期应为 7、10、15、30 或 90 天，实为 \(validityDays)")
            }
            let today = now.chinaDay
            guard let dues = YearMonth(iso: duesPaidUpTo), let month = YearMonth(year: today.year, month: today.month) else {
                throw WorkflowError(.invalid, field: "duesPaidUpTo", rule: "month", "党费缴纳至应为 YYYY-MM，实为“\(duesPaidUpTo)”")
            }
            let gap = dues.months(until: month)
            guard gap >= 0 else { throw WorkflowError(.invalid, field: "duesPaidUpTo", rule: "not-after-today", "党费缴纳至 \(dues) 不能晚于本月") }
            guard gap <= 3 else { throw WorkflowError(.invalid, field: "duesPaidUpTo", rule: "within-three-months", "党费缴纳至 \(dues) 应在最近三个月之内") }
        }
    }

    /// Starts a transfer out of `member`'s branch (单人转出申请): validates, computes type and
    /// path, and — unless a member applies for themself — issues the first letter, auto-filling
    /// the steps below an initiating basic committee.
    public static func applyOut(
        id: TransferID, member: PartyMember, direction: TransferDirection, type outType: TransferType? = nil,
        application: Application, by actor: Actor, tree: OrganizationTree,
        at now: Date
    ) throws(WorkflowError) -> (Transfer, [TransferEffect]) {
        // Outsiders learn nothing about the member, not even its status.
        if case .organization(let org) = actor, !tree.isSelfOrAncestor(org, of: member.organization) {
            throw WorkflowError(.notFound, "没有党员 \(member.id)")
        }
        try application.check(at: now)
        guard member.status == .active else {
            throw WorkflowError(.invalid, member.status == .inTransfer ? "该党员已经有在转接流程中的申请单" : "该党员不是在册党员（\(member.status.code)），不能转出")
        }
        let planner = PathPlanner(tree: tree)
        let path: TransferPath
        let type: TransferType
        switch direction {
        case .inProvince(let destination):
            path = try planner.path(from: member.organization, to: destination)
            type = TransferType.derive(source: member.organization, destination: destination, tree: tree)
        case .outOfProvince(let name, let letterhead):
            guard !name.trimmingCharacters(in: .whitespaces).isEmpty, !letterhead.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw WorkflowError(.invalid, field: "destination", rule: "required", "转往省外时须手工填写接收党组织名称和介绍信抬头")
            }
            // Typed by hand: out of the province, or (seed 001) to an organization in the province
            // that is not on the tree (隐蔽党组织), with the in-province type the sender chooses.
            guard let outType, TransferType.outOfProvince.contains(outType) || TransferType.offTree.contains(outType) else {
                throw WorkflowError(
                    .invalid, field: "type", rule: "allowed-values",
                    "手工填写接收党组织时须选择类型：转往省外为 "
                        + TransferType.outOfProvince.map(\.rawValue).joined(separator: "、") + "；省内组织树外为 "
                        + TransferType.offTree.map(\.rawValue).joined(separator: "、"))
            }
            path =
                TransferType.offTree.contains(outType)
                ? try planner.pathOffTree(from: member.organization) : try planner.pathOutOfProvince(from: member.organization)
            type = outType
        case .intoProvince:
            throw WorkflowError(.invalid, "省外转入请使用“省外转入登记”")
        }
        // Who starts it: the branch, an organization above it on the path (auto-fill), or the member.
        let initiator: Int
        switch actor {
        case .organization(let org):
            guard tree.isSelfOrAncestor(org, of: member.organization) else { throw WorkflowError(.notFound, "没有党员 \(member.id)") }
            guard let index = path.organizations.firstIndex(of: org), index <= path.turnIndex || index < path.organizations.count - 1 else {
                throw WorkflowError(.notAllowed, "\(org) 不在该党员的转出路径上，不能发起；可由党员所在党支部或其基层党委发起")
            }
            initiator = index
        case .member(let id):
            guard id == member.id else { throw WorkflowError(.notAllowed, "党员只能为本人申请转出") }
            initiator = 0
        case .system:
            throw WorkflowError(.notAllowed, "系统不能发起转接")
        }
        var transfer = Transfer(
            id: id, member: member, direction: direction, path: path, initiator: initiator,
            type: type, state: .held(holder: initiator, note: nil), createdAt: now)
        transfer.duesPaidUpTo = application.duesPaidUpTo
        transfer.noteBasicCommittees(tree)
        transfer.appendLog(now, actor, "单人转出申请", from: member.organization, to: transfer.destinationName(tree), note: type.rawValue)
        var effects: [TransferEffect] = [.memberStatus(.inTransfer)]
        if case .member = actor { return (transfer, effects) }
        for i in 0..<initiator {
            effects += transfer.issue(from: i, validity: application.validityDays, automatic: true, at: now, operation: "自动补齐")
        }
        effects += try transfer.approve(
            by: actor, validityDays: application.validityDays, at: now, operation: "发起并开具介绍信",
            amendments: application.amendments)
        return (transfer, effects)
    }

    /// Registers a transfer into the province (省外转入登记), created by a national
    /// organization, which issues the first letter down towards `destination`. The identity
    /// must have been verified, or an ID-card photo reviewed by hand (`manualReview`).
    public static func registerIncoming(
        id: TransferID, member: PartyMember, origin: String, type: TransferType,
        destination: OrganizationID, application: Application, verified: Bool,
        manualReview: Bool, originLetterNumber: String? = nil, by actor: Actor, tree: OrganizationTree,
        at now: Date
    ) throws(WorkflowError) -> (Transfer, [TransferEffect]) {
        try application.check(at: now)
        guard case .organization(let creator) = actor else { throw WorkflowError(.notAllowed, "省外转入须由具有全国范围转接权限的党组织登记") }
        guard TransferType.incoming.contains(type) else {
            throw WorkflowError(.invalid, field: "type", rule: "allowed-values", "转入类型应为：" + TransferType.incoming.map(\.rawValue).joined(separator: "、"))
        }
        guard verified || manualReview else {
            throw WorkflowError(.invalid, field: "identity", rule: "manual-review", "无法核验该党员身份：须上传身份证照片并人工审核")
        }
        guard !origin.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw WorkflowError(.invalid, field: "origin", rule: "required", "须填写原所在党组织")
        }
        let path = try PathPlanner(tree: tree).pathIntoProvince(by: creator, to: destination)
        var transfer = Transfer(
            id: id, member: member,
            direction: .intoProvince(origin: origin, destination: destination, manualReview: manualReview && !verified),
            path: path, initiator: 0, type: type, state: .held(holder: 0, note: nil), createdAt: now)
        transfer.duesPaidUpTo = application.duesPaidUpTo
        transfer.originLetterNumber = originLetterNumber
        transfer.noteBasicCommittees(tree)
        transfer.appendLog(
            now, actor, "省外转入登记", from: creator, to: tree.organizations[destination]?.name,
            note: "\(type.rawValue)；原组织：\(origin)" + (originLetterNumber.map { "；原介绍信编号 \($0)" } ?? "") + (verified ? "" : "；身份经人工审核"))
        let effects = try transfer.approve(by: actor, validityDays: application.validityDays, at: now, operation: "登记并开具介绍信")
        return (transfer, [.memberStatus(.inTransfer)] + effects)
    }

    /// The destination's name for logs and letters.
    package func destinationName(_ tree: OrganizationTree) -> String {
        switch direction {
        case .inProvince(let d), .intoProvince(_, let d, _): tree.organizations[d]?.name ?? d.rawValue
        case .outOfProvince(let name, _): name
        }
    }

    mutating func appendLog(_ at: Date, _ actor: Actor, _ operation: String, from: OrganizationID?, to: String?, note: String? = nil) {
        log.append(LogEntry(at: at, actor: actor, operation: operation, from: from, to: to, note: note))
    }
}
