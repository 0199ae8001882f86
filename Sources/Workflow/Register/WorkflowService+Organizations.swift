import Foundation

/// The door for the organizations of the register (spec §1, §5): importing a sheet (all or
/// nothing, every broken row named) and exporting the caller's subtree. An administrator
/// imports below and at its own organization; the machine's operator loads the first tree into
/// an empty store. Audited with the counts, in the write's own transaction.
extension WorkflowService {
    /// Imports the organizations of `table`: new codes are added, known codes changed (never
    /// moved: a parent change is refused), unchanged rows counted. Nothing is written when any
    /// row is broken or when `dryRun`; the outcome says what was (or would be) done and why not.
    public func importOrganizations(_ table: SheetTable, dryRun: Bool, for caller: Caller) async throws -> ImportOutcome {
        try await importOrganizations(table, dryRun: dryRun, for: caller, action: "import-organizations")
    }

    /// The import under `action` (a page's single edit is audited as what it is).
    func importOrganizations(_ table: SheetTable, dryRun: Bool, for caller: Caller, action: String) async throws -> ImportOutcome {
        let existing = try await tree()
        let empty = existing.organizations.isEmpty
        do {
            if empty {
                guard caller.isLocalOperator else {
                    throw WorkflowError(.notAllowed, rule: "first-load", "库中还没有党组织：第一批党组织由运行服务的人在命令行导入（letters import organizations）")
                }
            } else if !caller.isLocalOperator || existing.organizations[caller.account.organization] != nil {
                try require(caller, [.administrator])
                _ = try ownOrganization(caller.account.organization, of: caller, in: existing)
            }
        } catch let error as WorkflowError {
            try await audit(caller, action, target: "\(table.rows.count) rows", outcome: error.code.rawValue)
            throw error
        }
        let sheet = RegisterSheet(table, columns: OrganizationSheet.columns)
        var outcome = ImportOutcome()
        outcome.ignoredColumns = sheet.ignored
        outcome.problems = sheet.problems
        guard sheet.problems.isEmpty else {
            try await audit(caller, action, target: "\(table.rows.count) rows", outcome: "invalid")
            return outcome
        }
        let (parsed, rowProblems) = OrganizationSheet.parse(sheet)
        outcome.problems += rowProblems
        // A linked unit must be in the register (import the units sheet first).
        let units = Set(try await store.read { try await Repository(c: $0).units() }.map(\.code))
        for p in parsed {
            for code in p.organization.register?.unitCodes ?? [] where !units.contains(code.uppercased()) {
                outcome.problems.append(
                    RegisterProblem(
                        row: p.row, column: OrganizationSheet.units, rule: "exists",
                        message: "单位 \(code) 不在名册中：先导入单位表"))
            }
        }
        let planned = plan(parsed, existing: existing, caller: caller, outcome: &outcome)
        let tree = outcome.problems.isEmpty ? try OrganizationTree(Array(planned.all.values)) : nil
        let known = existing.organizations.count
        try await concludeImport(&outcome, caller, action, rows: table.rows.count, dryRun: dryRun) { repo in
            // Read again under the transaction: another server's change in between is a conflict, not overwritten.
            guard try await repo.organizations().count == known else {
                throw WorkflowError(.conflict, "导入期间党组织已被他人修改，请重新导入")
            }
            guard let tree else { return }
            for id in planned.written { try await repo.save(tree.organizations[id]!, path: tree.materializedPath(id)) }
        }
        if outcome.written { cache.withLockedValue { $0.tree = nil } }
        return outcome
    }

