import Foundation

/// The door for one organization at a time (register spec §1), from a page or the API: create
/// below the caller's own, edit its own and its subordinates' (rename subordinates only; a
/// category change only where parent and children still allow it), delete a subordinate made
/// by mistake, revoke one with a document number and a reason. Create and edit go through the
/// organizations sheet's rules (one row), so a value refused on import is refused here.
extension WorkflowService {
    /// Creates an organization below one of the caller's subtree. `fields` are the API's names
    /// (`code`, `parent`, `name`, `category`, `contact`, `phone`, `letterhead`, `address`, `fax`,
    /// `postcode`, `shortName`, `secretary`, `units`); an unknown one is an error naming it.
    public func createOrganization(_ fields: [String: String], for caller: Caller) async throws -> Organization {
        let row = try Self.sheetRow(fields)
        let code = OrganizationID(row[OrganizationSheet.code] ?? "")
        return try await oneRow(row, code: code, action: "create-organization", for: caller) { tree in
            guard tree.organizations[code] == nil else {
                throw WorkflowError(.invalid, field: OrganizationSheet.code, rule: "unique", "党组织统一编码代码 \(code.rawValue) 已被使用")
            }
        }
    }

    /// Edits an organization of the caller's subtree (its parent never changes here); the
    /// fields left out stay as they are.
    public func editOrganization(_ id: OrganizationID, _ fields: [String: String], for caller: Caller) async throws -> Organization {
        let row = try Self.sheetRow(fields)
        // What the request leaves out stays as it is (a PUT of some fields, never a reset of the others).
        var full: [String: String] = [:]
        let tree = try await tree()
        if tree.organizations[id] != nil, let current = OrganizationSheet.sheet([id], tree: tree).rows.first {
            for (header, value) in zip(OrganizationSheet.columns.map(\.header), current) { full[header] = Spreadsheet.display(value) }
        }
        full.merge(row) { _, new in new }
        full[OrganizationSheet.code] = id.rawValue
        return try await oneRow(full, code: id, action: "edit-organization", for: caller) { tree in
            _ = try ownOrganization(id, of: caller, in: tree, field: "id")
        }
    }

    /// Deletes a subordinate created by mistake: no children, members, transfers, accounts or units.
    public func deleteOrganization(_ id: OrganizationID, for caller: Caller) async throws {
        try await change(caller, "delete-organization", target: Limits.clipped(id.rawValue, to: Limits.identifier)) { entry in
            let tree = try await tree()
            try subordinate(id, of: caller, in: tree)
            let org = try tree.organization(id)
            guard tree.children(of: id).isEmpty else { throw WorkflowError(.notAllowed, field: "id", rule: "children", "\(org.name) 有下级党组织：不能删除") }
            guard (org.register?.unitCodes ?? []).isEmpty else { throw WorkflowError(.notAllowed, field: "id", rule: "units", "\(org.name) 关联了单位：先解除关联") }
            try await store.transaction { c in
                let repo = Repository(c: c)
                let refs = try await repo.references(to: id, inFlightOnly: false)
                guard refs.members == 0, refs.accounts == 0, refs.transfers == 0 else {
                    throw WorkflowError(
                        .notAllowed, field: "id", rule: "in-use",
                        "\(org.name) 已有党员 \(refs.members) 名、账号 \(refs.accounts) 个、转接 \(refs.transfers) 件：只能删除误建的组织；不再使用的请撤销")
                }
                try await repo.deleteOrganization(id)
                try await repo.appendAudit(entry)
            }
            cache.withLockedValue { $0.tree = nil }
        }
    }

