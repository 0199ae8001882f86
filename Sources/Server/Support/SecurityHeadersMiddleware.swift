import HTTPTypes
import Hummingbird

/// Headers that keep browsers from running or framing what the server did not mean them to:
/// the pages use no script at all, so `script-src 'none'`; only this origin may frame anything
/// (the transfer page frames its letter); content types are never sniffed. Added to every
/// response, errors included; the full policy on HTML only, because a policy on a PDF applies
/// to the browser's own PDF viewer too.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as HTTPResponseError {
            response = try error.response(from: request, context: context)
        }
        for field in SecurityHeaders.always { response.headers[field.name] = field.value }
        let html = response.headers[.contentType]?.hasPrefix("text/html") ?? false
        response.headers[.contentSecurityPolicy] = html ? SecurityHeaders.pagePolicy : SecurityHeaders.otherPolicy
        return response
    }
}

/// The headers' values, built once (a generic middleware cannot hold stored statics).
enum SecurityHeaders {
    static let pagePolicy = "default-src 'self'; script-src 'none'; object-src 'none'; style-src 'self' 'unsafe-inline'; "
        + "img-src 'self' data:; frame-ancestors 'self'; base-uri 'none'; form-action 'self'"
    static let otherPolicy = "frame-ancestors 'self'"
    static let always: HTTPFields = [
        .xContentTypeOptions: "nosniff",
        HTTPTypes.HTTPField.Name("X-Frame-Options")!: "SAMEORIGIN",
        HTTPTypes.HTTPField.Name("Referrer-Policy")!: "same-origin",
    ]
}
