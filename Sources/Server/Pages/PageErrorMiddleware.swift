import Foundation
import Hummingbird
import NIOCore
import Workflow

/// Turns every error a page meets into a page, in the layout and in words: the service's
/// refusals and rule errors (`WorkflowError`, with the status the API would give), a request
/// that cannot be read (`APIError`), an address that is no page (404, to a GET), a form too
/// large to read (413, its limit is `PageRoutes.formLimit`), and anything unexpected (500 with
/// the request's id, the cause in the log). The API has its own JSON answers
/// (`ErrorMiddleware`), so paths under `/api/` pass through.
struct PageErrorMiddleware: RouterMiddleware {
    let pages: PageRoutes

    func handle(
        _ request: Request, context: AppRequestContext,
        next: (Request, AppRequestContext) async throws -> Response
    ) async throws -> Response {
        guard !request.uri.path.hasPrefix("/api/") else { return try await next(request, context) }
        do {
            return try await next(request, context)
        } catch is CSRFRefusal {
            return pages.csrfExpired(context)
        } catch is NIOTooManyBytesError {
            return tooLarge(context)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            return tooLarge(context)
        } catch let error as WorkflowError where APIError(error).status.code < 500 {
            let answer = APIError(error)
            return pages.notice(Self.title(answer), error: answer.message, status: answer.status, context: context)
        } catch let error as APIError where error.status.code < 500 && error.status != .unauthorized {
            return pages.notice(Self.title(error), error: error.message, status: error.status, context: context)
        } catch let error as HTTPError where error.status == .notFound && error.body == nil && request.method == .get {
            // A handler's own 404 carries its reason; only the router's comes without one. Only a
            // browser's GET gets the page: another method on a known path is APIFallbackMiddleware's 405.
            return pages.notice("未找到", error: "没有这个页面：\(request.uri.path.removingPercentEncoding ?? request.uri.path)", status: .notFound, context: context)
        } catch  where ErrorMiddleware.answer(for: error).status.code >= 500 {
            // A page for a person, the cause in the log under the same request id.
            context.logger.error(
                "page failed",
                metadata: [
                    "request": "\(context.id)", "path": "\(request.uri.path)",
                    "cause": "\(ErrorMiddleware.answer(for: error).cause ?? String(reflecting: error))",
                ])
            return pages.notice("出错了", error: APIError.internalMessage + "（请求编号 \(context.id)）", status: .internalServerError, context: context)
        }
    }

    /// A page's title for a refusal: what kind of answer it is.
    static func title(_ error: APIError) -> String {
        switch error.status {
        case .notFound: "未找到"
        case .forbidden: "无权访问"
        case .conflict: "已被他人办理"
        default: "未办理"
        }
    }

    private func tooLarge(_ context: AppRequestContext) -> Response {
        pages.notice(
            "内容过长", error: "提交的内容超过 \(PageRoutes.formLimit / 1024) KB 的上限，未保存。请缩短填写的内容后再提交（浏览器的“后退”可找回已填写的内容）。",
            status: .contentTooLarge, context: context)
    }
}
