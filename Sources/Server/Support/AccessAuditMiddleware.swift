import Foundation
import Hummingbird
import Workflow

/// The last resort of the audit log. Every entry of the service audits what it decides — each
/// read, change and refusal, in the change's own transaction — so this middleware writes an
/// entry only for a signed-in request that reached none: one refused before it (a missing CSRF
/// token, a body or parameter that could not be read, an address that is no route) or a read of
/// nothing but the caller's own account. It knows through `AuditTrail`, which the service marks
/// whenever it writes an entry for the running request; so nothing a signed-in caller asks for
/// goes unrecorded, and nothing is recorded twice. Anonymous requests are not logged (a login
/// attempt is, by the account service): anyone could otherwise grow the log at will.
struct AccessAuditMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let accounts: AccountService

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let account = context.account else { return try await next(request, context) }
        let trail = AuditTrail()
        let read = request.method == .get || request.method == .head
        let entry = { (outcome: String) in
            AuditEntry(
                at: Date(), account: account.name, address: context.remoteAddress,
                action: read ? "read" : "refused-" + request.method.rawValue.lowercased(),
                // The path names what was asked for.
                target: Limits.clipped(Self.normalized(request.uri.path) + (request.uri.query.map { "?" + $0 } ?? ""), to: 200),
                outcome: outcome)
        }
        do {
            let response = try await AuditTrail.$current.withValue(trail) { try await next(request, context) }
            guard !trail.isWritten else { return response }
            if response.status.code >= 400 {
                try await accounts.audit(entry(String(response.status.code)))
            } else if read {
                accounts.auditSoon(entry("ok"))
            }
            return response
        } catch {
            if !trail.isWritten {
                let status = (error as? HTTPResponseError)?.status.code ?? ErrorMiddleware.answer(for: error).status.code
                try? await accounts.audit(entry(String(status)))
            }
            throw error
        }
    }

    /// `path` with its empty segments dropped, as the router reads it.
    static func normalized(_ path: String) -> String {
        "/" + path.split(separator: "/").joined(separator: "/")
    }
}