    /// Revokes a subordinate (撤销): it stays in history and old letters, and leaves every list
    /// and every new path. Not while it has members, children or transfers in flight.
    public func revokeOrganization(_ id: OrganizationID, documentNumber: String, reason: String, for caller: Caller) async throws -> Organization {
        try await change(
            caller, "revoke-organization", target: "\(Limits.clipped(id.rawValue, to: Limits.identifier)) \(Limits.clipped(documentNumber, to: 40))"
        ) { entry in
            try Limits.check(documentNumber, field: "documentNumber", max: 40)
            try Limits.check(reason, field: "reason", max: Limits.reason)
            guard !documentNumber.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw WorkflowError(.invalid, field: "documentNumber", rule: "required", "须填写撤销文号")
            }
            guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else { throw WorkflowError(.invalid, field: "reason", rule: "required", "须填写撤销原因") }
            let tree = try await tree()
            try subordinate(id, of: caller, in: tree)
            let org = try tree.organization(id)
            guard org.register?.revocation == nil else { throw WorkflowError(.notAllowed, field: "id", rule: "revoked", "\(org.name) 已撤销") }
            guard tree.children(of: id).allSatisfy({ tree.organizations[$0]?.register?.revocation != nil }) else {
                throw WorkflowError(.notAllowed, field: "id", rule: "children", "\(org.name) 还有下级党组织：先撤销或调整下级")
            }
            let refs = try await store.read { try await Repository(c: $0).references(to: id, inFlightOnly: true) }
            guard refs.members == 0, refs.transfers == 0 else {
                throw WorkflowError(.notAllowed, field: "id", rule: "in-use", "\(org.name) 还有党员 \(refs.members) 名、在途转接 \(refs.transfers) 件：不能撤销")
            }
            let today = ChinaDay.civil(daysSinceEpoch: Int(((clock.now().timeIntervalSince1970 + 8 * 3600) / 86_400).rounded(.down)))
            return try await update(id, audit: entry) { o in
                var register = o.register ?? OrganizationRegister()
                register.revocation = .init(documentNumber: documentNumber, reason: reason, on: today)
                o.register = register
                // Left out of every new path (the planner skips what may not transfer).
                o.permissions.mayTransfer = false
            }
        }
    }

    /// The sheet's row for the API's fields.
    static func sheetRow(_ fields: [String: String]) throws(WorkflowError) -> [String: String] {
        var row: [String: String] = [:]
        for (key, value) in fields {
            guard let header = OrganizationSheet.jsonKeys[key] else {
                throw WorkflowError(
                    .invalid, field: Limits.clipped(key, to: 40), rule: "unknown-field",
                    "未知字段：可用 " + OrganizationSheet.jsonKeys.keys.sorted().joined(separator: "、"))
            }
            row[header] = value
        }
        return row
    }

    /// Refuses `id` unless it lies strictly below the caller's organization (as one that does not exist when outside).
    func subordinate(_ id: OrganizationID, of caller: Caller, in tree: OrganizationTree) throws(WorkflowError) {
        _ = try ownOrganization(id, of: caller, in: tree, field: "id")
        guard id != caller.account.organization else {
            throw WorkflowError(.notAllowed, field: "id", rule: "own", "不能删除或撤销本组织：由上级党组织办理")
        }
    }

    /// One organizations-sheet row through the import's rules (which audit the change or its
    /// refusal), the first problem as the error.
    private func oneRow(
        _ row: [String: String], code: OrganizationID, action: String, for caller: Caller,
        _ precheck: (OrganizationTree) throws -> Void
    ) async throws -> Organization {
        do {
            try require(caller, [.administrator])
            try precheck(try await tree())
        } catch let error as WorkflowError {
            try await audit(caller, action, target: Limits.clipped(code.rawValue, to: Limits.identifier), outcome: error.code.rawValue)
            throw error
        }
        let headers = OrganizationSheet.columns.map(\.header)
        let table = SheetTable(headers: headers, rows: [SheetTable.Row(number: 2, cells: headers.map { row[$0] ?? "" })])
        let outcome = try await importOrganizations(table, dryRun: false, for: caller, action: action)
        if let first = outcome.problems.first {
            let key = OrganizationSheet.jsonKeys.first { $0.value == first.column }?.key ?? first.column
            throw WorkflowError(.invalid, field: key, rule: first.rule, outcome.problems.map { "\($0.column)：\($0.message)" }.joined(separator: "；"))
        }
        return try await tree().organization(code)
    }
}
