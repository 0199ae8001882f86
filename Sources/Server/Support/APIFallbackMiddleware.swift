import Foundation
import Hummingbird
import NIOCore

/// Makes every error under `/api/` look like the API's own (`{"code", "message"}` in JSON),
/// including those Hummingbird raises before a handler runs (a body that is not JSON, a route
/// that does not exist), and answers a known path with a method it does not take with 405 and
/// `Allow` instead of 404. The known paths and methods are read from the OpenAPI document, so
/// the server and its description cannot drift apart here.
struct APIFallbackMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Path templates of the document as patterns, with their methods.
    let routes: [(segments: [String?], methods: [String])]

    init(openAPI: Data?) {
        var routes: [(segments: [String?], methods: [String])] = []
        if let openAPI, let document = try? JSONSerialization.jsonObject(with: openAPI) as? [String: Any],
            let paths = document["paths"] as? [String: Any]
        {
            for (path, operations) in paths {
                let methods = ((operations as? [String: Any])?.keys.map { $0.uppercased() } ?? []).sorted()
                let segments = path.split(separator: "/").map { $0.hasPrefix("{") ? nil : String($0) }
                routes.append((segments, methods))
            }
        }
        self.routes = routes
    }

    /// The methods of the most specific template matching `path` (`/api/transfers/{id}/archive`
    /// before `/api/transfers/{id}/{operation}`), nil when none matches.
    func methods(for path: String) -> [String]? {
        let segments = path.split(separator: "/").map(String.init)
        let matching = routes.filter { route in
            route.segments.count == segments.count && zip(route.segments, segments).allSatisfy { $0 == nil || $0 == $1 }
        }
        guard let best = matching.map({ $0.segments.compactMap { $0 }.count }).max() else { return nil }
        return Set(matching.filter { $0.segments.compactMap { $0 }.count == best }.flatMap(\.methods)).sorted()
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError {
            if error.status == .notFound, let methods = methods(for: request.uri.path), !methods.contains(request.method.rawValue) {
                var response = try APIError(
                    .methodNotAllowed, code: "method-not-allowed",
                    message: "\(request.uri.path) 不接受 \(request.method.rawValue)，可用：\(methods.joined(separator: ", "))"
                )
                .response(from: request, context: context)
                response.headers[.allow] = methods.joined(separator: ", ")
                return response
            }
            guard request.uri.path.hasPrefix("/api/") else { throw error }
            let code =
                switch error.status {
                case .notFound: "not-found"
                case .badRequest: "bad-request"
                case .contentTooLarge: "too-large"
                case .unsupportedMediaType: "unsupported-media-type"
                default: "http-\(error.status.code)"
                }
            return try APIError(error.status, code: code, message: error.body ?? error.status.reasonPhrase)
                .response(from: request, context: context)
        } catch is NIOTooManyBytesError where request.uri.path.hasPrefix("/api/") {
            // Thrown by Hummingbird's own body decoding, with an empty 413 of its own otherwise.
            return try APIError.tooLarge(limit: context.maxUploadSize).response(from: request, context: context)
        }
    }
}
