import Foundation

extension Transfer {
    /// A transfer completed on paper before the system (补录), as its letter said: completed on
    /// `record.completedOn`, created on the day the letter was issued, with no letter of ours
    /// and one line of log naming who entered it and when.
    ///
    /// The path is only as long as the paper tells: the source branch and the destination
    /// branch (a lateral hop), the source alone for a letter out of the province, and the
    /// nearest organization with national permission above the destination (as a live
    /// registration has it) for one that came in. The tree of today may no longer hold the
    /// organizations a letter of years ago passed, so no path is planned through it.
    public static func enteredFromPaper(
        id: TransferID, memberID: MemberID, memberName: String, memberIDNumber: String,
        direction: TransferDirection, source: OrganizationID?, type: TransferType,
        record: PaperRecord, by actor: Actor, tree: OrganizationTree, at now: Date
    ) throws(WorkflowError) -> Transfer {
        guard case .day(let issued) = ChinaDay.parse(record.issuedOn), case .day(let completed) = ChinaDay.parse(record.completedOn) else {
            throw WorkflowError(.invalid, field: "issuedOn", rule: "date", "开具日期和办结日期应为 YYYY-MM-DD")
        }
        guard completed >= issued else {
            throw WorkflowError(.invalid, field: "completedOn", rule: "order", "办结日期 \(record.completedOn) 早于开具日期 \(record.issuedOn)")
        }
        guard completed <= now else {
            throw WorkflowError(.invalid, field: "completedOn", rule: "not-after-today", "办结日期 \(record.completedOn) 晚于今天：未办结的转接应在系统中办理")
        }
        let path: TransferPath
        switch direction {
        case .inProvince(let destination):
            guard let source else { throw WorkflowError(.invalid, field: "source", rule: "required", "省内转接须填写转出党组织") }
            guard source != destination else { throw WorkflowError(.invalid, field: "destination", rule: "differs", "接收党组织与转出党组织相同") }
            path = TransferPath(organizations: [source, destination], turnIndex: 1, automaticTurn: false)
        case .outOfProvince:
            guard let source else { throw WorkflowError(.invalid, field: "source", rule: "required", "转往省外须填写转出党组织") }
            path = TransferPath(organizations: [source], turnIndex: 0, automaticTurn: false)
        case .intoProvince(_, let destination, _):
            let lineage = tree.lineage(destination)
            let creator = lineage.dropFirst().first { tree.organizations[$0]?.permissions.national == true } ?? lineage.last ?? destination
            path = TransferPath(organizations: creator == destination ? [destination] : [creator, destination], turnIndex: 0, automaticTurn: false)
        }
        var transfer = Transfer(
            id: id, memberID: memberID, memberName: memberName, memberIDNumber: memberIDNumber, direction: direction,
            path: path, initiator: 0, type: type, state: .completed(at: completed), createdAt: issued)
        transfer.paper = record
        transfer.noteBasicCommittees(tree)
        transfer.appendLog(
            now, actor, "纸质介绍信补录", from: path.organizations.first, to: transfer.destinationName(tree),
            note: "介绍信编号 \(record.letterNumber)；开具 \(record.issuedOn)；办结 \(record.completedOn)")
        return transfer
    }
}
