import Foundation
import Hummingbird
import HummingbirdTesting
import Server
import TestSupport
import Testing
import Workflow

/// Archive exports through the server: streamed as a ZIP that verifies, for the caller's
/// subtree only.
@Suite(.scratch) struct ArchiveExportTests {
    @Test func anAdministratorDownloadsItsArchiveAndItVerifiesOffline() async throws {
        let f = try await ServerFixture.make()
        let t = try await f.workflow.applyOut(
            member: "m1", direction: .inProvince(destination: "B3"),
            application: .init(duesPaidUpTo: Transfer.Application.thisMonth(Date())), by: .organization("B1"))
        _ = try await f.workflow.perform(.approve, on: t.id, by: .organization("Z1"))
        try await Application(router: f.router).test(.router) { client in
            let z1 = try await client.token("admin-Z1")
            let auditor = try await client.token("auditor")
            for (token, org) in [(z1, "Z1"), (auditor, "P")] {
                try await client.execute(uri: "/api/archive/export?org=\(org)", method: .get, headers: bearer(token)) { response in
                    #expect(response.status == .ok && response.headers[.contentType] == "application/zip")
                    #expect((response.headers[.contentDisposition] ?? "").contains("filename*=UTF-8''"))
                    let path = NSTemporaryDirectory() + "server-export-\(UUID().uuidString).zip"
                    try Data(buffer: response.body).write(to: URL(fileURLWithPath: path))
                    let report = try ArchiveVerifier.verify(path: path)
                    #expect(report.isIntact && report.checked >= 2, "\(report)")
                }
            }
            try await client.execute(uri: "/api/archive/export?org=QF", method: .get, headers: bearer(z1)) { response in
                #expect(response.status == .notFound && decode(response.body)["field"] as? String == "org")
            }
            // The key an inspector checks the export's signature with, from the system and not from the ZIP.
            let stored = try await f.workflow.exportSigningKey().publicKey
            try await client.execute(uri: "/api/archive/key", method: .get, headers: bearer(auditor)) { response in
                let key = decode(response.body)
                #expect(response.status == .ok && key["algorithm"] as? String == "Ed25519" && key["publicKey"] as? String == stored)
            }
            // The 存档导出 form sends its empty boxes; a day not on the calendar is refused, not moved to March.
            try await client.execute(uri: "/api/archive/export?from=&until=&status=", method: .get, headers: bearer(z1)) { response in
                #expect(response.status == .ok && response.headers[.contentType] == "application/zip")
            }
            try await client.execute(uri: "/api/archive/export?from=2026-02-31", method: .get, headers: bearer(z1)) { response in
                #expect(response.status == .unprocessableContent && decode(response.body)["field"] as? String == "from")
            }
            try await client.execute(uri: "/api/audit", method: .get, headers: bearer(auditor)) { response in
                #expect(String(buffer: response.body).contains("export-archive"))
            }
        }
    }
}
