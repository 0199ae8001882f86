import Foundation
import Hummingbird
import HummingbirdTesting
import Server
import TestSupport
import Testing
import Workflow

/// Every API route against every kind of caller: unauthenticated, the security officer, the
/// auditor, administrators whose subtree holds the transfer (of the general branch above the
/// member's branch, of the branch itself, of the basic committee, of the county) and ones whose
/// does not (another basic committee of the same county, another county). The table of answers
/// is printed.
@Suite(.scratch) struct AuthorizationMatrixTests {
    enum Caller: String, CaseIterable {
        case anonymous
        case officer = "security"
        case auditor
        case inside = "admin-Z1"
        case outside = "admin-QF"
        case branch = "admin-B1"
        case committee = "admin-JF"
        case county = "admin-LX"
        case otherCounty = "admin-PY"

        /// `expected` with the administrators it leaves out answered like `inside` (those whose
        /// subtree holds the transfer) or `outside`.
        static func fill(_ expected: [Caller: HTTPResponse.Status]) -> [Caller: HTTPResponse.Status] {
            var all = expected
            for c in [Caller.branch, .committee, .county] where all[c] == nil { all[c] = expected[.inside] }
            if all[.otherCounty] == nil { all[.otherCounty] = expected[.outside] }
            return all
        }
    }

    struct Route: @unchecked Sendable {
        let method: HTTPRequest.Method
        let uri: String
        let body: [String: Any]
        /// Expected status per caller.
        let expected: [Caller: HTTPResponse.Status]

        init(method: HTTPRequest.Method, uri: String, body: [String: Any], expected: [Caller: HTTPResponse.Status]) {
            self.method = method
            self.uri = uri
            self.body = body
            self.expected = Caller.fill(expected)
        }
    }

