import Foundation

extension WorkflowService {
    /// Whom an import of the register is for: the machine's operator of an unbound store
    /// (the whole store, `true`), or an administrator within its own subtree; a refusal is
    /// audited with the row count.
    func authorizeImport(_ caller: Caller, _ action: String, rows: Int, tree: OrganizationTree) async throws -> Bool {
        let unrestricted = caller.isUnbound(in: tree)
        do {
            if !unrestricted {
                try require(caller, [.administrator])
                _ = try ownOrganization(caller.account.organization, of: caller, in: tree)
            }
        } catch {
            try await audit(caller, action, target: "\(rows) rows", outcome: error.code.rawValue)
            throw error
        }
        return unrestricted
    }

    /// The end every import of the register shares: when any row is broken, the problems in
    /// row order, nothing counted, nothing written and the refusal audited; for a dry run, the
    /// counts audited; otherwise `write` and the audit entry in one transaction.
    func concludeImport(
        _ outcome: inout ImportOutcome, _ caller: Caller, _ action: String, rows: Int, dryRun: Bool,
        write: @escaping @Sendable (Repository) async throws -> Void
    ) async throws {
        guard outcome.problems.isEmpty else {
            outcome.problems.sort { ($0.row, $0.column) < ($1.row, $1.column) }
            outcome.added = 0
            outcome.changed = 0
            outcome.unchanged = 0
            try await audit(caller, action, target: "\(rows) rows", outcome: "invalid")
            return
        }
        let target = "\(rows) rows: " + outcome.summary
        if dryRun {
            try await audit(caller, action, target: target, outcome: "dry-run")
            return
        }
        let entry = entry(caller, action, target: target, outcome: "ok")
        try await store.transaction { c in
            let repo = Repository(c: c)
            try await write(repo)
            try await repo.appendAudit(entry)
        }
        outcome.written = true
    }
}
