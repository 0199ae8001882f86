import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import NIOPosix
import Server
import Synchronization
import TestSupport
import Testing
import Workflow

/// A relay on loopback that speaks enough SMTP for the mailer, keeps what it was sent, and
/// refuses recipients while `refuse` is set.
final class FakeRelay: Sendable {
    /// Every finished conversation's commands and data, as received.
    let transcripts = Mutex<[String]>([])
    /// Whether recipients are refused (550).
    let refuse = Mutex(false)

    /// Listens on a free loopback port, one handler per connection sharing `self`'s record.
    func start() async throws -> Channel {
        try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(Connection(relay: self)) }
            }
            .bind(host: "127.0.0.1", port: 0).get()
    }

    /// One connection's state, writing into the relay's record.
    final class Connection: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer
        let relay: FakeRelay
        let own = FakeRelay.Session()
        init(relay: FakeRelay) { self.relay = relay }
        func channelActive(context: ChannelHandlerContext) { own.start(relay, context) }
        func channelRead(context: ChannelHandlerContext, data: NIOAny) { own.read(relay, context, String(buffer: unwrapInboundIn(data))) }
    }

    /// What one conversation has seen so far.
    final class Session: @unchecked Sendable {
        var pending = "", inData = false, transcript = ""
        func start(_ relay: FakeRelay, _ context: ChannelHandlerContext) { send("220 fake relay ready", context) }
        func read(_ relay: FakeRelay, _ context: ChannelHandlerContext, _ text: String) {
            pending += text
            while let end = pending.range(of: "\r\n") {
                let line = String(pending[..<end.lowerBound])
                pending = String(pending[end.upperBound...])
                transcript += line + "\n"
                if inData {
                    if line == "." {
                        inData = false
                        send("250 queued", context)
                    }
                    continue
                }
                switch line.prefix(4).uppercased() {
                case "EHLO": send("250-fake\r\n250 8BITMIME", context)
                case "MAIL": send("250 ok", context)
                case "RCPT": send(relay.refuse.withLock { $0 } ? "550 no such user" : "250 ok", context)
                case "DATA":
                    inData = true
                    send("354 go on", context)
                case "QUIT":
                    send("221 bye", context)
                    let kept = transcript
                    relay.transcripts.withLock { $0.append(kept) }
                    context.close(promise: nil)
                default: send("500 what", context)
                }
            }
        }
        func send(_ text: String, _ context: ChannelHandlerContext) {
            context.writeAndFlush(NIOAny(ByteBuffer(string: text + "\r\n")), promise: nil)
        }
    }
}

/// Notices by e-mail: each administrator keeps a notice address (通知邮箱), and a server with a
/// relay mails each notice to the addresses its organization's administrators keep.
@Suite(.scratch) struct NoticeMailTests {
    @Test func aWaitingTransferIsMailedToTheAdministratorsWhoKeepAnAddressAndARefusalIsRetried() async throws {
        let f = try await ServerFixture.make()
        let m = try PartyMember(
            id: "n2", organization: "B1", name: "邮件通知", idNumber: "110105198001010016", ethnicity: "汉族", category: .full,
            occupation: "", education: "", phone: "13606406636")
        try await f.workflow.add(member: m)
        try await Application(router: f.router).test(.router) { client in
            let z1 = try await client.token("admin-Z1")
            for wrong in ["a@b", "z1@example.cn\r\nBcc: someone@else.cn", "名字@example.cn", "<z1@example.cn>", String(repeating: "a", count: 250) + "@x.cn"] {
                try await client.execute(uri: "/api/me/notice-address", method: .put, headers: bearer(z1), body: body(["email": wrong])) { response in
                    #expect(response.status == .unprocessableContent && decode(response.body)["field"] as? String == "email", "\(wrong)")
                }
            }
            try await client.execute(uri: "/api/me/notice-address", method: .put, headers: bearer(z1), body: body(["email": "z1@example.cn"])) { response in
                #expect(response.status == .ok && decode(response.body)["email"] as? String == "z1@example.cn")
            }
            try await client.execute(
                uri: "/api/me/notice-address", method: .put, headers: bearer(try await client.token("auditor")),
                body: body(["email": "a@example.cn"])
            ) { #expect($0.status == .forbidden, "notices are administrators'") }
        }
        let t = try await f.workflow.applyOut(
            member: "n2", direction: .inProvince(destination: "QB"), application: .init(duesPaidUpTo: Transfer.Application.thisMonth(Date())),
            by: .organization("B1"))
        let relay = FakeRelay()
        let server = try await relay.start()
        defer { server.close(promise: nil) }
        let port = try #require(server.localAddress?.port)
        let hook = NoticeHook(
            mailer: SMTPMailer(host: "127.0.0.1", port: port, from: "letters@example.cn"), workflow: f.workflow, logger: Logger(label: "test"))

        relay.refuse.withLock { $0 = true }
        #expect(try await hook.deliverDue() == 0, "the relay refused the recipient: kept for a retry")
        guard let clock = f.workflow.clock as? ManualClock else {
            Issue.record("clock")
            return
        }
        clock.advance(seconds: 60)
        relay.refuse.withLock { $0 = false }
        #expect(try await hook.deliverDue() == 1)
        #expect(try await hook.deliverDue() == 0, "sent once")
        let transcript = try #require(relay.transcripts.withLock { $0.last })
        #expect(transcript.contains("MAIL FROM:<letters@example.cn>") && transcript.contains("RCPT TO:<z1@example.cn>"), "\(transcript)")
        let base64 = transcript.components(separatedBy: "Content-Transfer-Encoding: base64\n\n").last?.components(separatedBy: "\n.\n").first ?? ""
        let text = String(decoding: Data(base64Encoded: base64.replacingOccurrences(of: "\n", with: "")) ?? Data(), as: UTF8.self)
        #expect(text.contains("邮件通知") && text.contains(t.id), "\(text)")
        #expect(transcript.contains("Subject: =?UTF-8?B?"))
    }
}
