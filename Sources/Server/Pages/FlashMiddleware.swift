import Foundation
import Hummingbird

/// Carries the one-line message a form's redirect leads to ("已办理", and once, a new
/// account's activation code) in a short-lived cookie instead of the address: a message in the
/// address let anyone link to an official-looking page saying anything, and put the activation
/// code into browser history and logs. The next page shows it and the cookie is cleared.
struct FlashMiddleware: RouterMiddleware {
    static let cookie = "letters_flash"

    func handle(
        _ request: Request, context: AppRequestContext,
        next: (Request, AppRequestContext) async throws -> Response
    ) async throws -> Response {
        guard let value = request.cookies[Self.cookie]?.value, !request.uri.path.hasPrefix("/api/") else {
            return try await next(request, context)
        }
        var context = context
        context.flash = value.removingPercentEncoding
        var response = try await next(request, context)
        // Shown on this page: cleared, unless the answer is itself a redirect carrying a new one.
        if response.status != .seeOther {
            response.setCookie(Cookie(name: Self.cookie, value: "", maxAge: 0, path: "/", httpOnly: true, sameSite: .strict))
        }
        return response
    }
}

extension PageRoutes {
    /// A redirect after a form, with `flash` for the page it leads to.
    static func redirect(_ location: String, flash: String) -> Response {
        var response = redirect(location)
        response.setCookie(
            Cookie(
                name: FlashMiddleware.cookie, value: LetterDownload.percentEncoded(flash), maxAge: 60, path: "/",
                httpOnly: true, sameSite: .strict))
        return response
    }
}
