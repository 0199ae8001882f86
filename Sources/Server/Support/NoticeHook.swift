import Crypto
import Foundation
import Logging
import ServiceLifecycle
import Workflow

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Hands notices (an organization is waiting on a transfer) to a department's own messenger —
/// its mail gateway or message service — as a signed webhook: `POST` of the notice as JSON
/// with `X-Letters-Signature: sha256=HEX`, the HMAC-SHA256 of the body under the shared secret,
/// and `X-Letters-Delivery: ID` so the receiver can drop a repeat. The notices come from the
/// outbox the changes write in their own transactions; each is claimed by one server, retried
/// with a growing delay until the hook answers 2xx. Foundation's `URLSession` sends it: the
/// platform's client, no extra package for one small POST.
///
/// Or, with a mail relay, as e-mail to the notice addresses (通知邮箱) the organization's
/// administrators keep: one message per notice to all of them. A notice for an organization
/// none of whose administrators keeps an address stays in the outbox and is tried again, so
/// it goes out once one does. One server configuration uses one of the two.
public struct NoticeHook: Service {
    /// Where notices go.
    enum Transport: Sendable {
        /// `POST` to `url`, signed with the secret's bytes (a `SymmetricKey` is made per
        /// signature: it is not `Sendable`).
        case webhook(url: URL, secret: Data)
        /// E-mail through a relay.
        case mail(SMTPMailer)
    }

    let transport: Transport
    let workflow: WorkflowService
    let logger: Logger

    /// A hook posting to `url`, signing with `secret`.
    public init(url: URL, secret: String, workflow: WorkflowService, logger: Logger) {
        transport = .webhook(url: url, secret: Data(secret.utf8))
        self.workflow = workflow
        self.logger = logger
    }

    /// A hook e-mailing each notice through `mailer` to its organization's administrators.
    public init(mailer: SMTPMailer, workflow: WorkflowService, logger: Logger) {
        transport = .mail(mailer)
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
    func signed(_ notice: TransferNotice, secret: Data) throws -> (body: Data, signature: String) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let body = try encoder.encode(
            Body(
                id: notice.id ?? 0, organization: notice.organization.rawValue, transferID: notice.transferID,
                at: ISO8601DateFormatter().string(from: notice.at), text: notice.text))
        let mac = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: secret))
        return (body, "sha256=" + ArchiveEntry.hex(mac))
    }

    /// Sends every notice due now once; returns how many were delivered.
    @discardableResult
    public func deliverDue() async throws -> Int {
        var delivered = 0
        for notice in try await workflow.claimNotices() {
            var failure: String?
            do {
                switch transport {
                case .webhook(let url, let secret):
                    let (body, signature) = try signed(notice, secret: secret)
                    var request = URLRequest(url: url, timeoutInterval: 10)
                    request.httpMethod = "POST"
                    request.httpBody = body
                    request.setValue("application/json; charset=utf-8", forHTTPHeaderField: "Content-Type")
                    request.setValue(signature, forHTTPHeaderField: "X-Letters-Signature")
                    request.setValue(String(notice.id ?? 0), forHTTPHeaderField: "X-Letters-Delivery")
                    let (_, response) = try await URLSession.shared.data(for: request)
                    let status = (response as? HTTPURLResponse)?.statusCode ?? 0
                    if !(200..<300).contains(status) { failure = "HTTP \(status)" }
                case .mail(let mailer):
                    let recipients = try await workflow.noticeRecipients(of: notice.organization)
                    if recipients.isEmpty {
                        failure = "\(notice.organization) 的管理员都没有设置通知邮箱"
                    } else {
                        try await mailer.send(
                            to: recipients, subject: "【组织关系转接】\(notice.text.prefix(60))",
                            body: Self.mailBody(notice))
                    }
                }
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

    /// The e-mail's text: the notice, the transfer, and where to act on it.
    static func mailBody(_ notice: TransferNotice) -> String {
        """
        \(notice.text)

        转接编号：\(notice.transferID)
        时间：\(ISO8601DateFormatter().string(from: notice.at))

        请登录党员组织关系转接系统办理（待办 / 通知）。本邮件由系统自动发送，请勿回复。
        """
    }

    /// Delivers what is due every five seconds until the server shuts down (a service of its
    /// application) or the task is cancelled.
    public func run() async {
        await cancelWhenGracefulShutdown { await self.run(every: 5) }
    }

    /// Delivers what is due every `interval` seconds until cancelled.
    public func run(every interval: Double) async {
        while !Task.isCancelled {
            do { try await deliverDue() } catch { logger.error("通知投递中断", metadata: ["error": "\(error)"]) }
            try? await Task.sleep(nanoseconds: UInt64(interval * 1_000_000_000))
        }
    }
}
