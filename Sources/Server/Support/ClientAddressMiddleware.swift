import Hummingbird

/// Behind a reverse proxy every request comes from the proxy's address, so the audit log and
/// the per-address login limits would see one client. When the peer is one of the proxies the
/// server was told to trust (`letters serve --trusted-proxy`), the client is the last address
/// that proxy appended to `X-Forwarded-For`; from any other peer the header is ignored, since a
/// client can write anything into it.
struct ClientAddressMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let trusted: Set<String>

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard trusted.contains(context.remoteAddress), let forwarded = request.headers[values: .init("X-Forwarded-For")!].last,
            let last = forwarded.split(separator: ",").last?.trimmingCharacters(in: .whitespaces), !last.isEmpty, last.count <= 45,
            last.allSatisfy({ $0.isHexDigit || $0 == "." || $0 == ":" })
        else {
            return try await next(request, context)
        }
        var context = context
        context.remoteAddress = last
        return try await next(request, context)
    }
}
