import Crypto
import Foundation

/// The 导入 page's two steps (register spec §5): an uploaded sheet is checked as a dry run and,
/// when every row is good, kept until the person who uploaded it confirms; the confirmation then
/// imports exactly those bytes. The upload waits in the database (an hour at most), so that the
/// confirmation may reach any server; only its uploader can confirm it.
public struct RegisterUploads: Sendable {
    let workflow: WorkflowService
    let accounts: AccountService

    /// How long a checked upload waits for its confirmation.
    public static let lifetime: TimeInterval = 3_600
    /// The largest sheet the page takes (a province's members as `.xlsx` are about 16 MB).
    public static let maxBytes = 64 * 1024 * 1024

    /// Uploads over `workflow`'s store, accounts through `accounts`.
    public init(workflow: WorkflowService, accounts: AccountService) {
        self.workflow = workflow
        self.accounts = accounts
    }

    /// A checked upload: what the import would do, and the token that confirms it (nil when a
    /// row is broken: nothing is kept).
    public struct Preview: Sendable {
        /// The dry run's outcome.
        public let outcome: ImportOutcome
        /// The confirmation's token.
        public let token: String?
    }

    /// Checks `data` (named `name`) as a dry run of importing `kind` for `caller`, and keeps it
    /// for the confirmation when every row is good.
    public func check(_ kind: RegisterSheetKind, name: String, data: Data, for caller: Caller) async throws -> Preview {
        let outcome = try await run(kind, try SheetTable.read(data, name: name), dryRun: true, for: caller)
        guard outcome.problems.isEmpty else { return Preview(outcome: outcome, token: nil) }
        let token = AccountService.random(16)
        let now = Int64(workflow.clock.now().timeIntervalSince1970)
        try await workflow.store.transaction { c in
            _ = try await c.run("DELETE FROM pending_imports WHERE created_at < ?", [.int(now - Int64(Self.lifetime))])
            _ = try await c.run(
                "INSERT INTO pending_imports (token, account, kind, file_name, bytes, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                [
                    .text(AccountService.digest(token)), .text(caller.account.name), .text(kind.rawValue),
                    .text(Limits.clipped(name, to: 200)), .blob([UInt8](data)), .int(now),
                ])
        }
        return Preview(outcome: outcome, token: token)
    }

    /// Imports the upload `token` names, for the caller who uploaded it; the kind and file
    /// name come back with the outcome. A token unknown, expired or another's is refused alike.
    public func confirm(_ token: String, for caller: Caller) async throws -> (kind: RegisterSheetKind, name: String, outcome: ImportOutcome) {
        let now = Int64(workflow.clock.now().timeIntervalSince1970)
        let digest = AccountService.digest(token)
        let row = try await workflow.store.transaction { c in
            let row = try await c.run(
                "SELECT kind, file_name, bytes FROM pending_imports WHERE token = ? AND account = ? AND created_at >= ?",
                [.text(digest), .text(caller.account.name), .int(now - Int64(Self.lifetime))]
            ).first
            // Used once: a second confirmation (a double click, another server) finds nothing.
            _ = try await c.run("DELETE FROM pending_imports WHERE token = ?", [.text(digest)])
            return row
        }
        guard let row, let kind = RegisterSheetKind(rawValue: row.string("kind") ?? ""), let bytes = row.bytes("bytes") else {
            throw WorkflowError(.notFound, field: "token", rule: "pending", "没有待确认的导入（已确认过，或上传已超过 1 小时）：请重新上传")
        }
        let name = row.string("file_name") ?? ""
        let outcome = try await run(kind, try SheetTable.read(Data(bytes), name: name), dryRun: false, for: caller)
        return (kind, name, outcome)
    }

    func run(_ kind: RegisterSheetKind, _ table: SheetTable, dryRun: Bool, for caller: Caller) async throws -> ImportOutcome {
        switch kind {
        case .organizations: try await workflow.importOrganizations(table, dryRun: dryRun, for: caller)
        case .members: try await workflow.importMembers(table, dryRun: dryRun, for: caller)
        case .units: try await workflow.importUnits(table, dryRun: dryRun, for: caller)
        case .accounts: try await accounts.importAccounts(table, dryRun: dryRun, tree: try await workflow.tree(), for: caller)
        case .transfers: try await workflow.importPaperTransfers(table, dryRun: dryRun, for: caller)
        }
    }
}
