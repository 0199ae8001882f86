import Foundation
import Hummingbird
import Workflow

/// Audits what a signed-in caller asks for wherever no one nearer audits it, in one place: every
/// read (lists, searches, histories, statistics, the audit log itself — the auditor's own reads
/// included —, accounts, permissions, printers, seals) with its outcome, and every refused
/// change. Transfers (views, operations, applications, letters, archives) are audited by the
/// service's door and the letter routes, exports and changes that succeed by their handlers and
/// the service, with what they touched; those paths pass through here untouched. Anonymous
/// requests are not logged (a login attempt is, by the account service): anyone could otherwise
/// grow the log at will.
struct AccessAuditMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let accounts: AccountService

    /// Path prefixes (after empty segments are dropped) and the action each read is logged as;
    /// other reads are logged as `read`.
    static let reads: [(prefix: String, action: String)] = [
        ("/api/queue", "view-queue"), ("/api/overview", "view-overview"), ("/api/history", "view-history"),
        ("/api/views/", "view-list"), ("/api/not-reported", "view-not-reported"), ("/api/statistics", "view-statistics"),
        ("/api/members", "search-members"), ("/api/audit", "read-audit"),
        ("/history", "view-history"), ("/views/", "view-list"), ("/not-reported", "view-not-reported"),
        ("/statistics", "view-statistics"), ("/apply", "search-members"), ("/audit", "read-audit"),
        ("/accounts", "view-accounts"), ("/permissions", "view-permissions"),
    ]

    /// Audited nearer to what they touch (or not a read of anything).
    static let elsewhere = ["/api/transfers", "/transfers", "/api/login", "/api/activate", "/login", "/logout",
                            "/health", "/metrics", "/openapi.json"]
    /// Reads whose success their handler audits with what it touched (an export, as it starts);
    /// only their refusals are audited here.
    static let successElsewhere = ["/api/archive/export"]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = Self.normalized(request.uri.path)
        guard let account = context.account, !Self.elsewhere.contains(where: { Self.matches(path, $0) }) else {
            return try await next(request, context)
        }
        let read = (request.method == .get || request.method == .head) && !Self.successElsewhere.contains { Self.matches(path, $0) }
        let action = request.method == .get || request.method == .head
            ? Self.action(path, exported: request.uri.queryParameters["format"].map { !$0.isEmpty } ?? false)
            : "refused-" + request.method.rawValue.lowercased()
        // The path names what was asked for (a refused change's action is `refused-post` etc.).
        let target = Limits.clipped(path + (request.uri.query.map { "?" + $0 } ?? ""), to: 200)
        let entry = { (outcome: String) in
            AuditEntry(at: Date(), account: account.name, address: context.remoteAddress, action: action, target: target, outcome: outcome)
        }
        do {
            let response = try await next(request, context)
            // A change that went through is audited by what made it; a refused one here. A read
            // that succeeded is answered while its entry is committed (a list, not a record:
            // records and letters wait for theirs); a refusal waits for its entry.
            if response.status.code >= 400 {
                try await accounts.audit(entry(String(response.status.code)))
            } else if read {
                accounts.auditSoon(entry("ok"))
            }
            return response
        } catch {
            let status = (error as? HTTPResponseError)?.status.code ?? ErrorMiddleware.answer(for: error).status.code
            try? await accounts.audit(entry(String(status)))
            throw error
        }
    }

    /// `path` with its empty segments dropped, as the router reads it.
    static func normalized(_ path: String) -> String {
        "/" + path.split(separator: "/").joined(separator: "/")
    }

    static func matches(_ path: String, _ prefix: String) -> Bool {
        path == prefix || path.hasPrefix(prefix.hasSuffix("/") ? prefix : prefix + "/")
    }

    /// The action a read is logged as; `export-…` when a spreadsheet is asked for.
    static func action(_ path: String, exported: Bool) -> String {
        if path == "/" { return "view-queue" }
        let action = reads.first { matches(path, $0.prefix) }?.action ?? "read"
        return exported ? action.replacingOccurrences(of: "view-", with: "export-").replacingOccurrences(of: "read-", with: "export-") : action
    }
}
