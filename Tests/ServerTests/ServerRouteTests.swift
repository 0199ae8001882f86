import DemoData
import Foundation
import Hummingbird
import HummingbirdTesting
import Render
import Server
import Synchronization
import TestSupport
import Testing
import Workflow

let root = packageRoot.path
let printer = try! LetterPrinter(resources: Resources(root: root), threads: 2)

/// Opens a scratch SQLite store: closed, and its files deleted, when the running suite ends
/// (`@Suite(.scratch)`).
func scratchStore(_ prefix: String, path: String? = nil) async throws -> any WorkflowStore {
    let path = path ?? NSTemporaryDirectory() + "\(prefix)-\(UUID().uuidString).sqlite"
    Scratch.deleteOnEnd(path)
    let store = try await openWorkflowStore(path)
    Scratch.onEnd { try? await store.close() }
    return store
}
let password = "test-password-1"

/// A server over a fresh store: the worked example, seals, a member in B1, and accounts.
struct ServerFixture: @unchecked Sendable {
    let workflow: WorkflowService
    let accounts: AccountService
    let router: Router<AppRequestContext>

    static func make() async throws -> ServerFixture {
        let store = try await scratchStore("server")
        let clock = ManualClock(Date())
        let workflow = WorkflowService(store: store, clock: clock, printer: printer)
        try await workflow.save(organizations: ExampleProvince.organizations)
        let seal = try DemoSealMaker(fonts: FontLibrary(directory: Resources(root: root).fontsDirectory)).make(name: "中共山东省委")
        for org in ExampleProvince.organizations { try await workflow.uploadSeal(org: org.id, jpeg: seal, uploader: "test") }
        try await workflow.add(
            member: try PartyMember(
                id: "m1", organization: "B1", name: "刘忠鹏", idNumber: "37011119621019441X",
                ethnicity: "汉族", category: .full, occupation: "职员", education: "大学本科", phone: "13606406636"))
        let accounts = AccountService(store: store, clock: clock, hasher: BcryptHasher(cost: 4))
        let code = try await accounts.bootstrap(name: "security", organization: "P")
        try await accounts.activate(name: "security", code: code, password: password)
        let (officer, _, _) = try await accounts.login(name: "security", password: password, address: "test")
        let tree = try await workflow.tree()
        for (name, role, org) in [
            ("auditor", Role.auditor, "P"), ("admin-B1", .administrator, "B1"), ("admin-Z1", .administrator, "Z1"),
            ("admin-QF", .administrator, "QF"), ("admin-LX", .administrator, "LX"),
            ("admin-JF", .administrator, "JF"), ("admin-PY", .administrator, "PY"),
        ] {
            let c = try await accounts.createAccount(
                name: name, role: role, organization: OrganizationID(org), tree: tree, for: Caller(account: officer, address: "test"))
            try await accounts.activate(name: name, code: c, password: password)
        }
        let openAPI = try Data(contentsOf: URL(fileURLWithPath: root + "/openapi.json"))
        return ServerFixture(workflow: workflow, accounts: accounts, router: LettersServer.router(workflow: workflow, accounts: accounts, openAPI: openAPI))
    }
}

func body(_ object: [String: Any]) -> ByteBuffer {
    ByteBuffer(bytes: try! JSONSerialization.data(withJSONObject: object))
}

