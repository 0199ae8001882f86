import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Server
import Synchronization
import TestSupport
import Testing
import Workflow

/// Notifications (seed 002): when a transfer comes to wait for an organization, a notice is
/// written in the change's own transaction, listed on its pages, and handed to the webhook —
/// signed, claimed by one server at a time, retried until the hook accepts it.
@Suite(.scratch) struct NoticeTests {
    @Test func aWaitingTransferIsNoticedListedAndDeliveredSignedOnceWithRetries() async throws {
        let f = try await ServerFixture.make()
        let month = Transfer.Application.thisMonth(Date())
        let m = try PartyMember(
            id: "n1", organization: "B1", name: "通知者", idNumber: "110105198001010016", ethnicity: "汉族", category: .full,
            occupation: "", education: "", phone: "13606406636")
        try await f.workflow.add(member: m)
        let t = try await f.workflow.applyOut(
            member: "n1", direction: .inProvince(destination: "QB"), application: .init(duesPaidUpTo: month),
            by: .organization("B1"))
        let z1 = Caller(account: Account(name: "admin-Z1", role: .administrator, organization: "Z1", active: true), address: "test")
        let first = try await f.workflow.notices(for: z1)
        #expect(first.count == 1 && first[0].transferID == t.id && first[0].text.contains("通知者"), "\(first)")

        // A hook that fails once, then accepts: the notice is tried again, delivered once.
        let received = Mutex<[(body: Data, signature: String, delivery: String)]>([])
        let failNext = Mutex(true)
        let router = Router()
        router.post("/hook") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 1 << 20)
            if failNext.withLock({
                let fail = $0
                $0 = false
                return fail
            }) {
                return Response(status: .serviceUnavailable)
            }
            received.withLock {
                $0.append(
                    (
                        Data(buffer: body), request.headers[HTTPField.Name("X-Letters-Signature")!] ?? "",
                        request.headers[HTTPField.Name("X-Letters-Delivery")!] ?? ""
                    ))
            }
            return Response(status: .noContent)
        }
        let secret = "a-department-secret-0123456789"
        try await Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0))).test(.live) { client in
            let hook = NoticeHook(
                url: URL(string: "http://127.0.0.1:\(client.port!)/hook")!, secret: secret, workflow: f.workflow,
                logger: Logger(label: "test"))
            let refused = try await hook.deliverDue()
            let early = try await hook.deliverDue()
            #expect(refused == 0, "the hook answered 503: not delivered")
            #expect(early == 0, "and not tried again before its delay")
        }
        // The retry is due once its delay has passed (the fixture's clock moves on).
        guard let clock = f.workflow.clock as? ManualClock else {
            Issue.record("clock")
            return
        }
        clock.advance(seconds: 60)
        try await Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0))).test(.live) { client in
            let hook = NoticeHook(
                url: URL(string: "http://127.0.0.1:\(client.port!)/hook")!, secret: secret, workflow: f.workflow,
                logger: Logger(label: "test"))
            let delivered = try await hook.deliverDue()
            let again = try await hook.deliverDue()
            #expect(delivered == 1)
            #expect(again == 0, "delivered once")
        }
        let got = try #require(received.withLock { $0.first })
        let expected = HMAC<SHA256>.authenticationCode(for: got.body, using: SymmetricKey(data: Data(secret.utf8))).map { String(format: "%02x", $0) }.joined()
        #expect(got.signature == "sha256=" + expected, "the receiver can check the body came from us")
        let json = try JSONSerialization.jsonObject(with: got.body) as? [String: Any]
        #expect(json?["transferID"] as? String == t.id && json?["organization"] as? String == "Z1" && got.delivery == "\(first[0].id ?? -1)")
        #expect(try await f.workflow.notices(for: z1).first?.deliveredAt != nil)

        // The page lists it.
        try await Application(router: f.router).test(.router) { client in
            let cookie = try await client.execute(
                uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: form(["name": "admin-Z1", "password": password])
            ) { String((($0.headers[.setCookie]) ?? "").split(separator: ";")[0]) }
            try await client.execute(uri: "/notices", method: .get, headers: [.cookie: cookie]) { response in
                let html = String(buffer: response.body)
                #expect(response.status == .ok && html.contains("通知者") && html.contains("已送出"))
            }
        }
    }
}