    /// The tree after the rows (`all`), the codes to write, and the problems that need the tree:
    /// duplicates, parents, subtree, categories, cycles, roots.
    private func plan(
        _ parsed: [OrganizationSheet.Parsed], existing: OrganizationTree, caller: Caller,
        outcome: inout ImportOutcome
    ) -> (all: [OrganizationID: Organization], written: [OrganizationID]) {
        let c = OrganizationSheet.self
        var all = existing.organizations
        var rowOf: [OrganizationID: Int] = [:]
        func problem(_ row: Int, _ column: String, _ rule: String, _ message: String) {
            outcome.problems.append(RegisterProblem(row: row, column: column, rule: rule, message: message))
        }
        var fresh: [OrganizationSheet.Parsed] = []
        for p in parsed {
            let id = p.organization.id
            if let first = rowOf[id] {
                problem(p.row, c.code, "unique", "编码 \(id.rawValue) 与第 \(first) 行重复")
                continue
            }
            rowOf[id] = p.row
            fresh.append(p)
            all[id] = p.organization
        }
        let empty = existing.organizations.isEmpty
        let me = caller.account.organization
        let unrestricted = caller.isLocalOperator && (empty || existing.organizations[me] == nil)
        // Under the caller: an existing organization of its subtree, or a new one whose parent is.
        func underCaller(_ id: OrganizationID, depth: Int = 0) -> Bool {
            if unrestricted { return true }
            if existing.organizations[id] != nil { return existing.isSelfOrAncestor(me, of: id) }
            guard depth < 64, let parent = all[id]?.parentID else { return false }
            return underCaller(parent, depth: depth + 1)
        }
        let roots = fresh.filter { $0.organization.parentID == nil }
        for p in fresh {
            let o = p.organization
            let old = existing.organizations[o.id]
            if let old {
                if !underCaller(o.id) {
                    problem(p.row, c.code, "subtree", "编码 \(o.id.rawValue) 已被本组织及下级以外的党组织使用")
                    continue
                }
                if old.parentID != o.parentID {
                    problem(p.row, c.parent, "parent-change", "上级党组织不能通过导入改变（原为 \(old.parentID?.rawValue ?? "无")）：组织关系调整须单独办理")
                }
                if o.id == me, old.name != o.name, !caller.isLocalOperator {
                    problem(p.row, c.name, "rename-own", "不能重命名本组织：由上级党组织办理")
                }
            } else if let parent = o.parentID {
                // One answer for a parent that does not exist and one outside the caller's subtree.
                if all[parent] == nil || !underCaller(parent) {
                    problem(
                        p.row, c.parent, "exists",
                        unrestricted
                            ? "上级党组织 \(parent.rawValue) 既不在库中也不在本表中"
                            : "上级党组织 \(parent.rawValue) 不在本组织及下级之中，也不在本表中")
                }
            } else if !empty || roots.count > 1 {
                problem(p.row, c.parent, "required", empty ? "只能有一个根组织（上级为空），本表有 \(roots.count) 个" : "新增党组织须填写上级党组织")
            }
            if let parent = o.parentID, let p0 = all[parent], p0.category.rank < o.category.rank {
                problem(p.row, c.category, "category-rank", "\(p0.category.rawValue)\(p0.category.label)之下不能设置更高类别的\(o.category.rawValue)\(o.category.label)")
            }
            for child in all.values where child.parentID == o.id && child.category.rank > o.category.rank {
                problem(p.row, c.category, "category-rank", "其下级 \(child.id.rawValue)（\(child.category.rawValue)\(child.category.label)）类别更高：先调整下级")
                break
            }
            // A cycle: walking up from the row comes back to it.
            var seen: Set<OrganizationID> = [o.id]
            var up = o.parentID
            while let u = up {
                guard seen.insert(u).inserted, seen.count < 64 else {
                    problem(p.row, c.parent, "cycle", "上级关系成环（经过 \(u.rawValue)）")
                    break
                }
                up = all[u]?.parentID
            }
        }
        if empty && roots.isEmpty && !fresh.isEmpty {
            problem(fresh[0].row, c.parent, "required", "库中还没有党组织：表中须有一个根组织（上级为空）")
        }
        guard outcome.problems.isEmpty else { return (all, []) }
        // Levels: kept for known organizations, derived from the parent's for new ones.
        var levels: [OrganizationID: OrganizationLevel] = existing.organizations.mapValues(\.level)
        func level(_ id: OrganizationID, depth: Int = 0) -> OrganizationLevel {
            if let known = levels[id] { return known }
            let o = all[id]!
            let derived = OrganizationLevel.derived(category: o.category, parent: o.parentID.flatMap { depth < 64 ? level($0, depth: depth + 1) : nil })
            levels[id] = derived
            return derived
        }
        var written: [OrganizationID] = []
        for p in fresh {
            var o = p.organization
            o.level = level(o.id)
            // Transfer permissions are the security officer's (and the system's): an administrator's
            // sheet keeps them as they are, and a new organization starts with the defaults.
            if !caller.isLocalOperator { o.permissions = existing.organizations[o.id]?.permissions ?? TransferPermissions() }
            // A revocation is kept by every import.
            if let revoked = existing.organizations[o.id]?.register?.revocation {
                var register = o.register ?? OrganizationRegister()
                register.revocation = revoked
                o.register = register
            }
            all[o.id] = o
            if let old = existing.organizations[o.id] {
                if old == o {
                    outcome.unchanged += 1
                } else {
                    outcome.changed += 1
                    written.append(o.id)
                }
            } else {
                outcome.added += 1
                written.append(o.id)
            }
        }
        return (all, written)
    }

    /// The organizations of the caller's subtree (the whole store for the operator of an
    /// unbound store), parents before children, as the organizations sheet.
    public func exportOrganizations(for caller: Caller) async throws -> Spreadsheet {
        let action = "export-organizations"
        let tree = try await tree()
        let roots =
            caller.isUnbound(in: tree)
            ? tree.roots : [caller.account.organization]
        return try await read(caller, action, target: roots.map(\.rawValue).joined(separator: ","), roles: [.administrator], waits: true) {
            if !caller.isLocalOperator || tree.organizations[caller.account.organization] != nil {
                _ = try ownOrganization(caller.account.organization, of: caller, in: tree)
            }
            return OrganizationSheet.sheet(roots.flatMap { tree.depthFirst($0) }.filter { tree.organizations[$0]?.isRevoked != true }, tree: tree)
        }
    }
}
