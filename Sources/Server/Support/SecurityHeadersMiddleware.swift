import HTTPTypes
import Hummingbird

/// Headers that keep browsers from running or framing what the server did not mean them to:
/// the pages use no script at all, so `script-src 'none'`; only this origin may frame anything
/// (the transfer page frames its letter); content types are never sniffed. Added to every
/// response, errors included; the full policy on HTML only, because a policy on a PDF applies
/// to the browser's own PDF viewer too. Behind a TLS proxy (`X-Forwarded-Proto: https`) every
/// cookie is marked `Secure` and `Strict-Transport-Security` is sent.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as HTTPResponseError {
            response = try error.response(from: request, context: context)
        }
        for field in SecurityHeaders.always { response.headers[field.name] = field.value }
        // Behind a TLS proxy: the session must never travel in clear, and browsers should not try.
        if request.headers[SecurityHeaders.forwardedProto]?.lowercased() == "https" {
            response.headers[SecurityHeaders.transportSecurity] = "max-age=31536000"
            let cookies = response.headers[values: .setCookie]
            if !cookies.isEmpty { response.headers[values: .setCookie] = cookies.map { $0.contains("; Secure") ? $0 : $0 + "; Secure" } }
        }
        let html = response.headers[.contentType]?.hasPrefix("text/html") ?? false
        response.headers[.contentSecurityPolicy] = html ? SecurityHeaders.pagePolicy : SecurityHeaders.otherPolicy
        return response
    }
}

/// The headers' values, built once (a generic middleware cannot hold stored statics).
enum SecurityHeaders {
    static let pagePolicy =
        "default-src 'self'; script-src 'none'; object-src 'none'; style-src 'self' 'unsafe-inline'; "
        + "img-src 'self' data:; frame-ancestors 'self'; base-uri 'none'; form-action 'self'"
    static let otherPolicy = "frame-ancestors 'self'"
    static let forwardedProto = HTTPField.Name("X-Forwarded-Proto")!
    static let transportSecurity = HTTPField.Name("Strict-Transport-Security")!
    static let always: HTTPFields = [
        .xContentTypeOptions: "nosniff",
        HTTPTypes.HTTPField.Name("X-Frame-Options")!: "SAMEORIGIN",
        HTTPTypes.HTTPField.Name("Referrer-Policy")!: "same-origin",
    ]
}
