import Hummingbird
import Workflow

/// Finds the caller from `Authorization: Bearer TOKEN` (systems) or the session cookie
/// (browsers); `CSRFMiddleware` then checks a cookie session's changes.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let accounts: AccountService
    static let cookie = "letters_session"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        var version: Int?
        if let authorization = request.headers[.authorization], authorization.hasPrefix("Bearer ") {
            if let found = try await accounts.account(session: String(authorization.dropFirst(7))) {
                context.account = found.account
                version = found.organizationsVersion
            }
        } else if let cookie = request.cookies[Self.cookie]?.value, let found = try await accounts.account(session: cookie) {
            context.account = found.account
            context.viaCookie = true
            context.csrf = found.csrf
            version = found.organizationsVersion
        }
        // The organizations' version read with the session: the request's tree is checked by it.
        return try await OrganizationsVersion.$known.withValue(version) { try await next(request, context) }
    }
}
