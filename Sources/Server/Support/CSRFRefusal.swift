import Foundation
import Hummingbird

/// A cookie session's change without its CSRF token: JSON for the API, a page for a form
/// (`PageErrorMiddleware` turns it into the "form expired" page).
struct CSRFRefusal: HTTPResponseError {
    var status: HTTPResponse.Status { .forbidden }

    /// The API's answer.
    func response(from request: Request, context: some RequestContext) throws -> Response {
        try APIError(.forbidden, code: "csrf", message: "表单已过期（CSRF 校验失败），请刷新页面后重试").response(from: request, context: context)
    }
}
