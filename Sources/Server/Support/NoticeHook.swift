import Crypto
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Logging
import Workflow

/// Hands notices (an organization is waiting on a transfer) to a department's own messenger —
/// its mail gateway or message service — as a signed webhook: `POST` of the notice as JSON
/// with `X-Letters-Signature: sha256=HEX`, the HMAC-SHA256 of the body under the shared secret,
/// and `X-Letters-Delivery: ID` so the receiver can drop a repeat. The notices come from the
/// outbox the changes write in their own transactions; each is claimed by one server, retried
/// with a growing delay until the hook answers 2xx. Foundation's `URLSession` sends it: the
/// platform's client, no extra package for one small POST.
public struct NoticeHook: Sendable {
    let url: URL
    /// The shared secret's bytes (a `SymmetricKey` is made per signature: it is not `Sendable`).
    let secret: Data
    let workflow: WorkflowService
    let logger: Logger

    /// A hook posting to `url`, signing with `secret`.
    public init(url: URL, secret: String, workflow: WorkflowService, logger: Logger) {
        self.url = url
        self.secret = Data(secret.utf8)
        self.workflow = workflow
        self.logger = logger
    }

    struct Body: Encodable {
        let id: Int64
        let organization: String
        let transferID: String
        let at: String
        let text: String
    }

    /// The body and its signature header for `notice`.
    func signed(_ notice: TransferNotice) throws -> (body: Data, signature: String) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let body = try encoder.encode(Body(id: notice.id ?? 0, organization: notice.organization.rawValue, transferID: notice.transferID,
                                           at: ISO8601DateFormatter().string(from: notice.at), text: notice.text))
        let mac = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: secret))
        return (body, "sha256=" + mac.map { String(format: "%02x", $0) }.joined())
    }

    /// Sends every notice due now once; returns how many were delivered.
    @discardableResult
    public func deliverDue() async throws -> Int {
        var delivered = 0
        for notice in try await workflow.claimNotices() {
            var failure: String?
            do {
                let (body, signature) = try signed(notice)
                var request = URLRequest(url: url, timeoutInterval: 10)
                request.httpMethod = "POST"
                request.httpBody = body
                request.setValue("application/json; charset=utf-8", forHTTPHeaderField: "Content-Type")
                request.setValue(signature, forHTTPHeaderField: "X-Letters-Signature")
                request.setValue(String(notice.id ?? 0), forHTTPHeaderField: "X-Letters-Delivery")
                let (_, response) = try await URLSession.shared.data(for: request)
                let status = (response as? HTTPURLResponse)?.statusCode ?? 0
                if !(200..<300).contains(status) { failure = "HTTP \(status)" }
            } catch {
                failure = String(describing: error)
            }
            try await workflow.noticeAttempted(notice, error: failure)
            if let failure {
                logger.warning("通知投递失败，稍后重试", metadata: ["notice": "\(notice.id ?? 0)", "error": "\(failure)"])
            } else {
                delivered += 1
            }
        }
        return delivered
    }

    /// Delivers what is due every `interval` seconds until cancelled.
    public func run(every interval: Double = 5) async {
        while !Task.isCancelled {
            do { try await deliverDue() } catch { logger.error("通知投递中断", metadata: ["error": "\(error)"]) }
            try? await Task.sleep(nanoseconds: UInt64(interval * 1_000_000_000))
        }
    }
}
