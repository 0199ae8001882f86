import Foundation
import Hummingbird
import HummingbirdTesting
import Server
import TestSupport
import Testing
import Workflow

/// The audit log through the API and the auditor's page: filters, paging back, an export of
/// everything a filter selects, and parameters refused with their names.
@Suite(.scratch) struct AuditLogRouteTests {
    @Test(.enabled(if: Requirements.python, Comment(rawValue: Requirements.pythonReason)))
    func anAuditorFiltersPagesBackAndExportsTheWholeLogAndNoFilterIsEverDropped() async throws {
        let f = try await ServerFixture.make()
        for n in 0..<1_250 {
            try await f.accounts.audit(
                AuditEntry(
                    at: Date().addingTimeInterval(-Double(1_250 - n)), account: n % 2 == 0 ? "admin-B1" : "admin-Z1",
                    address: "10.0.0.1", action: "download-letter", target: "t\(n)", outcome: "ok"))
        }
        try await Application(router: f.router).test(.router) { client in
            let auditor = try await client.token("auditor")
            func entries(_ uri: String) async throws -> [[String: Any]] {
                try await client.execute(uri: uri, method: .get, headers: bearer(auditor)) { response in
                    #expect(response.status == .ok, "\(uri)")
                    return (try? JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [[String: Any]]) ?? []
                }
            }
            let first = try await entries("/api/audit?account=admin-Z1&action=download-letter&limit=400")
            #expect(first.count == 400 && first.allSatisfy { $0["account"] as? String == "admin-Z1" })
            let oldest = try #require(first.last?["seq"] as? Int)
            let second = try await entries("/api/audit?account=admin-Z1&action=download-letter&limit=400&before=\(oldest)")
            #expect(second.count == 225 && Set((first + second).compactMap { $0["target"] as? String }).count == 625, "no gap, no repeat")
            #expect(try await entries("/api/audit?target=t7").count == 1)

            for (query, field) in [
                ("limit=0", "limit"), ("limit=1001", "limit"), ("before=x", "before"), ("until=", "until"),
                ("from=2026-13-01", "from"), ("from=2026-06-01&until=2026-01-01", "until"),
            ] {
                try await client.execute(uri: "/api/audit?\(query)", method: .get, headers: bearer(auditor)) { response in
                    #expect(response.status == (query.hasPrefix("from=2026-06") ? .unprocessableContent : .badRequest), "\(query)")
                    #expect(decode(response.body)["field"] as? String == field, "\(query)")
                }
            }

            let cookie: String = try await client.execute(
                uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "name=auditor&password=\(password)")
            ) {
                String((($0.headers[.setCookie]) ?? "").split(separator: ";")[0])
            }
            let more: String = try await client.execute(uri: "/audit?account=admin-B1", method: .get, headers: [.cookie: cookie]) { response in
                let html = String(buffer: response.body)
                #expect(response.status == .ok && html.contains("更早的记录") && !html.contains("admin-Z1</td>"))
                let link = try #require(html.range(of: "href=\"/audit?account=admin-B1&amp;before="))
                return "/audit?account=admin-B1&before=" + html[link.upperBound...].prefix { $0.isNumber }
            }
            try await client.execute(uri: more, method: .get, headers: [.cookie: cookie]) { response in
                let html = String(buffer: response.body)
                #expect(response.status == .ok && html.contains(">t848<") && !html.contains(">t850<") && html.contains("更早的记录"), "the next 200, older")
            }
            try await client.execute(uri: "/audit?account=admin-B1&action=download-letter&format=csv", method: .get, headers: [.cookie: cookie]) { response in
                let lines = String(buffer: response.body).split(separator: "\r\n", omittingEmptySubsequences: true)
                #expect(response.headers[.contentType] == "text/csv; charset=utf-8")
                #expect(lines.count == 1 + 625, "the header and every entry the filter selects, past one page")
            }
            // The same export as .xlsx, read back by openpyxl: times to the second, cell by cell as in the CSV.
            let dir = NSTemporaryDirectory() + "audit-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            for format in ["csv", "xlsx"] {
                try await client.execute(uri: "/audit?account=admin-Z1&action=download-letter&format=\(format)", method: .get, headers: [.cookie: cookie]) {
                    response in
                    try Data(buffer: response.body).write(to: URL(fileURLWithPath: "\(dir)/audit.\(format)"))
                }
            }
            let output = try compareSpreadsheets(dir + "/audit.xlsx", dir + "/audit.csv")
            #expect(output.hasPrefix("same\n") && output.contains("625 dates"), "\(output)")
            try await client.execute(uri: "/audit?limit=abc", method: .get, headers: [.cookie: cookie]) { response in
                #expect(response.status == .badRequest && String(buffer: response.body).contains("limit 应为"))
            }
            let b1: String = try await client.execute(
                uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "name=admin-B1&password=\(password)")
            ) {
                String((($0.headers[.setCookie]) ?? "").split(separator: ";")[0])
            }
            try await client.execute(uri: "/history?direction=out&from=2026-02-30", method: .get, headers: [.cookie: b1]) { response in
                let html = String(buffer: response.body)
                #expect(
                    response.status == .unprocessableContent && html.contains("没有 2026-02-30 这一天") && html.contains("2026-02-30\" size"),
                    "said over an empty table, the form as typed")
            }
            try await client.execute(uri: "/statistics?from=2026-02-30", method: .get, headers: [.cookie: b1]) { response in
                #expect(response.status == .unprocessableContent && String(buffer: response.body).contains("没有 2026-02-30 这一天"))
            }
        }
    }
}