    @Test func everyRouteAnswersEachCallerAsItsRoleAndSubtreeAllow() async throws {
        let f = try await ServerFixture.make()
        let month = Transfer.Application.thisMonth(Date())
        let t = try await f.workflow.applyOut(
            member: "m1", direction: .inProvince(destination: "B3"), application: .init(duesPaidUpTo: month),
            by: .organization("B1"))
        let id = t.id
        let business: [Caller: HTTPResponse.Status] = [.anonymous: .unauthorized, .officer: .forbidden, .auditor: .forbidden]
        func admin(_ inside: HTTPResponse.Status, _ outside: HTTPResponse.Status) -> [Caller: HTTPResponse.Status] {
            business.merging([.inside: inside, .outside: outside]) { a, _ in a }
        }
        let routes: [Route] = [
            Route(method: .get, uri: "/api/queue", body: [:], expected: admin(.ok, .ok)),
            Route(method: .get, uri: "/api/overview", body: [:], expected: admin(.ok, .ok)),
            Route(method: .get, uri: "/api/history", body: [:], expected: admin(.ok, .ok)),
            Route(method: .get, uri: "/api/views/mine", body: [:], expected: admin(.ok, .ok)),
            Route(method: .get, uri: "/api/not-reported", body: [:], expected: admin(.ok, .ok)),
            Route(method: .get, uri: "/api/statistics?from=2000-01-01&until=2100-01-01", body: [:], expected: admin(.ok, .ok)),
            Route(method: .get, uri: "/api/members", body: [:], expected: admin(.ok, .ok)),
            Route(method: .get, uri: "/api/members?branch=B1", body: [:], expected: admin(.ok, .notFound)),
            Route(method: .get, uri: "/api/transfers/\(id)", body: [:], expected: admin(.ok, .notFound)),
            Route(method: .get, uri: "/api/transfers/\(id)/archive", body: [:], expected: admin(.ok, .notFound)),
            Route(method: .get, uri: "/api/transfers/\(id)/letters/1", body: [:], expected: admin(.ok, .notFound)),
            Route(method: .get, uri: "/api/transfers/\(id)/letters/1?parts=stub", body: [:], expected: admin(.ok, .notFound)),
            Route(method: .get, uri: "/api/transfers/\(id)/letters/1?template=two", body: [:], expected: admin(.ok, .notFound)),
            Route(method: .get, uri: "/api/transfers/\(id)/letters/1?part=receipt", body: [:], expected: admin(.notFound, .notFound)),
            Route(method: .get, uri: "/api/transfers/\(id)/letters/7", body: [:], expected: admin(.notFound, .notFound)),
            Route(method: .get, uri: "/api/printers", body: [:], expected: admin(.ok, .ok)),
            Route(
                method: .get, uri: "/api/archive/export", body: [:],
                expected: [.anonymous: .unauthorized, .officer: .forbidden, .auditor: .ok, .inside: .ok, .outside: .ok]),
            Route(
                method: .get, uri: "/api/archive/key", body: [:],
                expected: [.anonymous: .unauthorized, .officer: .forbidden, .auditor: .ok, .inside: .ok, .outside: .ok]),
            Route(
                method: .get, uri: "/api/archive/export?org=B1", body: [:],
                expected: [.anonymous: .unauthorized, .officer: .forbidden, .auditor: .ok, .inside: .ok, .outside: .notFound]),
            Route(
                method: .get, uri: "/api/archive/export?org=Z1&from=yesterday", body: [:],
                expected: [
                    .anonymous: .unauthorized, .officer: .forbidden, .auditor: .badRequest, .inside: .badRequest, .outside: .notFound,
                    .branch: .notFound,
                ]),  // Z1 is above the branch, outside its subtree
            Route(method: .put, uri: "/api/printers/P1", body: ["offsetX": 1, "offsetY": 1], expected: admin(.ok, .ok)),
            Route(method: .get, uri: "/api/printers/P1/calibration", body: [:], expected: admin(.ok, .ok)),
            Route(method: .get, uri: "/api/printers/none/calibration", body: [:], expected: admin(.notFound, .notFound)),
            Route(method: .get, uri: "/api/calibration", body: [:], expected: admin(.ok, .ok)),
            Route(method: .delete, uri: "/api/printers/none", body: [:], expected: admin(.notFound, .notFound)),
            Route(method: .get, uri: "/api/layouts", body: [:], expected: admin(.ok, .ok)),
            Route(method: .put, uri: "/api/me/notice-address", body: ["email": "someone@example.cn"], expected: admin(.ok, .ok)),
            Route(method: .get, uri: "/api/me/notice-address", body: [:], expected: admin(.ok, .ok)),
            Route(method: .put, uri: "/api/layouts/L1", body: ["positions": ["letter:member.name": [31, 120]]], expected: admin(.ok, .ok)),
            Route(method: .get, uri: "/api/layouts/L1", body: [:], expected: admin(.ok, .ok)),
            Route(method: .get, uri: "/api/layouts/L1/file", body: [:], expected: admin(.ok, .ok)),
            Route(method: .get, uri: "/api/layouts/L1/scan", body: [:], expected: admin(.notFound, .notFound)),
            Route(method: .get, uri: "/api/transfers/\(id)/letters/1?template=two&layout=L1", body: [:], expected: admin(.ok, .notFound)),
            Route(method: .delete, uri: "/api/layouts/none", body: [:], expected: admin(.notFound, .notFound)),
            // Only the branch that issued the letter may recall it (and does, here); the others act as themselves.
            Route(method: .post, uri: "/api/transfers/\(id)/recall", body: [:], expected: admin(.forbidden, .notFound).merging([.branch: .ok]) { $1 }),
            Route(
                method: .post, uri: "/api/transfers", body: ["member": "m1", "to": "QB", "duesPaidUpTo": month],
                expected: admin(.unprocessableContent, .notFound)),  // inside: the member is already in transfer; outside: no such member
            Route(method: .get, uri: "/api/seal/history", body: [:], expected: admin(.ok, .ok)),
            Route(
                method: .get, uri: "/api/audit", body: [:],
                expected: [.anonymous: .unauthorized, .officer: .forbidden, .auditor: .ok, .inside: .forbidden, .outside: .forbidden]),
            Route(
                method: .post, uri: "/api/organizations/B2/permissions", body: ["autoApprove": true],
                expected: [.anonymous: .unauthorized, .officer: .ok, .auditor: .forbidden, .inside: .forbidden, .outside: .forbidden]),
            Route(
                method: .get, uri: "/api/me", body: [:],
                expected: [.anonymous: .unauthorized, .officer: .ok, .auditor: .ok, .inside: .ok, .outside: .ok]),
            Route(
                method: .get, uri: "/api/accounts", body: [:],
                expected: [.anonymous: .unauthorized, .officer: .ok, .auditor: .forbidden, .inside: .forbidden, .outside: .forbidden]),
            // Account management on an account that does not exist: the officer hears so, the others that it is not theirs to do.
            Route(
                method: .post, uri: "/api/accounts/nobody-here/reset", body: [:],
                expected: [.anonymous: .unauthorized, .officer: .notFound, .auditor: .forbidden, .inside: .forbidden, .outside: .forbidden]),
            Route(
                method: .post, uri: "/api/accounts/nobody-here/disable", body: [:],
                expected: [.anonymous: .unauthorized, .officer: .notFound, .auditor: .forbidden, .inside: .forbidden, .outside: .forbidden]),
            Route(
                method: .post, uri: "/api/accounts/nobody-here/organization", body: ["organization": "B1"],
                expected: [.anonymous: .unauthorized, .officer: .notFound, .auditor: .forbidden, .inside: .forbidden, .outside: .forbidden]),
            Route(
                method: .post, uri: "/api/password", body: ["old": "x", "new": "weak"],
                expected: [
                    .anonymous: .unauthorized, .officer: .unprocessableContent, .auditor: .unprocessableContent,
                    .inside: .unprocessableContent, .outside: .unprocessableContent,
                ]),
        ]
        try await Application(router: f.router).test(.router) { client in
            var table = ["route " + Caller.allCases.map(\.rawValue).joined(separator: " ")]
            var tokens: [Caller: String] = [:]
            for caller in Caller.allCases where caller != .anonymous { tokens[caller] = try await client.token(caller.rawValue) }
            for route in routes {
                var row = "\(route.method) \(route.uri.replacingOccurrences(of: id, with: "{id}"))"
                for caller in Caller.allCases {
                    var headers: HTTPFields = [.contentType: "application/json"]
                    if let token = tokens[caller] { headers[.authorization] = "Bearer \(token)" }
                    let before = try await auditLog(f).first?.seq ?? 0
                    let status = try await client.execute(
                        uri: route.uri, method: route.method, headers: headers,
                        body: route.method == .get ? nil : body(route.body)
                    ) { $0.status }
                    #expect(status == route.expected[caller], "\(route.method) \(route.uri) as \(caller): \(status)")
                    row += " \(status.code)"
                    try await expectAudited(f, caller: caller, since: before, status: status, "\(route.method) \(route.uri)")
                }
                table.append(row)
            }
            print(table.joined(separator: "\n"))
        }
    }
}

