import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Workflow

/// The one place a failure becomes an answer: a workflow error becomes the API's JSON (and its
/// status), anything the server did not expect becomes a 500 that says only that, with the
/// request's id; the cause goes to the log under the same id. Every answer carries the id in
/// `X-Request-Id`, so that a person reporting a problem can name the request.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    static let requestID = HTTPField.Name("X-Request-Id")!

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            let answer = Self.answer(for: error)
            if answer.status.code >= 500 {
                context.logger.error(
                    "request failed",
                    metadata: [
                        "request": "\(context.id)", "method": "\(request.method)", "path": "\(request.uri.path)",
                        "cause": "\(answer.cause ?? String(reflecting: error))",
                    ])
                let shown = APIError(answer.status, code: answer.code, message: answer.message + "（请求编号 \(context.id)）", field: answer.field)
                response = try shown.response(from: request, context: context)
            } else if let http = error as? HTTPResponseError {
                response = try http.response(from: request, context: context)
            } else {
                response = try answer.response(from: request, context: context)
            }
        }
        response.headers[Self.requestID] = context.id
        return response
    }

    /// The API's error for `error`.
    static func answer(for error: any Error) -> APIError {
        switch error {
        case let api as APIError: return api
        case let workflow as WorkflowError: return APIError(workflow)
        case let http as HTTPResponseError where http.status.code < 500:
            return APIError(http.status, code: "http", message: "\(http.status.code) \(http.status.reasonPhrase)")
        default:
            var failure = APIError(.internalServerError, code: "internal", message: APIError.internalMessage)
            failure.cause = String(reflecting: error)
            return failure
        }
    }
}
