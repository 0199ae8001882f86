import Foundation
import NIOCore
import NIOPosix

/// Sends one plain-text e-mail through an SMTP relay (RFC 5321): the department's own mail
/// server, reached on its network, as `--notify-smtp HOST:PORT` names it. Our own, over
/// swift-nio: no package in the mirror speaks SMTP, and a notice needs only EHLO, MAIL, RCPT,
/// DATA and QUIT. No TLS or login: the relay is expected to accept mail from the server's
/// address (as department relays for internal systems do); say so when configuring it.
public struct SMTPMailer: Sendable {
    /// The relay's host.
    public let host: String
    /// The relay's port (25 or 587).
    public let port: Int
    /// The envelope and `From:` address.
    public let from: String
    /// How long a conversation may take before it is abandoned (and retried later).
    public let timeout: TimeAmount

    /// Why a message was not accepted: the relay's reply or the connection's failure.
    public struct Failure: Error, CustomStringConvertible, Sendable {
        /// What went wrong, with the relay's reply when it gave one.
        public let description: String
    }

    /// A mailer for the relay at `host:port`, sending as `from`.
    public init(host: String, port: Int, from: String, timeout: TimeAmount = .seconds(15)) {
        self.host = host
        self.port = port
        self.from = from
        self.timeout = timeout
    }

    /// Reads `HOST:PORT` (port 25 when left out).
    public static func relay(_ text: String) -> (host: String, port: Int)? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard let host = parts.first, !host.isEmpty, parts.count <= 2 else { return nil }
        guard parts.count == 2 else { return (String(host), 25) }
        guard let port = Int(parts[1]), (1...65535).contains(port) else { return nil }
        return (String(host), port)
    }

    /// Sends `body` with `subject` to `recipients`; throws ``Failure`` unless the relay
    /// accepted it for delivery (250 after the data).
    public func send(to recipients: [String], subject: String, body: String) async throws {
        guard !recipients.isEmpty else { throw Failure(description: "没有收件人") }
        let message = Self.message(from: from, to: recipients, subject: subject, body: body)
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(timeout)
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        let deadline = NIODeadline.now() + timeout
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await channel.executeThenClose { inbound, outbound in
                    var conversation = Conversation(inbound: inbound.makeAsyncIterator(), outbound: outbound)
                    try await conversation.expect(220, after: nil)
                    try await conversation.expect(250, after: "EHLO letters")
                    try await conversation.expect(250, after: "MAIL FROM:<\(from)>")
                    for recipient in recipients { try await conversation.expect(250, after: "RCPT TO:<\(recipient)>") }
                    try await conversation.expect(354, after: "DATA")
                    try await conversation.expect(250, after: message + "\r\n.")
                    try? await conversation.expect(221, after: "QUIT")
                }
            }
            group.addTask {
                try await Task.sleep(nanoseconds: UInt64(max(0, (deadline - .now()).nanoseconds)))
                throw Failure(description: "邮件服务器 \(host):\(port) 超时未答")
            }
            try await group.next()
            group.cancelAll()
        }
    }

    /// The message as sent after DATA: headers, then the body in base64 (UTF-8), lines that
    /// start with a dot stuffed (RFC 5321 §4.5.2) though base64 never makes one.
    static func message(from: String, to recipients: [String], subject: String, body: String) -> String {
        let encodedSubject = "=?UTF-8?B?" + Data(subject.utf8).base64EncodedString() + "?="
        let date = DateFormatter()
        date.locale = Locale(identifier: "en_US_POSIX")
        date.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        let text = Data(body.utf8).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        return [
            "From: \(from)", "To: \(recipients.joined(separator: ", "))", "Subject: \(encodedSubject)", "Date: \(date.string(from: Date()))",
            "MIME-Version: 1.0", "Content-Type: text/plain; charset=UTF-8", "Content-Transfer-Encoding: base64", "", text,
        ]
        .joined(separator: "\r\n")
    }

    /// One SMTP exchange after another: a command out, the reply (one or more lines) in.
    struct Conversation {
        var inbound: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
        let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
        var pending = ""

        mutating func expect(_ code: Int, after command: String?) async throws {
            if let command { try await outbound.write(ByteBuffer(string: command + "\r\n")) }
            let reply = try await readReply()
            guard reply.code == code else {
                let what =
                    command.map { $0.hasPrefix("EHLO") || $0.hasPrefix("MAIL") || $0.hasPrefix("RCPT") || $0 == "DATA" ? String($0.prefix(40)) : "邮件内容" }
                    ?? "连接"
                throw Failure(description: "邮件服务器对 \(what) 答 \(reply.text)")
            }
        }

        /// Lines until one whose code is followed by a space (the last of a multi-line reply).
        mutating func readReply() async throws -> (code: Int, text: String) {
            var lines: [String] = []
            while true {
                while let end = pending.range(of: "\r\n") {
                    let line = String(pending[..<end.lowerBound])
                    pending = String(pending[end.upperBound...])
                    lines.append(line)
                    let bytes = Array(line.utf8)
                    if bytes.count < 4 || bytes[3] == UInt8(ascii: " ") {
                        return (Int(line.prefix(3)) ?? 0, lines.joined(separator: " / "))
                    }
                }
                guard let buffer = try await inbound.next() else {
                    throw Failure(description: "邮件服务器断开了连接")
                }
                pending += String(buffer: buffer)
                guard pending.utf8.count < 64 * 1024 else { throw Failure(description: "邮件服务器的回答过长") }
            }
        }
    }
}
