import Foundation

/// The door for a member's record one at a time (register spec §3), from a page or the API:
/// entry (补录), edit (an ID-number correction keeps the old number), and the changes of
/// standing the register keeps as records (补删, 死亡, 出党, 停止党籍). The same rules as a
/// sheet's row; none while a transfer is in flight; each change and its audit entry in one
/// transaction; a member outside the caller's subtree is answered as one that does not exist.
extension WorkflowService {
    /// Enters a new member into a branch of the caller's subtree.
    public func addMember(_ entry: MemberEntry, for caller: Caller) async throws -> PartyMember {
        try await change(caller, "add-member", target: "member " + Limits.clipped(entry.idNumber, to: Limits.identifier)) { audit in
            let tree = try await tree()
            let p = try Self.checked(entry)
            try branch(p.branch, for: caller, in: tree)
            let member = try Self.member(from: p, old: nil).get()
            try await store.transaction { c in
                let repo = Repository(c: c)
                try await repo.insert(member, path: tree.materializedPath(member.organization))
                var entry = audit
                entry.target = "member \(member.id)"
                try await repo.appendAudit(entry)
            }
            return member
        }
    }

    /// Edits a member of the caller's subtree: every field, the branch within the subtree; a
    /// corrected ID number keeps the former one in the record.
    public func editMember(_ id: MemberID, _ entry: MemberEntry, for caller: Caller) async throws -> PartyMember {
        try await change(caller, "edit-member", target: "member " + Limits.clipped(id, to: Limits.identifier)) { audit in
            let tree = try await tree()
            let old = try await visibleMember(id, for: caller, in: tree)
            try Self.changeable(old)
            let p = try Self.checked(entry)
            try branch(p.branch, for: caller, in: tree)
            var member = try Self.member(from: p, old: old).get()
            if old.status == .stopped { member.status = .stopped }
            member.register?.sexCorrection = old.register?.sexCorrection
            member.register?.birthDateCorrection = old.register?.birthDateCorrection
            member.register?.formerIDNumbers = old.register?.formerIDNumbers
            if old.idNumber != member.idNumber {
                member.register?.formerIDNumbers = (old.register?.formerIDNumbers ?? []) + [old.idNumber]
            }
            guard member != old else { return old }
            let edited = member
            try await store.transaction { c in
                let repo = Repository(c: c)
                if old.idNumber != edited.idNumber, try await repo.idNumberTaken(edited.idNumber) {
                    throw WorkflowError(.invalid, field: "idNumber", rule: "unique", "身份证号码 \(edited.idNumber) 已有党员记录")
                }
                try await repo.update(edited, path: tree.materializedPath(edited.organization), expectedStatus: old.status)
                var entry = audit
                entry.target = "member \(old.id)" + (old.idNumber != edited.idNumber ? " idNumber corrected" : "")
                try await repo.appendAudit(entry)
            }
            return member
        }
    }

    /// Records a change of standing of a member of the caller's subtree on `day` (`YYYY-MM-DD`,
    /// not in the future), with a note: the member leaves the lists of active members.
    public func changeStanding(
        of id: MemberID, _ change: MemberStatusChange, on day: String, note: String,
        for caller: Caller
    ) async throws -> PartyMember {
        try await self.change(caller, "member-\(change.rawValue)", target: "member " + Limits.clipped(id, to: Limits.identifier)) { audit in
            try Limits.check(note, field: "note", max: Limits.reason)
            guard let iso = RegisterDay.normalized(day), case .day(let date) = ChinaDay.parse(iso) else {
                throw WorkflowError(.invalid, field: "date", rule: "date", "“\(Limits.clipped(day, to: 20))”不是日历上的日期（应为 YYYY-MM-DD）")
            }
            guard date <= clock.now() else { throw WorkflowError(.invalid, field: "date", rule: "not-after-today", "\(change.label)日期 \(iso) 晚于今天") }
            let tree = try await tree()
            var member = try await visibleMember(id, for: caller, in: tree)
            try Self.changeable(member)
            let old = member.status
            guard !(change == .stopped && old == .stopped) else {
                throw WorkflowError(.notAllowed, field: "change", rule: "already", "\(member.name) 已停止党籍")
            }
            member.status = change.status
            member.records.append(
                MembershipRecord(
                    kind: .decrease, organization: member.organization, at: date,
                    reason: change.label + (note.isEmpty ? "" : "：" + note)))
            let changed = member
            try await store.transaction { c in
                let repo = Repository(c: c)
                try await repo.update(changed, path: tree.materializedPath(changed.organization), expectedStatus: old)
                var entry = audit
                entry.target = "member \(changed.id) \(iso)"
                try await repo.appendAudit(entry)
            }
            return member
        }
    }

    /// A sheet row's checks on an entry: the first broken field is the error's, every broken
    /// field is in its message.
    static func checked(_ entry: MemberEntry) throws(WorkflowError) -> MemberSheet.Parsed {
        let table = SheetTable(headers: MemberSheet.columns.map(\.header), rows: [SheetTable.Row(number: 2, cells: entry.row)])
        let (rows, problems) = MemberSheet.parse(RegisterSheet(table, columns: MemberSheet.columns))
        if let first = problems.first {
            throw WorkflowError(
                .invalid, field: MemberEntry.fields[first.column] ?? first.column, rule: first.rule,
                problems.map { "\($0.column)：\($0.message)" }.joined(separator: "；"))
        }
        return rows[0]
    }

    /// Whether a member's record may change now: not in a transfer in flight, not history.
    static func changeable(_ member: PartyMember) throws(WorkflowError) {
        switch member.status {
        case .inTransfer: throw WorkflowError(.notAllowed, field: "member", rule: "in-transfer", "\(member.name) 正在转接中：转接办结或撤回之前不能修改")
        case .history: throw WorkflowError(.notAllowed, field: "member", rule: "history", "\(member.name) 的记录已转入历史：不能修改")
        case .active, .stopped: break
        }
    }

    /// Refuses a branch outside the caller's subtree (as one that does not exist) or one that holds no members.
    func branch(_ id: OrganizationID, for caller: Caller, in tree: OrganizationTree) throws(WorkflowError) {
        let org = try ownOrganization(id, of: caller, in: tree, field: "branch")
        guard tree.organizations[org]?.category.holdsMembers == true else {
            throw WorkflowError(.invalid, field: "branch", rule: "branch", "党员只能编入 631 党支部或 632 联合党支部")
        }
    }

    /// The member `id` (record id or ID number) if the caller's subtree holds its branch;
    /// otherwise the answer for a member that does not exist.
    func visibleMember(_ id: MemberID, for caller: Caller, in tree: OrganizationTree) async throws -> PartyMember {
        let missing = WorkflowError(.notFound, field: "member", rule: "subtree", "没有党员 \(Limits.clipped(id, to: Limits.identifier))")
        guard id.unicodeScalars.count <= Limits.identifier else { throw missing }
        let member: PartyMember
        do { member = try await self.member(id) } catch let error as WorkflowError where error.code == .notFound { throw missing }
        guard tree.isSelfOrAncestor(caller.account.organization, of: member.organization) else { throw missing }
        return member
    }
}
