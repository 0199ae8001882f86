import Foundation
import Hummingbird
import HummingbirdTesting
import Render
import Server
import TestSupport
import Testing
@_spi(Storage) import Workflow

/// What an attacker with an ordinary account (or none) tries: each class of attack is closed as
/// a class, not by its one example.
@Suite(.scratch) struct HostileCallerTests {
    /// Every integer parameter `openapi.json` documents, in a path or a query, with a URI that
    /// reaches it; `{id}` is a transfer the caller may see.
    private func integerParameters() throws -> [(name: String, uri: @Sendable (String, String) -> String)] {
        let document = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: root + "/openapi.json"))) as! [String: Any]
        var found: [(String, @Sendable (String, String) -> String)] = []
        for (path, item) in document["paths"] as! [String: Any] {
            for (method, operation) in item as! [String: Any] where method == "get" {
                for parameter in (operation as? [String: Any])?["parameters"] as? [[String: Any]] ?? [] {
                    guard (parameter["schema"] as? [String: Any])?["type"] as? String == "integer", let name = parameter["name"] as? String else { continue }
                    let location = parameter["in"] as? String
                    found.append(
                        (
                            name,
                            { id, value in
                                let filled = path.replacingOccurrences(of: "{id}", with: id)
                                return location == "path" ? filled.replacingOccurrences(of: "{\(name)}", with: value) : filled + "?\(name)=\(value)"
                            }
                        ))
                }
            }
        }
        return found
    }

    @Test func everyIntegerInAPathOrQueryOutsideItsRangeIsA400NeverACrash() async throws {
        let f = try await ServerFixture.make()
        let t = try await f.workflow.applyOut(
            member: "m1", direction: .inProvince(destination: "B3"),
            application: .init(duesPaidUpTo: Transfer.Application.thisMonth(Date())), by: .organization("B1"))
        let parameters = try integerParameters()
        #expect(parameters.map(\.name).sorted() == ["before", "hop", "limit"], "the test covers every integer the document names")
        try await Application(router: f.router).test(.router) { client in
            let admin = try await client.token("admin-B1")
            let auditor = try await client.token("auditor")
            for (name, uri) in parameters {
                for value in ["-9223372036854775808", "-1", "0", "18446744073709551616", "99999999999999999999999", "abc", "%2B1", "1.5", "%201", "0x10"] {
                    let token = name == "hop" ? admin : auditor
                    try await client.execute(uri: uri(t.id, value), method: .get, headers: bearer(token)) { response in
                        #expect(response.status == .badRequest, "\(name)=\(value): \(response.status)")
                        #expect(decode(response.body)["field"] as? String == name)
                    }
                }
            }
            // And the server still answers.
            try await client.execute(uri: "/api/transfers/\(t.id)/letters/1", method: .get, headers: bearer(admin)) { #expect($0.status == .ok) }
        }
    }

    @Test func aCookieSessionCannotChangeAnythingWithoutItsTokenHoweverThePathIsSpelled() async throws {
        let f = try await ServerFixture.make()
        let t = try await f.workflow.applyOut(
            member: "m1", direction: .inProvince(destination: "B3"),
            application: .init(duesPaidUpTo: Transfer.Application.thisMonth(Date())), by: .organization("B1"))
        try await Application(router: f.router).test(.router) { client in
            let (cookie, csrf): (String, String) = try await client.execute(
                uri: "/api/login", method: .post,
                body: body(["name": "admin-Z1", "password": password])
            ) { response in
                let answer = decode(response.body)
                return ("letters_session=\(answer["token"] as! String)", answer["csrf"] as! String)
            }
            let holder = try await f.workflow.transfer(t.id).version
            for path in [
                "/api/transfers/\(t.id)/approve", "//api/transfers/\(t.id)/approve", "/api//transfers/\(t.id)/approve",
                "/api/transfers/\(t.id)//approve", "/api/transfers/\(t.id)/approve/", "///api/transfers/\(t.id)/approve",
            ] {
                for headers: HTTPFields in [
                    [.cookie: cookie, .contentType: "application/json"],
                    [.cookie: cookie, .contentType: "application/json", .init("X-CSRF-Token")!: "forged"],
                    [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"],
                    [.cookie: cookie, .contentType: "multipart/form-data; boundary=x"],
                ] {
                    try await client.execute(uri: path, method: .post, headers: headers, body: body([:])) { response in
                        #expect(response.status == .forbidden, "\(path) \(headers): \(response.status)")
                    }
                }
            }
            #expect(try await f.workflow.transfer(t.id).version == holder, "nothing was approved")
            // With the token it goes through, on any spelling the router accepts.
            try await client.execute(
                uri: "//api/transfers/\(t.id)/approve", method: .post,
                headers: [.cookie: cookie, .contentType: "application/json", .init("X-CSRF-Token")!: csrf], body: body([:])
            ) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test func multipartBodiesWithHugeBoundariesAreRefusedWithoutBeingSearched() async throws {
        let f = try await ServerFixture.make()
        try await Application(router: f.router).test(.router) { client in
            let (cookie, csrf): (String, String) = try await client.execute(
                uri: "/api/login", method: .post,
                body: body(["name": "admin-Z1", "password": password])
            ) { response in
                let answer = decode(response.body)
                return ("letters_session=\(answer["token"] as! String)", answer["csrf"] as! String)
            }
            let boundary = String(repeating: "b", count: 16_000)
            var payload = ByteBuffer(string: "--\(boundary)\r\nContent-Disposition: form-data; name=\"seal\"; filename=\"s.jpg\"\r\n\r\n")
            payload.writeBytes(Array(repeating: UInt8(ascii: "b"), count: 1_000_000))
            let headers: HTTPFields = [.cookie: cookie, .contentType: "multipart/form-data; boundary=\(boundary)"]
            // Without the token: refused before the body is read.
            try await client.execute(uri: "/seal", method: .post, headers: headers, body: payload) { #expect($0.status == .forbidden) }
            // With it: the boundary breaks RFC 2046's 70 characters, refused before any search.
            try await client.execute(uri: "/seal?_csrf=\(csrf)", method: .post, headers: headers, body: payload) { response in
                #expect(response.status == .badRequest && String(buffer: response.body).contains("RFC 2046"))
            }
            // A 70-character boundary over a megabyte of near-matches is read in one pass and refused as no seal.
            let longest = String(repeating: "b", count: 70)
            var near = ByteBuffer(string: "--\(longest)\r\nContent-Disposition: form-data; name=\"seal\"; filename=\"s.jpg\"\r\n\r\n")
            for _ in 0..<15_000 { near.writeString("\r\n--" + String(repeating: "b", count: 69) + "x") }
            near.writeString("\r\n--\(longest)--\r\n")
            try await client.execute(
                uri: "/seal?_csrf=\(csrf)", method: .post,
                headers: [.cookie: cookie, .contentType: "multipart/form-data; boundary=\(longest)"], body: near
            ) { response in
                #expect(response.status == .unprocessableContent)
            }
            // A header name with a byte past ASCII: multipart-kit 4.7.1 would trap (the process would end);
            // refused before the parser sees it, and the server answers on.
            var high = ByteBuffer(string: "--XyZ\r\nContent-Disposition: form-data; name=\"seal\"; filename=\"印章.jpg\"\r\n")
            high.writeBytes([0xC3, 0xA9] + Array("x: y\r\n\r\n".utf8))
            high.writeString("data\r\n--XyZ--\r\n")
            try await client.execute(
                uri: "/seal?_csrf=\(csrf)", method: .post,
                headers: [.cookie: cookie, .contentType: "multipart/form-data; boundary=XyZ"], body: high
            ) { response in
                #expect(response.status == .badRequest && String(buffer: response.body).contains("ASCII"))
            }
            try await client.execute(uri: "/health", method: .get) { #expect($0.status == .ok) }
            #expect(try await f.workflow.sealHistory(org: "Z1").count == 1)
            // A Chinese file name (UTF-8 in a header's value) is fine.
            var chinese = ByteBuffer(string: "--XyZ\r\nContent-Disposition: form-data; name=\"seal\"; filename=\"印章.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n")
            chinese.writeBytes(try await f.workflow.sealJPEG(org: "Z1", version: 1)!)
            chinese.writeString("\r\n--XyZ--\r\n")
            try await client.execute(
                uri: "/seal?_csrf=\(csrf)", method: .post,
                headers: [.cookie: cookie, .contentType: "multipart/form-data; boundary=XyZ"], body: chinese
            ) { #expect($0.status == .seeOther) }
            #expect(try await f.workflow.sealHistory(org: "Z1").count == 2)
        }
    }

    @Test func parallelGuessesAtOnePasswordAreCountedBeforeTheyAreChecked() async throws {
        let f = try await ServerFixture.make()
        let outcomes = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<24 {
                group.addTask {
                    do {
                        _ = try await f.accounts.login(name: "admin-B1", password: "wrong-password-1", address: "10.0.0.9")
                        return "ok"
                    } catch let error as WorkflowError {
                        return error.message
                    }
                }
            }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 == "登录名或密码错误" }.count == AccountService.maxFailures, "\(outcomes)")
        // A second server process on the same database shares the count.
        let other = AccountService(store: f.workflow.store, hasher: BcryptHasher(cost: 4))
        await #expect(throws: WorkflowError.self) { _ = try await other.login(name: "admin-B1", password: password, address: "10.0.0.9") }
        // Many addresses together are stopped by the per-account ceiling.
        var refused = 0
        for n in 0..<30 {
            do { _ = try await other.login(name: "admin-LX", password: "wrong-password-1", address: "10.1.0.\(n)") } catch let e as WorkflowError
                where e.message.contains("过多")
            { refused += 1 } catch {}
        }
        #expect(refused == 30 - 20)
    }

    @Test func parallelActivationGuessesAreCountedBeforeTheyAreChecked() async throws {
        let f = try await ServerFixture.make()
        let (officer, _, _) = try await f.accounts.login(name: "security", password: password, address: "test")
        _ = try await f.accounts.createAccount(
            name: "newcomer", role: .administrator, organization: "B1", tree: try await f.workflow.tree(), for: Caller(account: officer, address: "test"))
        let outcomes = try await withThrowingTaskGroup(of: String.self) { group in
            for n in 0..<15 {
                group.addTask {
                    do {
                        try await f.accounts.activate(name: "newcomer", code: String(format: "%08X", n), password: "guess-password-1", address: "10.0.0.7")
                        return "ok"
                    } catch let error as WorkflowError { return error.message }
                }
            }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(outcomes.filter { $0.contains("授权码无效") }.count == AccountService.maxFailures, "\(outcomes)")
    }

    @Test func nothingAnAnonymousCallerSendsGrowsTheAuditLogBeyondItsLimits() async throws {
        let f = try await ServerFixture.make()
        try await Application(router: f.router).test(.router) { client in
            let huge = String(repeating: "名", count: 4 * 1024 * 1024 / 3)
            try await client.execute(uri: "/api/activate", method: .post, body: body(["name": huge, "code": "x", "password": "abcdefghij1"])) {
                #expect($0.status == .contentTooLarge)
            }
            let long = String(repeating: "n", count: 5_000)
            try await client.execute(uri: "/api/activate", method: .post, body: body(["name": long, "code": "x", "password": "abcdefghij1"])) { response in
                #expect(response.status == .badRequest && decode(response.body)["field"] as? String == "name")
            }
            let medium = String(repeating: "n", count: 500)
            try await client.execute(uri: "/api/activate", method: .post, body: body(["name": medium, "code": "x", "password": "abcdefghij1"])) { response in
                #expect(response.status == .unprocessableContent && decode(response.body)["field"] as? String == "name")
            }
            try await client.execute(uri: "/api/login", method: .post, body: body(["name": medium, "password": "x"])) { #expect($0.status == .forbidden) }
            try await client.execute(
                uri: "/api/transfers", method: .post, headers: bearer(try await client.token("admin-B1")),
                body: body(["member": "m1", "outside": String(repeating: "外", count: 101), "duesPaidUpTo": "2026-01"])
            ) { response in
                #expect(response.status == .unprocessableContent && decode(response.body)["field"] as? String == "outside")
            }
        }
        let log = try await f.accounts.auditLog(
            in: try await f.workflow.tree(), for: Caller(account: Account(name: "auditor", role: .auditor, organization: "P", active: true), address: "test"))
        #expect(log.allSatisfy { $0.account.unicodeScalars.count <= Limits.accountName + 1 && $0.target.unicodeScalars.count <= 200 })
        #expect(log.contains { $0.action == "activate" && $0.outcome == "invalid" }, "the refusal is audited, clipped")
    }

    @Test func textThatLooksLikeAFormulaIsInertInTheAuditSpreadsheets() async throws {
        let f = try await ServerFixture.make()
        try await Application(router: f.router).test(.router) { client in
            for name in ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"] {
                try await client.execute(uri: "/api/login", method: .post, body: body(["name": name, "password": "x"])) { _ in }
            }
            let auditor = "letters_session=" + (try await client.token("auditor"))
            try await client.execute(uri: "/audit?format=csv", method: .get, headers: [.cookie: auditor]) { response in
                #expect(response.status == .ok)
                let csv = String(buffer: response.body)
                #expect(csv.contains("\"'=cmd|' /C calc'!A0\"") && csv.contains("\"'+1+1\"") && csv.contains("\"'-2+3\"") && csv.contains("\"'@SUM(A1)\""))
                #expect(!csv.contains(",\"=") && !csv.contains(",\"+") && !csv.contains(",\"@") && !csv.contains(",\"\t"))
            }
        }
        let sheet = Spreadsheet(name: "t", headers: ["a"], rows: [[.text("=HYPERLINK(\"http://x\")")], [.number(-5)]])
        #expect(String(decoding: sheet.csv(), as: UTF8.self).contains("\"'=HYPERLINK"))
        #expect(String(decoding: sheet.csv(), as: UTF8.self).contains("\"-5\""), "numbers stay numbers")
    }

    @Test func accountAndPrinterNamesAreUniqueAsPeopleReadThem() async throws {
        let f = try await ServerFixture.make()
        let (officer, _, _) = try await f.accounts.login(name: "security", password: password, address: "test")
        let tree = try await f.workflow.tree()
        await #expect(throws: WorkflowError.self) {
            _ = try await f.accounts.createAccount(
                name: "Admin-B1", role: .administrator, organization: "B1", tree: tree, for: Caller(account: officer, address: "test"))
        }
        try await f.workflow.savePrinterProfile(PrinterProfile(name: "HP", offsetX: 0, offsetY: 0), org: "B1")
        await #expect(throws: WorkflowError.self) { try await f.workflow.savePrinterProfile(PrinterProfile(name: "ｈｐ", offsetX: 0, offsetY: 0), org: "B1") }
        try await f.workflow.savePrinterProfile(PrinterProfile(name: "HP", offsetX: 1, offsetY: 0), org: "B1")
        try await f.workflow.savePrinterProfile(PrinterProfile(name: "ｈｐ", offsetX: 0, offsetY: 0), org: "Z1")
        #expect(try await f.workflow.printerProfiles(org: "B1").map(\.name) == ["HP"])
    }

    @Test func whatLiesOutsideTheCallersSubtreeLooksExactlyLikeWhatDoesNotExist() async throws {
        let f = try await ServerFixture.make()
        let t = try await f.workflow.applyOut(
            member: "m1", direction: .inProvince(destination: "B3"),
            application: .init(duesPaidUpTo: Transfer.Application.thisMonth(Date())), by: .organization("B1"))
        try await Application(router: f.router).test(.router) { client in
            let qf = try await client.token("admin-QF")
            func answer(_ uri: String, _ method: HTTPRequest.Method, _ payload: [String: Any] = [:], unknown: String, known: String) async throws -> (
                HTTPResponse.Status, String
            ) {
                try await client.execute(uri: uri, method: method, headers: bearer(qf), body: body(payload)) { response in
                    (response.status, withoutRequestID(String(buffer: response.body)).replacingOccurrences(of: known, with: unknown))
                }
            }
            let ghost = "00000000-0000-0000-0000-000000000000"
            let foreign = try await answer("/api/transfers/\(t.id)", .get, unknown: ghost, known: t.id)
            let missing = try await answer("/api/transfers/\(ghost)", .get, unknown: ghost, known: t.id)
            #expect(foreign == missing && foreign.0 == .notFound)
            let foreignOp = try await answer("/api/transfers/\(t.id)/approve", .post, unknown: ghost, known: t.id)
            let missingOp = try await answer("/api/transfers/\(ghost)/approve", .post, unknown: ghost, known: t.id)
            #expect(foreignOp == missingOp && foreignOp.0 == .notFound)
            let month = Transfer.Application.thisMonth(Date())
            let member = try await answer("/api/transfers", .post, ["member": "m1", "to": "QB", "duesPaidUpTo": month], unknown: "m-none", known: "m1")
            let nobody = try await answer("/api/transfers", .post, ["member": "m-none", "to": "QB", "duesPaidUpTo": month], unknown: "m-none", known: "m1")
            #expect(member == nobody && member.0 == .notFound && !member.1.contains("刘忠鹏"), "\(member) \(nobody)")
        }
        let log = try await f.accounts.auditLog(
            in: try await f.workflow.tree(), for: Caller(account: Account(name: "auditor", role: .auditor, organization: "P", active: true), address: "test"))
        #expect(log.filter { $0.account == "admin-QF" && $0.outcome == "not-found" }.count >= 4, "every refusal is audited")
    }

    @Test func everyTransferTheAPIReturnsSaysWhatTheCallerMayDoWithItNow() async throws {
        let f = try await ServerFixture.make()
        let t = try await f.workflow.applyOut(
            member: "m1", direction: .inProvince(destination: "B3"),
            application: .init(duesPaidUpTo: Transfer.Application.thisMonth(Date())), by: .organization("B1"))
        try await Application(router: f.router).test(.router) { client in
            for (name, expected) in [("admin-Z1", ["approve", "return"]), ("admin-B1", ["recall"]), ("admin-LX", [])] {
                let token = try await client.token(name)
                try await client.execute(uri: "/api/transfers/\(t.id)", method: .get, headers: bearer(token)) { response in
                    let allowed = decode(response.body)["allowedOperations"] as? [String]
                    #expect((allowed ?? ["missing"]).sorted() == expected.sorted(), "\(name): \(allowed ?? [])")
                    #expect(response.headers[.init("X-Request-Id")!] != nil)
                }
            }
        }
    }

    @Test func theAuditorsOwnReadsAndEveryListReadAreAudited() async throws {
        let f = try await ServerFixture.make()
        try await Application(router: f.router).test(.router) { client in
            let auditor = try await client.token("auditor")
            let b1 = try await client.token("admin-B1")
            try await client.execute(uri: "/api/audit?limit=5", method: .get, headers: bearer(auditor)) { #expect($0.status == .ok) }
            try await client.execute(uri: "/api/queue", method: .get, headers: bearer(b1)) { #expect($0.status == .ok) }
            try await client.execute(uri: "//api/history?direction=out", method: .get, headers: bearer(b1)) { _ in }
            try await client.execute(uri: "/api/audit", method: .get, headers: bearer(b1)) { #expect($0.status == .forbidden) }
        }
        let log = try await f.accounts.auditLog(
            in: try await f.workflow.tree(), for: Caller(account: Account(name: "auditor", role: .auditor, organization: "P", active: true), address: "test"))
        let seen = Set(log.map { "\($0.account) \($0.action) \($0.outcome)" })
        #expect(
            seen.isSuperset(of: ["auditor read-audit ok", "admin-B1 view-queue ok", "admin-B1 view-history ok", "admin-B1 read-audit wrong-role"]), "\(seen)")
    }

    @Test func behindATrustedProxyTheClientIsTheAddressItForwardedAndNobodyElseCanSayWhoTheyAre() async throws {
        let f = try await ServerFixture.make()
        let trusting = LettersServer.router(workflow: f.workflow, accounts: f.accounts, trustedProxies: ["local", "127.0.0.1", "::1"])
        try await Application(router: trusting).test(.router) { client in
            try await client.execute(
                uri: "/api/login", method: .post, headers: [.init("X-Forwarded-For")!: "6.6.6.6, 10.9.8.7"],
                body: body(["name": "admin-B1", "password": "wrong-password-1"])
            ) { _ in }
        }
        try await Application(router: f.router).test(.router) { client in
            try await client.execute(
                uri: "/api/login", method: .post, headers: [.init("X-Forwarded-For")!: "10.1.1.1"],
                body: body(["name": "admin-Z1", "password": "wrong-password-1"])
            ) { _ in }
        }
        let log = try await f.accounts.auditLog(
            in: try await f.workflow.tree(), for: Caller(account: Account(name: "auditor", role: .auditor, organization: "P", active: true), address: "test"))
        #expect(log.contains { $0.account == "admin-B1" && $0.address == "10.9.8.7" }, "the last address the proxy appended")
        #expect(log.contains { $0.account == "admin-Z1" && $0.address != "10.1.1.1" }, "an untrusted peer's header is ignored")
    }
}
