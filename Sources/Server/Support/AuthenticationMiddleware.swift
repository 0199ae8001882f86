import Hummingbird
import Workflow

/// Finds the caller from `Authorization: Bearer TOKEN` (systems) or the session cookie
/// (browsers); for a cookie, requests that change anything must carry the session's CSRF
/// token in `X-CSRF-Token`.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let accounts: AccountService
    static let cookie = "letters_session"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if let authorization = request.headers[.authorization], authorization.hasPrefix("Bearer ") {
            if let found = try await accounts.account(session: String(authorization.dropFirst(7))) {
                context.account = found.account
            }
        } else if let cookie = request.cookies[Self.cookie]?.value, let found = try await accounts.account(session: cookie) {
            context.account = found.account
            context.viaCookie = true
            context.csrf = found.csrf
            // The API takes the token in a header; pages' forms carry it as a field, checked by
            // the page routes.
            if request.uri.path.hasPrefix("/api/"), request.method != .get && request.method != .head,
               request.headers[.init("X-CSRF-Token")!] != found.csrf {
                throw APIError(.forbidden, code: "csrf", message: "表单已过期（CSRF 校验失败），请刷新页面后重试")
            }
        }
        return try await next(request, context)
    }
}
