import Foundation
import Hummingbird
import Workflow

/// Audits every read of members' data that a signed-in caller makes through a list, a search,
/// a history, statistics or the audit log itself (the auditor's own reads included), and
/// every refusal of one, in one place: which routes are such reads is listed here once.
/// Reads of one transfer, letter downloads and archive exports are audited where they happen,
/// with what they touched.
struct ReadAuditMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let accounts: AccountService

    /// Path prefixes (after empty segments are dropped) and the action each read is logged as.
    static let reads: [(prefix: String, action: String)] = [
        ("/api/queue", "view-queue"), ("/api/overview", "view-overview"), ("/api/history", "view-history"),
        ("/api/views/", "view-list"), ("/api/not-reported", "view-not-reported"), ("/api/statistics", "view-statistics"),
        ("/api/members", "search-members"), ("/api/audit", "read-audit"),
        ("/history", "view-history"), ("/views/", "view-list"), ("/not-reported", "view-not-reported"),
        ("/statistics", "view-statistics"), ("/apply", "search-members"), ("/audit", "read-audit"),
        ("/accounts", "view-accounts"), ("/permissions", "view-permissions"),
    ]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let account = context.account, request.method == .get, let action = Self.action(request) else {
            return try await next(request, context)
        }
        let target = Limits.clipped(request.uri.path + (request.uri.query.map { "?" + $0 } ?? ""), to: 200)
        do {
            let response = try await next(request, context)
            let outcome = response.status.code < 400 ? "ok" : String(response.status.code)
            try await accounts.audit(AuditEntry(at: Date(), account: account.name, address: context.remoteAddress, action: action,
                                                target: target, outcome: outcome))
            return response
        } catch {
            let outcome = (error as? HTTPResponseError).map { String($0.status.code) } ?? "error"
            try? await accounts.audit(AuditEntry(at: Date(), account: account.name, address: context.remoteAddress, action: action,
                                                 target: target, outcome: outcome))
            throw error
        }
    }

    /// The action a request's read is logged as; `export-…` when a spreadsheet is asked for.
    static func action(_ request: Request) -> String? {
        let path = "/" + request.uri.path.split(separator: "/").joined(separator: "/")
        if path == "/" { return "view-queue" }
        guard let read = reads.first(where: { path == $0.prefix || (path.hasPrefix($0.prefix) && ($0.prefix.hasSuffix("/") || path.dropFirst($0.prefix.count).hasPrefix("/"))) }) else {
            return nil
        }
        let exported = request.uri.queryParameters["format"].map { !$0.isEmpty } ?? false
        return exported ? read.action.replacingOccurrences(of: "view-", with: "export-").replacingOccurrences(of: "read-", with: "export-") : read.action
    }
}
