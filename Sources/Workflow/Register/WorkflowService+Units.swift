import Foundation

/// The door for the units of the register (spec §2, §5): importing and exporting their sheet.
/// An administrator (or the machine's operator) imports units; a unit that an organization
/// outside the caller's subtree links to is not the caller's to change.
extension WorkflowService {
    /// Imports the units of `table`, all or nothing, keyed by 统一社会信用代码.
    public func importUnits(_ table: SheetTable, dryRun: Bool, for caller: Caller) async throws -> ImportOutcome {
        let action = "import-units"
        let tree = try await tree()
        let unrestricted = try await authorizeImport(caller, action, rows: table.rows.count, tree: tree)
        let sheet = RegisterSheet(table, columns: UnitSheet.columns)
        var outcome = ImportOutcome()
        outcome.ignoredColumns = sheet.ignored
        outcome.problems = sheet.problems
        var writes: [PartyUnit] = []
        if sheet.problems.isEmpty {
            let (rows, problems) = UnitSheet.parse(sheet)
            outcome.problems += problems
            let stored = Dictionary(uniqueKeysWithValues: try await store.read { try await Repository(c: $0).units() }.map { ($0.code, $0) })
            for (unit, row) in rows {
                if let old = stored[unit.code] {
                    let outside = tree.organizations.values.contains {
                        ($0.register?.unitCodes ?? []).contains(unit.code) && !unrestricted && !tree.isSelfOrAncestor(caller.account.organization, of: $0.id)
                    }
                    if outside {
                        outcome.problems.append(RegisterProblem(row: row, column: UnitSheet.code, rule: "subtree", message: "该单位关联着本组织及下级以外的党组织：不能在此修改"))
                        continue
                    }
                    if old == unit {
                        outcome.unchanged += 1
                    } else {
                        outcome.changed += 1
                        writes.append(unit)
                    }
                } else {
                    outcome.added += 1
                    writes.append(unit)
                }
            }
        }
        let planned = writes
        try await concludeImport(&outcome, caller, action, rows: table.rows.count, dryRun: dryRun) { repo in
            for unit in planned { try await repo.save(unit) }
        }
        return outcome
    }

    /// The units the caller's subtree links to (every unit for the operator of an unbound store).
    public func exportUnits(for caller: Caller) async throws -> Spreadsheet {
        let tree = try await tree()
        let unrestricted = caller.isUnbound(in: tree)
        return try await read(caller, "export-units", target: caller.account.organization.rawValue, waits: true) {
            let units = try await store.read { try await Repository(c: $0).units() }
            guard !unrestricted else { return UnitSheet.sheet(units) }
            _ = try ownOrganization(caller.account.organization, of: caller, in: tree)
            let linked = Set(tree.subtree(caller.account.organization).flatMap { tree.organizations[$0]?.register?.unitCodes ?? [] })
            return UnitSheet.sheet(units.filter { linked.contains($0.code) })
        }
    }
}
