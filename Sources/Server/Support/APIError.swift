import Foundation
import Hummingbird
import RequestBodies
import Workflow

/// An error as the JSON API returns it: `{"code", "message", "field", "rule", "requestId"}` with a fitting status.
public struct APIError: HTTPResponseError, Sendable {
    /// The HTTP status.
    public let status: HTTPResponse.Status
    /// A stable code.
    public let code: String
    /// A message a person can act on.
    public let message: String
    /// The field the message is about, when there is one.
    public let field: String?
    /// The rule the request breaks, when one does.
    public var rule: String?
    /// What went wrong underneath, for the server's log only: never sent to the caller.
    public var cause: String?

    /// Creates an error.
    public init(_ status: HTTPResponse.Status, code: String, message: String, field: String? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.field = field
    }

    /// Maps a workflow error to its status, keeping its field and rule.
    public init(_ error: WorkflowError) {
        let status: HTTPResponse.Status =
            switch error.code {
            case .notAllowed, .wrongRole: .forbidden
            case .invalid, .noPath: .unprocessableContent
            case .notFound: .notFound
            case .conflict: .conflict
            case .storage, .rendering: .internalServerError
            }
        if status.code >= 500 {
            // The store's or the renderer's words (SQL, driver messages) stay in the log.
            self.init(status, code: "internal", message: Self.internalMessage)
            cause = error.description
            return
        }
        self.init(status, code: error.code.rawValue, message: error.message, field: error.field)
        rule = error.rule
    }

    /// What a caller is told of a failure of the server's own (with the request's id added by
    /// `ErrorMiddleware`).
    static let internalMessage = "服务器内部错误，已记入服务器日志；请稍后重试，仍不行请把请求编号告诉系统管理员"

    static let unauthenticated = APIError(.unauthorized, code: "unauthenticated", message: "请先登录")

    /// A form that cannot be read (a field sent twice, a nested name, a broken escape).
    init(_ refusal: BodyRefusal) {
        self.init(.badRequest, code: "malformed-form", message: refusal.message)
    }

    /// A body over the size a route reads; `field` names what was too large, when one thing was.
    static func tooLarge(limit: Int, field: String? = nil, what: String = "请求体") -> APIError {
        APIError(.contentTooLarge, code: "too-large", message: "\(what)超过 \(limit / (1024 * 1024)) MB 的上限，未保存", field: field)
    }

    /// The JSON response, with the request's id (the one in `X-Request-Id` and on the server's
    /// log lines for it), so that a refusal reported by a person can be found.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var body: [String: String] = ["code": code, "message": message, "requestId": context.id]
        body["field"] = field
        body["rule"] = rule
        let data = try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