/// Every signed-in caller's request leaves its entry: the read or change with "ok" (an export,
/// which streams for as long as it takes, with "started"), a refusal with its reason.
func expectAudited(
    _ f: ServerFixture, caller: AuthorizationMatrixTests.Caller, since before: Int64, status: HTTPResponse.Status,
    _ what: String
) async throws {
    guard caller != .anonymous else { return }
    let entries = try await auditLog(f).filter { ($0.seq ?? 0) > before && $0.account == caller.rawValue }
    let refused = status.code >= 400
    #expect(
        entries.contains { ($0.outcome == "ok" || $0.outcome == "started") != refused },
        "\(what) as \(caller) (\(status.code)) left no audit entry: \(entries.map { "\($0.action) \($0.outcome)" })")
}

/// The newest audit entries, as the province's auditor reads them.
func auditLog(_ f: ServerFixture) async throws -> [AuditEntry] {
    try await f.accounts.auditLog(
        query: AuditQuery(limit: 50), in: try await f.workflow.tree(),
        for: Caller(account: Account(name: "auditor", role: .auditor, organization: "P", active: true), address: "test"))
}

/// Every page against every kind of caller, signed in through the login form as a browser is.
@Suite(.scratch) struct PageMatrixTests {
    typealias Caller = AuthorizationMatrixTests.Caller

