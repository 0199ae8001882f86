import Hummingbird
import RequestBodies

/// For a cookie session, every request other than GET and HEAD must carry the session's CSRF
/// token, whatever its path and however the path is spelled (`//api/…`): the router ignores
/// empty segments, so a check that looks at the path can be walked around. The token comes in
/// `X-CSRF-Token` (the API), as the `_csrf` field of an urlencoded form (pages), or as `_csrf`
/// in the query of a `multipart/form-data` post (the seal upload), so that no multipart body
/// is parsed for a caller who has not passed this check. Runs after `PageErrorMiddleware`, so
/// that a form gets the "form expired" page and the API its JSON.
struct CSRFMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard context.viaCookie, request.method != .get, request.method != .head else { return try await next(request, context) }
        var request = request
        guard try await Self.carriesToken(context.csrf, in: &request) else { throw CSRFRefusal() }
        return try await next(request, context)
    }

    /// Whether `request` carries `token`; an urlencoded body is read (up to the form limit) and
    /// handed on to the route as read.
    static func carriesToken(_ token: String, in request: inout Request) async throws -> Bool {
        if let header = request.headers[.init("X-CSRF-Token")!] { return header == token }
        let type = (request.headers[.contentType] ?? "").lowercased()
        if type.hasPrefix("application/x-www-form-urlencoded") {
            let body = try await request.collectBody(upTo: PageRoutes.formLimit)
            // An unreadable form is refused as such (400, in words), not as an expired one.
            do {
                return try FormFields(String(buffer: body))["_csrf"] == token
            } catch {
                throw APIError(error)
            }
        }
        if type.hasPrefix("multipart/form-data") {
            return request.uri.queryParameters["_csrf"].map(String.init) == token
        }
        return false
    }
}
