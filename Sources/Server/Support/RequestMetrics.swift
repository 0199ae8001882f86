import Hummingbird
import NIOConcurrencyHelpers

/// Counts requests by status class, for `/metrics` in Prometheus' text format.
final class RequestMetrics: RouterMiddleware, Sendable {
    typealias Context = AppRequestContext
    private let counts = NIOLockedValueBox<[String: Int]>([:])

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            let response = try await next(request, context)
            count(Int(response.status.code))
            return response
        } catch let error as HTTPResponseError {
            count(Int(error.status.code))
            throw error
        } catch {
            count(500)
            throw error
        }
    }

    private func count(_ status: Int) {
        counts.withLockedValue { $0["\(status / 100)xx", default: 0] += 1 }
    }

    func exposition() -> String {
        let lines = counts.withLockedValue { $0.sorted { $0.key < $1.key } }.map { "letters_http_requests_total{status=\"\($0.key)\"} \($0.value)" }
        return "# TYPE letters_http_requests_total counter\n" + lines.joined(separator: "\n") + "\n"
    }
}