/// A urlencoded form body, as a browser posts one.
func form(_ fields: [String: String]) -> ByteBuffer {
    ByteBuffer(string: fields.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&"))
}

func decode(_ buffer: ByteBuffer) -> [String: Any] {
    (try? JSONSerialization.jsonObject(with: Data(buffer: buffer))) as? [String: Any] ?? [:]
}

extension TestClientProtocol {
    /// Every request a server test makes, its answer checked against `openapi.json` before the
    /// test sees it: an answer the document does not describe fails the test that received it.
    /// (Declared here, it shadows HummingbirdTesting's own `execute` for this module's tests.)
    @discardableResult
    func execute<Return>(
        uri: String, method: HTTPRequest.Method, headers: HTTPFields = [:], body: ByteBuffer? = nil,
        testCallback: @escaping (TestResponse) async throws -> Return = { $0 }
    ) async throws -> Return {
        let response = try await executeRequest(uri: uri, method: method, headers: headers, body: body)
        let problems = OpenAPIConformance.shared.problems(
            method: method.rawValue, uri: uri, status: Int(response.status.code), contentType: response.headers[.contentType],
            body: Data(buffer: response.body))
        for problem in problems { Issue.record("openapi.json: \(problem)") }
        return try await testCallback(response)
    }

    /// Logs in and returns the bearer token.
    func token(_ name: String) async throws -> String {
        try await execute(uri: "/api/login", method: .post, body: body(["name": name, "password": password])) { response in
            #expect(response.status == .ok)
            return decode(response.body)["token"] as! String
        }
    }
}

func bearer(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)", .contentType: "application/json"] }

/// An error answer without its request id, which differs from request to request: what two
/// answers must share to look alike.
func withoutRequestID(_ body: String) -> String {
    body.replacing(#/"requestId":"[0-9a-f]+",?/#, with: "")
}

@Suite(.scratch) struct ServerRouteTests {
    /// The check every test's answers pass through finds what the document does not say: the
    /// stored document's Swift-encoded state where the API's code belongs, a field too many, a
    /// required one missing, an answer status the operation does not list.
    @Test func anAnswerTheDocumentDoesNotDescribeIsFound() async throws {
        let f = try await ServerFixture.make()
        let t = try await f.workflow.applyOut(
            member: "m1", direction: .inProvince(destination: "B3"),
            application: .init(duesPaidUpTo: Transfer.Application.thisMonth(Date())), by: .organization("B1"))
        try await Application(router: f.router).test(.router) { client in
            let token = try await client.token("admin-B1")
            let good = try await client.execute(uri: "/api/transfers/\(t.id)", method: .get, headers: bearer(token)) { Data(buffer: $0.body) }
            let check = { (body: Data, status: Int) in
                OpenAPIConformance.shared.problems(
                    method: "GET", uri: "/api/transfers/\(t.id)", status: status, contentType: "application/json", body: body)
            }
            #expect(check(good, 200).isEmpty)
            var object = try JSONSerialization.jsonObject(with: good) as! [String: Any]
            object["state"] = ["held": ["holder": 1]]
            object["extra"] = 1
            object.removeValue(forKey: "version")
            let bad = check(try JSONSerialization.data(withJSONObject: object), 200).joined(separator: "\n")
            #expect(bad.contains("$.state: required code is missing") && bad.contains("held is not in the document"), "\(bad)")
            #expect(bad.contains("extra is not in the document") && bad.contains("required version is missing"), "\(bad)")
            #expect(check(good, 418).first?.contains("lists no 418 answer") == true)
        }
    }

    @Test func everyErrorAnswerNamesItsRequestAsTheHeaderDoes() async throws {
        let f = try await ServerFixture.make()
        try await Application(router: f.router).test(.router) { client in
            let token = try await client.token("admin-B1")
            let refusals: [(String, HTTPRequest.Method, HTTPFields)] = [
                ("/api/queue", .get, [:]),  // not signed in
                ("/api/transfers/nope", .get, bearer(token)),  // not found
                ("/api/transfers", .post, bearer(token)),  // malformed body
                ("/api/audit", .get, bearer(token)),  // wrong role
            ]
            var ids = Set<String>()
            for (uri, method, headers) in refusals {
                try await client.execute(uri: uri, method: method, headers: headers, body: ByteBuffer(string: "{")) { response in
                    let header = response.headers[.init("X-Request-Id")!]
                    let named = decode(response.body)["requestId"] as? String
                    #expect(response.status.code >= 400 && header != nil && named == header, "\(uri): \(String(buffer: response.body))")
                    ids.insert(named ?? "")
                }
            }
            #expect(ids.count == refusals.count, "each request its own id")
        }
    }

    @Test func healthAndMetricsAnswer() async throws {
        let f = try await ServerFixture.make()
        try await Application(router: f.router).test(.router) { client in
            try await client.execute(uri: "/health", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/metrics", method: .get) { response in
                let text = String(buffer: response.body)
                #expect(text.contains("# TYPE http_server_request_duration histogram"), "request latency by route, as a histogram")
                #expect(text.contains(#"http_route="/health""#))
                #expect(text.contains("letters_store_transaction_duration") && text.contains("letters_store_transaction_wait"))
                #expect(text.contains("letters_store_read_wait"), "how long reads wait for a reading connection")
            }
        }
    }

    @Test func loginChecksPasswordsAndLimitsAttempts() async throws {
        let f = try await ServerFixture.make()
        try await Application(router: f.router).test(.router) { client in
            for _ in 0..<5 {
                try await client.execute(uri: "/api/login", method: .post, body: body(["name": "admin-B1", "password": "wrong"])) { response in
                    #expect(response.status == .forbidden)
                    #expect(decode(response.body)["code"] as? String == "not-allowed")
                }
            }
            try await client.execute(uri: "/api/login", method: .post, body: body(["name": "admin-B1", "password": password])) { response in
                #expect(response.status == .forbidden, "rate-limited even with the right password")
                #expect((decode(response.body)["message"] as? String)?.contains("15 分钟") == true)
            }
            try await client.execute(uri: "/api/login", method: .post, body: ByteBuffer(string: "{not json")) { response in
                #expect(response.status == .badRequest)
            }
        }
    }

    @Test func theTransferFlowRunsThroughTheAPIWithRolesAndSubtreesEnforced() async throws {
        let f = try await ServerFixture.make()
        try await Application(router: f.router).test(.router) { client in
            try await client.execute(uri: "/api/queue", method: .get) { response in
                #expect(response.status == .unauthorized)
                #expect(decode(response.body)["code"] as? String == "unauthenticated")
            }
            let b1 = try await client.token("admin-B1")
            let z1 = try await client.token("admin-Z1")
            let qf = try await client.token("admin-QF")
            let auditor = try await client.token("auditor")
            let lx = try await client.token("admin-LX")
            let month = Transfer.Application.thisMonth(Date())
            for (extra, field) in [("outside", "outside"), ("letterhead", "letterhead")] {
                try await client.execute(
                    uri: "/api/transfers", method: .post, headers: bearer(b1),
                    body: body(["member": "m1", "to": "B3", extra: "中共某省某县委组织部", "duesPaidUpTo": month])
                ) { response in
                    #expect(
                        response.status == .unprocessableContent && decode(response.body)["field"] as? String == field,
                        "two destinations: refused, not one of them dropped")
                }
            }
            let id: String = try await client.execute(
                uri: "/api/transfers", method: .post, headers: bearer(b1),
                body: body(["member": "m1", "to": "B3", "duesPaidUpTo": month])
            ) { response in
                #expect(response.status == .created)
                return decode(response.body)["id"] as! String
            }
            try await client.execute(
                uri: "/api/transfers", method: .post, headers: bearer(b1),
                body: body(["member": "m1", "to": "QB", "duesPaidUpTo": "2000-01"])
            ) { response in
                #expect(response.status == .unprocessableContent)
                #expect(decode(response.body)["field"] as? String == "duesPaidUpTo")
            }
            try await client.execute(uri: "/api/queue", method: .get, headers: bearer(auditor)) { response in
                #expect(response.status == .forbidden && decode(response.body)["code"] as? String == "wrong-role")
            }
            try await client.execute(uri: "/api/transfers/\(id)", method: .get, headers: bearer(qf)) { response in
                #expect(response.status == .notFound, "outside QF's subtree")
            }
            try await client.execute(uri: "/api/transfers/\(id)", method: .get, headers: bearer(lx)) { response in
                #expect(response.status == .ok, "the county sees the transfers of its subtree")
            }
            try await client.execute(uri: "/api/transfers/\(id)/approve", method: .post, headers: bearer(b1), body: body([:])) { response in
                #expect(response.status == .forbidden, "B1 does not hold the letter now")
            }
            try await client.execute(uri: "/api/queue", method: .get, headers: bearer(z1)) { response in
                let items = decode(response.body)["items"] as? [[String: Any]] ?? []
                #expect(items.map { $0["id"] as? String } == [id])
            }
            try await client.execute(uri: "/api/transfers/\(id)/approve", method: .post, headers: bearer(z1), body: body(["validityDays": 30])) { response in
                #expect(response.status == .ok)
            }
            let etag: String = try await client.execute(uri: "/api/transfers/\(id)/letters/1", method: .get, headers: bearer(b1)) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/pdf")
                let disposition = response.headers[.contentDisposition] ?? ""
                #expect(disposition.contains("filename*=UTF-8''") && disposition.contains(#"filename="letter-"#))
                #expect(String(buffer: response.body).hasPrefix("%PDF"))
                return response.headers[.eTag] ?? ""
            }
            let stored = try await f.workflow.letters(id)[0]
            #expect(etag == "\"\(stored.sha256)\"")
            try await client.execute(
                uri: "/api/transfers/\(id)/letters/1", method: .get,
                headers: [.authorization: "Bearer \(b1)", .ifNoneMatch: etag]
            ) { response in
                #expect(response.status == .notModified)
            }
            try await client.execute(uri: "/api/transfers/\(id)/letters/1?part=receipt", method: .get, headers: bearer(b1)) { response in
                #expect(response.status == .ok, "Z1 returned the receipt when it approved")
            }
            try await client.execute(uri: "/api/audit", method: .get, headers: bearer(auditor)) { response in
                let entries = (try? JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [[String: Any]]) ?? []
                let actions = entries.compactMap { $0["action"] as? String }
                #expect(actions.contains("login") && actions.contains("approve") && actions.contains("download-letter"))
                let views = entries.filter { $0["action"] as? String == "view-transfer" }.compactMap { $0["outcome"] as? String }
                #expect(views.sorted() == ["not-found", "ok"], "LX read the member's record; QF's refused read is audited as refused")
            }
            try await client.execute(uri: "/api/audit", method: .get, headers: bearer(b1)) { #expect($0.status == .forbidden) }
        }
    }

    @Test func aCookieSessionMustSendItsCSRFTokenToChangeAnything() async throws {
        let f = try await ServerFixture.make()
        try await Application(router: f.router).test(.router) { client in
            let (cookie, csrf): (String, String) = try await client.execute(
                uri: "/api/login", method: .post,
                body: body(["name": "admin-B1", "password": password])
            ) { response in
                let setCookie = response.headers[.setCookie] ?? ""
                #expect(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict"))
                return (String(setCookie.split(separator: ";")[0]), decode(response.body)["csrf"] as! String)
            }
            let month = Transfer.Application.thisMonth(Date())
            try await client.execute(
                uri: "/api/transfers", method: .post, headers: [.cookie: cookie, .contentType: "application/json"],
                body: body(["member": "m1", "to": "B3", "duesPaidUpTo": month])
            ) { response in
                #expect(response.status == .forbidden && decode(response.body)["code"] as? String == "csrf")
            }
            try await client.execute(
                uri: "/api/transfers", method: .post,
                headers: [.cookie: cookie, .contentType: "application/json", .init("X-CSRF-Token")!: csrf],
                body: body(["member": "m1", "to": "B3", "duesPaidUpTo": month])
            ) { response in
                #expect(response.status == .created)
            }
        }
    }

    @Test func onlyTheSecurityOfficerCreatesAccountsWithinItsSubtree() async throws {
        let f = try await ServerFixture.make()
        try await Application(router: f.router).test(.router) { client in
            let b1 = try await client.token("admin-B1")
            let officer = try await client.token("security")
            try await client.execute(
                uri: "/api/accounts", method: .post, headers: bearer(b1),
                body: body(["name": "new-admin", "role": "administrator", "organization": "B1"])
            ) { #expect($0.status == .forbidden) }
            let code: String = try await client.execute(
                uri: "/api/accounts", method: .post, headers: bearer(officer),
                body: body(["name": "new-admin", "role": "administrator", "organization": "B2"])
            ) { response in
                #expect(response.status == .created)
                return decode(response.body)["activationCode"] as! String
            }
            try await client.execute(uri: "/api/activate", method: .post, body: body(["name": "new-admin", "code": code, "password": "short"])) {
                #expect($0.status == .unprocessableContent)
            }
            try await client.execute(uri: "/api/activate", method: .post, body: body(["name": "new-admin", "code": code, "password": "a-longer-password-7"])) {
                #expect($0.status == .ok)
            }
            try await client.execute(uri: "/api/activate", method: .post, body: body(["name": "new-admin", "code": code, "password": "a-longer-password-8"])) {
                #expect($0.status == .unprocessableContent, "a code works once")
            }
        }
    }

    @Test func anOversizedBodyIsRefusedBeforeItIsReadWhole() async throws {
        let f = try await ServerFixture.make()
        try await Application(router: f.router).test(.router) { client in
            let big = ByteBuffer(repeating: UInt8(ascii: "a"), count: 7 * 1024 * 1024)
            try await client.execute(uri: "/api/login", method: .post, headers: [.contentType: "application/json"], body: big) { response in
                #expect(response.status == .contentTooLarge)
            }
        }
    }

    @Test func theOpenAPIDocumentIsServed() async throws {
        let f = try await ServerFixture.make()
        let router = LettersServer.router(
            workflow: f.workflow, accounts: f.accounts, openAPI: try Data(contentsOf: URL(fileURLWithPath: root + "/openapi.json")))
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/openapi.json", method: .get) { response in
                let document = decode(response.body)
                #expect(document["openapi"] as? String == "3.1.0")
                let paths = (document["paths"] as? [String: Any])?.keys.sorted() ?? []
                #expect(paths.contains("/api/transfers/{id}/{operation}") && paths.contains("/api/transfers/{id}/letters/{hop}"))
            }
        }
    }

    @Test func anInvalidSealIsRefusedWithItsReasonAndTheOldOneStays() async throws {
        let f = try await ServerFixture.make()
        try await Application(router: f.router).test(.router) { client in
            let jf = try await client.token("admin-Z1")
            try await client.execute(
                uri: "/api/seal", method: .post, headers: [.authorization: "Bearer \(jf)", .contentType: "image/jpeg"],
                body: ByteBuffer(bytes: [0x89, 0x50, 0x4E, 0x47, 0, 0, 0, 0])
            ) { response in
                #expect(response.status == .unprocessableContent && decode(response.body)["field"] as? String == "seal")
                #expect((decode(response.body)["message"] as? String)?.contains("PNG") == true)
            }
            // A photo far over the limit: refused before it is read whole, with the field and the rule.
            try await client.execute(
                uri: "/api/seal", method: .post, headers: [.authorization: "Bearer \(jf)", .contentType: "image/jpeg"],
                body: ByteBuffer(repeating: 0xFF, count: 7 * 1024 * 1024)
            ) { response in
                let answer = decode(response.body)
                #expect(response.status == .contentTooLarge && answer["field"] as? String == "seal" && answer["code"] as? String == "too-large")
                #expect((answer["message"] as? String)?.contains("5 MB") == true)
            }
            try await client.execute(
                uri: "/api/transfers", method: .post, headers: [.authorization: "Bearer \(jf)", .contentType: "application/json"],
                body: ByteBuffer(repeating: 0x20, count: 7 * 1024 * 1024)
            ) { response in
                #expect(response.status == .contentTooLarge && decode(response.body)["code"] as? String == "too-large", "JSON too, not an empty 413")
            }
            try await client.execute(uri: "/api/seal/history", method: .get, headers: bearer(jf)) { response in
                let history = (try? JSONSerialization.jsonObject(with: Data(buffer: response.body))) as? [[String: String]] ?? []
                #expect(history.map { $0["version"] } == ["1"], "the old seal stays")
            }
        }
    }

    @Test func theSecurityOfficerSetsPermissionsAndAdministratorsQueryTheirSubtree() async throws {
        let f = try await ServerFixture.make()
        try await Application(router: f.router).test(.router) { client in
            let officer = try await client.token("security")
            let b1 = try await client.token("admin-B1")
            try await client.execute(uri: "/api/organizations/Z1/permissions", method: .post, headers: bearer(b1), body: body(["mayTransfer": false])) {
                #expect($0.status == .forbidden)
            }
            try await client.execute(uri: "/api/organizations/Z1/permissions", method: .post, headers: bearer(officer), body: body(["mayTransfer": false])) {
                #expect($0.status == .ok)
            }
            #expect(try await f.workflow.tree().organizations["Z1"]?.permissions.mayTransfer == false)
            let month = Transfer.Application.thisMonth(Date())
            try await client.execute(
                uri: "/api/transfers", method: .post, headers: bearer(b1),
                body: body(["member": "m1", "to": "B3", "duesPaidUpTo": month])
            ) { response in
                let path = (decode(response.body)["path"] as? [String: Any])?["organizations"] as? [String]
                #expect(path == ["B1", "JF", "B3"], "Z1 is skipped now")
            }
            for uri in [
                "/api/overview", "/api/history?name=刘", "/api/views/mine", "/api/not-reported", "/api/members?name=刘",
                "/api/statistics?from=2000-01-01&until=2100-01-01",
            ] {
                try await client.execute(uri: uri, method: .get, headers: bearer(b1)) { #expect($0.status == .ok, "\(uri)") }
            }
            try await client.execute(uri: "/api/members?branch=QB", method: .get, headers: bearer(b1)) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/api/statistics", method: .get, headers: bearer(b1)) { response in
                #expect(response.status == .ok, "without a period: this year")
            }
            try await client.execute(uri: "/api/statistics?from=2026-13-01", method: .get, headers: bearer(b1)) { response in
                #expect(response.status == .badRequest && decode(response.body)["field"] as? String == "from")
            }
            try await client.execute(uri: "/api/statistics?from=2026-06-01&until=2026-01-01", method: .get, headers: bearer(b1)) { response in
                #expect(response.status == .unprocessableContent && decode(response.body)["field"] as? String == "until")
            }
            // A filter that cannot be read is refused with its name, never dropped (the whole history would come back).
            for (query, status, field) in [
                ("from=2026-02-31", HTTPResponse.Status.unprocessableContent, "from"), ("until=yesterday", .badRequest, "until"),
                ("from=2026-6-1", .badRequest, "from"),
                (
                    "type=" + "转往火星".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!,
                    .unprocessableContent, "type"
                ),
            ] {
                try await client.execute(uri: "/api/history?\(query)", method: .get, headers: bearer(b1)) { response in
                    #expect(response.status == status && decode(response.body)["field"] as? String == field, "\(query)")
                }
            }
            try await client.execute(uri: "/api/statistics?from=2026-04-31", method: .get, headers: bearer(b1)) { response in
                #expect(response.status == .unprocessableContent && (decode(response.body)["message"] as? String)?.contains("没有 2026-04-31 这一天") == true)
            }
            // Errors Hummingbird raises itself come back in the API's form too; a known path with another method is 405.
            try await client.execute(
                uri: "/api/login", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: "not json")
            ) { response in
                #expect(response.status == .badRequest && decode(response.body)["code"] as? String == "malformed-json")
                #expect(decode(response.body)["field"] == nil)
            }
            // A body of the wrong shape names the field and the rule, in words.
            for (json, field, rule) in [
                (#"{"member": 7, "to": "B3", "duesPaidUpTo": "2026-11"}"#, "member", "[type]"),
                (#"{"to": "B3", "duesPaidUpTo": "2026-11"}"#, "member", "[required]"),
                (#"{"member": "m1", "to": null, "duesPaidUpTo": null}"#, "duesPaidUpTo", "[required]"),
                (#"{"member": "m1", "to": "B3", "duesPaidUpTo": "2026-11", "validityDays": "15"}"#, "validityDays", "[type]"),
            ] {
                try await client.execute(uri: "/api/transfers", method: .post, headers: bearer(b1), body: ByteBuffer(string: json)) { response in
                    let error = decode(response.body)
                    #expect(response.status == .badRequest && error["code"] as? String == "malformed-json", "\(json)")
                    #expect(error["field"] as? String == field && (error["message"] as? String)?.hasPrefix("\(field) \(rule)") == true, "\(json)")
                }
            }
            try await client.execute(uri: "/api/queue", method: .delete, headers: bearer(b1)) { response in
                #expect(response.status == .methodNotAllowed && response.headers[.allow] == "GET")
            }
        }
    }
}
