import Foundation
import Hummingbird
import NIOCore

/// Answers what goes wrong before a page's handler can say so itself with a page, in the
/// layout and in words, instead of Hummingbird's empty answer: an address that is no page
/// (404, to a GET), and a form too large to read (413, its limit is `PageRoutes.formLimit`). The API has
/// its own JSON answers (`APIFallbackMiddleware`), so paths under `/api/` pass through.
struct PageErrorMiddleware: RouterMiddleware {
    let pages: PageRoutes

    func handle(_ request: Request, context: AppRequestContext,
                next: (Request, AppRequestContext) async throws -> Response) async throws -> Response {
        guard !request.uri.path.hasPrefix("/api/") else { return try await next(request, context) }
        do {
            return try await next(request, context)
        } catch is CSRFRefusal {
            return pages.csrfExpired(context)
        } catch is NIOTooManyBytesError {
            return tooLarge(context)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            return tooLarge(context)
        } catch let error as HTTPError where error.status == .notFound && error.body == nil && request.method == .get {
            // A handler's own 404 carries its reason; only the router's comes without one. Only a
            // browser's GET gets the page: another method on a known path is APIFallbackMiddleware's 405.
            return pages.notice("未找到", error: "没有这个页面：\(request.uri.path.removingPercentEncoding ?? request.uri.path)", status: .notFound, context: context)
        } catch where ErrorMiddleware.answer(for: error).status.code >= 500 {
            // A page for a person, the cause in the log under the same request id.
            context.logger.error("page failed", metadata: ["request": "\(context.id)", "path": "\(request.uri.path)",
                                                           "cause": "\(ErrorMiddleware.answer(for: error).cause ?? String(reflecting: error))"])
            return pages.notice("出错了", error: APIError.internalMessage + "（请求编号 \(context.id)）", status: .internalServerError, context: context)
        }
    }

    private func tooLarge(_ context: AppRequestContext) -> Response {
        pages.notice("内容过长", error: "提交的内容超过 \(PageRoutes.formLimit / 1024) KB 的上限，未保存。请缩短填写的内容后再提交（浏览器的“后退”可找回已填写的内容）。",
                     status: .contentTooLarge, context: context)
    }
}