    @Test func everyPageAnswersEachCallerAsItsRoleAndSubtreeAllow() async throws {
        // Callers are the API matrix's nine; those a page's row leaves out answer like `inside` or `outside`.
        let f = try await ServerFixture.make()
        let t = try await f.workflow.applyOut(
            member: "m1", direction: .inProvince(destination: "B3"),
            application: .init(duesPaidUpTo: Transfer.Application.thisMonth(Date())), by: .organization("B1"))
        let admin: [Caller: HTTPResponse.Status] = [.anonymous: .seeOther, .officer: .forbidden, .auditor: .forbidden, .inside: .ok, .outside: .ok]
        let listed: [(String, [Caller: HTTPResponse.Status])] = [
            ("/", admin.merging([.officer: .seeOther, .auditor: .seeOther]) { $1 }),  // each role's own home
            ("/apply", admin), ("/history?direction=out", admin), ("/history?direction=in&format=csv", admin),
            ("/views/mine", admin), ("/not-reported", admin), ("/statistics", admin), ("/seal", admin), ("/printers", admin), ("/layouts", admin),
            ("/transfers/\(t.id)", admin.merging([.outside: .notFound]) { $1 }),
            ("/seals/B1/1.jpg", [.anonymous: .unauthorized, .officer: .forbidden, .auditor: .forbidden, .inside: .ok, .outside: .notFound]),
            ("/accounts", [.anonymous: .seeOther, .officer: .ok, .auditor: .forbidden, .inside: .forbidden, .outside: .forbidden]),
            ("/permissions", [.anonymous: .seeOther, .officer: .ok, .auditor: .forbidden, .inside: .forbidden, .outside: .forbidden]),
            ("/archive", [.anonymous: .seeOther, .officer: .forbidden, .auditor: .ok, .inside: .ok, .outside: .ok]),
            ("/audit", [.anonymous: .seeOther, .officer: .forbidden, .auditor: .ok, .inside: .forbidden, .outside: .forbidden]),
        ]
        let pages = listed.map { ($0.0, Caller.fill($0.1)) }
        try await Application(router: f.router).test(.router) { client in
            var cookies: [Caller: String] = [:]
            for caller in Caller.allCases where caller != .anonymous {
                cookies[caller] = try await client.execute(
                    uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                    body: ByteBuffer(string: "name=\(caller.rawValue)&password=\(password)")
                ) { response in
                    String((response.headers[.setCookie] ?? "").split(separator: ";").first ?? "")
                }
            }
            var table: [String] = []
            for (uri, expected) in pages {
                var row = uri
                for caller in Caller.allCases {
                    var headers: HTTPFields = [:]
                    if let cookie = cookies[caller] { headers[.cookie] = cookie }
                    let before = try await auditLog(f).first?.seq ?? 0
                    let (status, guarded) = try await client.execute(uri: uri, method: .get, headers: headers) { response in
                        let policy = response.headers[.contentSecurityPolicy] ?? ""
                        let html = response.headers[.contentType]?.hasPrefix("text/html") ?? false
                        return (
                            response.status,
                            (!html || policy.contains("script-src 'none'")) && policy.contains("frame-ancestors 'self'")
                                && response.headers[.xContentTypeOptions] == "nosniff"
                        )
                    }
                    #expect(guarded, "GET \(uri) as \(caller): security headers on every answer")
                    row += " \(caller)=\(status.code)"
                    #expect(status == expected[caller], "GET \(uri) as \(caller): \(status)")
                    try await expectAudited(f, caller: caller, since: before, status: status, "GET \(uri)")
                }
                table.append(row)
            }
            print(table.joined(separator: "\n"))
        }
    }
}

/// Every form a page posts, against every kind of caller, each with its own session cookie and
/// CSRF token (so that what is tested is the role and the subtree, not the token).
@Suite(.scratch) struct FormMatrixTests {
    typealias Caller = AuthorizationMatrixTests.Caller

