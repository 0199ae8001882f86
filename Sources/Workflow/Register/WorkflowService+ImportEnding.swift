import Foundation

extension WorkflowService {
    /// The end every import of the register shares: when any row is broken, the problems in
    /// row order, nothing counted, nothing written and the refusal audited; for a dry run, the
    /// counts audited; otherwise `write` and the audit entry in one transaction.
    func concludeImport(_ outcome: inout ImportOutcome, _ caller: Caller, _ action: String, rows: Int, dryRun: Bool,
                        write: @escaping @Sendable (Repository) async throws -> Void) async throws {
        guard outcome.problems.isEmpty else {
            outcome.problems.sort { ($0.row, $0.column) < ($1.row, $1.column) }
            outcome.added = 0; outcome.changed = 0; outcome.unchanged = 0
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
