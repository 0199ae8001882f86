import Foundation
import LetterModel

/// The door for the members of the register (spec §3, §5): importing a sheet (all or
/// nothing, keyed by ID number, every broken row named) and exporting the caller's subtree.
extension WorkflowService {
    /// Imports the members of `table` into branches of the caller's subtree: new ID numbers
    /// are added, known ones changed (a member in a transfer in flight, or gone to history, is
    /// a broken row), unchanged rows counted. Nothing is written when any row is broken or when
    /// `dryRun`.
    /// The table is consumed: a province's sheet is let go once its rows are read.
    public func importMembers(_ table: consuming SheetTable, dryRun: Bool, for caller: Caller) async throws -> ImportOutcome {
        let rowCount = table.rows.count
        let action = "import-members"
        let tree = try await tree()
        let unrestricted = try await authorizeImport(caller, action, rows: rowCount, tree: tree)
        var outcome = ImportOutcome()
        var parsed: [MemberSheet.Parsed]
        do {
            let sheet = RegisterSheet(consume table, columns: MemberSheet.columns)
            outcome.ignoredColumns = sheet.ignored
            outcome.problems = sheet.problems
            guard sheet.problems.isEmpty else {
                try await audit(caller, action, target: "\(rowCount) rows", outcome: "invalid")
                return outcome
            }
            let (rows, rowProblems) = MemberSheet.parse(consume sheet)
            outcome.problems += rowProblems
            parsed = rows
        }
        // The stored members are read a batch ahead of the rows that need them and let go after.
        var byIDNumber: [String: PartyMember] = [:]
        var looked: Set<String> = []
        func inSubtree(_ org: OrganizationID) -> Bool {
            unrestricted ? tree.organizations[org] != nil : tree.isSelfOrAncestor(caller.account.organization, of: org)
        }
        func problem(_ row: Int, _ column: String, _ rule: String, _ message: String) {
            outcome.problems.append(RegisterProblem(row: row, column: column, rule: rule, message: message))
        }
        var rowOf: [String: Int] = [:]
        var writes: [(member: PartyMember, old: PartyMember?)] = []
        let c = MemberSheet.self
        writes.reserveCapacity(parsed.count)
        // Taken one by one and let go: a province's rows are not held twice while they become members.
        parsed.reverse()
        while let p = parsed.popLast() {
            if !looked.contains(p.idNumber) {
                let batch = [p.idNumber] + parsed.suffix(Repository.batch - 1).reversed().map(\.idNumber)
                looked = Set(batch)
                byIDNumber.removeAll(keepingCapacity: true)
                for m in try await store.read({ try await Repository(c: $0).members(idNumbers: batch) }) { byIDNumber[m.idNumber] = m }
            }
            if let first = rowOf[p.idNumber] {
                problem(p.row, c.idNumber, "unique", "身份证号与第 \(first) 行重复")
                continue
            }
            rowOf[p.idNumber] = p.row
            guard let branch = tree.organizations[p.branch], inSubtree(branch.id) else {
                problem(p.row, c.branch, "exists", "本组织及下级中没有编码为 \(p.branch.rawValue) 的党组织")
                continue
            }
            guard branch.category.holdsMembers else {
                problem(p.row, c.branch, "branch", "\(branch.name)（\(branch.category.rawValue)\(branch.category.label)）不是党支部：党员只能编入 631 党支部或 632 联合党支部")
                continue
            }
            let old = byIDNumber[p.idNumber]
            if let old {
                guard inSubtree(old.organization) else {
                    problem(p.row, c.idNumber, "unique", "该身份证号已有党员记录，在本组织及下级以外：须办理组织关系转接")
                    continue
                }
            }
            let member: PartyMember
            switch Self.member(from: p, old: old) {
            case .success(let made): member = made
            case .failure(let error):
                problem(p.row, error.field ?? c.name, error.rule ?? "invalid", error.message)
                continue
            }
            if let old {
                guard old != member else {
                    outcome.unchanged += 1
                    continue
                }
                switch old.status {
                case .inTransfer:
                    problem(p.row, c.branch, "in-transfer", "\(old.name) 正在转接中：转接办结或撤回之前不能修改")
                    continue
                case .history:
                    problem(p.row, c.status, "history", "\(old.name) 的党员记录已转入历史（转出、去世或出党）：不能通过导入修改")
                    continue
                case .active, .stopped:
                    outcome.changed += 1
                }
            } else {
                outcome.added += 1
            }
            writes.append((member, old))
        }
        let planned = writes
        try await concludeImport(&outcome, caller, action, rows: rowCount, dryRun: dryRun) { repo in
            var added: [(member: PartyMember, path: String)] = []
            added.reserveCapacity(Repository.batch)
            for (member, old) in planned {
                let path = tree.materializedPath(member.organization)
                // A member taken by a transfer meanwhile is a conflict: the whole import is refused.
                if let old {
                    try await repo.update(member, path: path, expectedStatus: old.status)
                    continue
                }
                added.append((member, path))
                if added.count == Repository.batch {
                    try await repo.insert(members: added)
                    added.removeAll(keepingCapacity: true)
                }
            }
            try await repo.insert(members: added)
        }
        return outcome
    }

    /// The member a row makes (keeping a known member's id, records and a transfer in flight).
    static func member(from p: MemberSheet.Parsed, old: PartyMember?) -> Result<PartyMember, WorkflowError> {
        let status: MemberStatus = old?.status == .inTransfer ? .inTransfer : p.stopped ? .stopped : .active
        return Result { () throws(WorkflowError) -> PartyMember in
            try PartyMember(
                id: old?.id ?? "m-" + UUID().uuidString.lowercased(), organization: p.branch, name: p.name, idNumber: p.idNumber,
                ethnicity: p.ethnicity, category: p.category, occupation: p.post, education: p.education, phone: p.phone,
                status: status, records: old?.records ?? [], register: p.register)
        }
    }

    /// The members of the caller's subtree (the whole store for the operator of an unbound
    /// store) who are not history, branch by branch in the tree's order, as the members sheet.
    public func exportMembers(for caller: Caller) async throws -> Spreadsheet {
        let tree = try await tree()
        let unrestricted = caller.isUnbound(in: tree)
        let roots = unrestricted ? tree.roots : [caller.account.organization]
        return try await read(caller, "export-members", target: roots.map(\.rawValue).joined(separator: ","), waits: true) {
            if !unrestricted { _ = try ownOrganization(caller.account.organization, of: caller, in: tree) }
            var members: [PartyMember] = []
            for root in roots {
                for branch in tree.depthFirst(root) where tree.organizations[branch]?.category.holdsMembers == true {
                    let here = try await self.members(in: branch).filter {
                        if case .history = $0.status { return false }
                        return true
                    }
                    members += here.sorted { $0.idNumber < $1.idNumber }
                }
            }
            return MemberSheet.sheet(members)
        }
    }
}