    @Test func everyFormAnswersEachCallerAsItsRoleAndSubtreeAllow() async throws {
        let f = try await ServerFixture.make()
        let month = Transfer.Application.thisMonth(Date())
        let t = try await f.workflow.applyOut(
            member: "m1", direction: .inProvince(destination: "B3"), application: .init(duesPaidUpTo: month),
            by: .organization("B1"))
        let admins: [Caller: HTTPResponse.Status] = [
            .anonymous: .seeOther, .officer: .forbidden, .auditor: .forbidden, .inside: .seeOther,
            .outside: .seeOther,
        ]
        let officerOnly: [Caller: HTTPResponse.Status] = [
            .anonymous: .seeOther, .officer: .seeOther, .auditor: .forbidden, .inside: .forbidden,
            .outside: .forbidden,
        ]
        let seal = Array(try await f.workflow.sealJPEG(org: "B1", version: 1) ?? Data())
        let forms: [(String, [String: String], [Caller: HTTPResponse.Status])] = [
            // Multipart, as the browser sends a file: each administrator replaces its own organization's seal.
            ("/seal", ["seal": "(file)"], admins),
            ("/seal/letterhead", ["letterhead": "中共测试委员会"], admins),
            ("/printers", ["name": "M1", "offsetX": "1", "offsetY": "-1"], admins),
            ("/printers/delete", ["name": "M1"], admins),
            // Multipart without a scan: each administrator makes a layout of its own organization, then deletes it.
            ("/layouts", ["name": "L1", "seal": "(file)"], admins),
            ("/layouts/L1/delete", [:], admins),
            ("/notices/address", ["email": "someone@example.cn"], admins),
            // The member is in transfer already: a rule, answered with the form again (422); outside the
            // subtree the member is answered as one that does not exist (404).
            (
                "/apply", ["member": "m1", "to": "QB", "dues": month, "validity": "15", "confirmed": "yes"],
                admins.merging([.inside: .unprocessableContent, .outside: .notFound]) { $1 }
            ),
            (
                "/accounts", ["name": "new-account", "role": "administrator", "organization": "B1"],
                officerOnly.merging([.officer: .seeOther]) { $1 }
            ),
            ("/permissions", ["id": "B2", "mayTransfer": "yes", "autoApprove": "yes"], officerOnly),
            // Only the branch that issued the letter may recall it (it does, last); outside the subtree the transfer does not exist.
            ("/transfers/\(t.id)/do", ["op": "recall"], admins.merging([.inside: .forbidden, .outside: .notFound, .branch: .seeOther]) { $1 }),
        ]
        try await Application(router: f.router).test(.router) { client in
            var sessions: [Caller: (cookie: String, csrf: String)] = [:]
            for caller in Caller.allCases where caller != .anonymous {
                sessions[caller] = try await client.execute(
                    uri: "/api/login", method: .post, headers: [.contentType: "application/json"],
                    body: body(["name": caller.rawValue, "password": password])
                ) { response in
                    let answer = decode(response.body)
                    return ("letters_session=\(answer["token"] as? String ?? "")", answer["csrf"] as? String ?? "")
                }
            }
            var table = ["form " + Caller.allCases.map(\.rawValue).joined(separator: " ")]
            for (uri, fields, listed) in forms {
                let expected = Caller.fill(listed)
                var row = "POST \(uri.replacingOccurrences(of: t.id, with: "{id}"))"
                for caller in Caller.allCases {
                    var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
                    var all = fields
                    if let session = sessions[caller] {
                        headers[.cookie] = session.cookie
                        all["_csrf"] = session.csrf
                    }
                    if uri == "/accounts" { all["name"] = "new-\(caller)" }
                    var encoded = ByteBuffer(
                        string: all.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }
                            .joined(separator: "&"))
                    if all["seal"] != nil {
                        headers[.contentType] = "multipart/form-data; boundary=XyZ"
                        encoded = multipart(all, file: seal)
                    }
                    // A multipart form carries its token in the query (checked before the body is read).
                    let target = all["seal"] != nil ? uri + "?_csrf=" + (all["_csrf"] ?? "") : uri
                    let before = try await auditLog(f).first?.seq ?? 0
                    let status = try await client.execute(uri: target, method: .post, headers: headers, body: encoded) { $0.status }
                    #expect(status == expected[caller], "POST \(uri) as \(caller): \(status)")
                    try await expectAudited(f, caller: caller, since: before, status: status, "POST \(uri)")
                    row += " \(status.code)"
                }
                table.append(row)
            }
            print(table.joined(separator: "\n"))
        }
    }

    /// `fields` as multipart/form-data, the `seal` field carrying `file` as a JPEG.
    private func multipart(_ fields: [String: String], file: [UInt8]) -> ByteBuffer {
        var b = ByteBuffer()
        for (name, value) in fields where name != "seal" {
            b.writeString("--XyZ\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
        }
        b.writeString("--XyZ\r\nContent-Disposition: form-data; name=\"seal\"; filename=\"seal.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n")
        b.writeBytes(file)
        b.writeString("\r\n--XyZ--\r\n")
        return b
    }
}
