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
            let repository = Repository(c: c)
            try await repository.dropPendingImports(before: now - Int64(Self.lifetime))
            try await repository.keepPendingImport(
                digest: AccountService.digest(token), account: caller.account.name, kind: kind.rawValue,
                fileName: Limits.clipped(name, to: 200), bytes: data, at: now)
        }
        return Preview(outcome: outcome, token: token)
    }

    /// Imports the upload `token` names, for the caller who uploaded it; the kind and file
    /// name come back with the outcome. A token unknown, expired or another's is refused alike.
    public func confirm(_ token: String, for caller: Caller) async throws -> (kind: RegisterSheetKind, name: String, outcome: ImportOutcome) {
        let now = Int64(workflow.clock.now().timeIntervalSince1970)
        let digest = AccountService.digest(token)
        // Used once: a second confirmation (a double click, another server) finds nothing.
        let pending = try await workflow.store.transaction { c in
            try await Repository(c: c).takePendingImport(digest: digest, account: caller.account.name, since: now - Int64(Self.lifetime))
        }
        guard let pending, let kind = RegisterSheetKind(rawValue: pending.kind) else {
            throw WorkflowError(.notFound, field: "token", rule: "pending", "没有待确认的导入（已确认过，或上传已超过 1 小时）：请重新上传")
        }
        let name = pending.fileName
        let outcome = try await run(kind, try SheetTable.read(pending.bytes, name: name), dryRun: false, for: caller)
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
