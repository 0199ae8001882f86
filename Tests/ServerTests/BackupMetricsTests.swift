import Foundation
import Hummingbird
import HummingbirdTesting
import Server
import TestSupport
import Testing
import Workflow

/// The server's periodic backups as the operator and the auditor see them: counted on
/// `/metrics`, and in the audit log.
@Suite(.scratch) struct BackupMetricsTests {
    @Test("a scheduled backup is counted on /metrics with its time and appears in the auditor's log as the system's")
    func scheduledBackupIsCountedAndAudited() async throws {
        let f = try await ServerFixture.make()
        let dir = NSTemporaryDirectory() + "server-backups-\(UUID().uuidString)"
        let path = NSTemporaryDirectory() + "server-backed-up-\(UUID().uuidString).sqlite"
        let store = try await scratchStore("server-backed-up", path: path)
        let schedule = try BackupSchedule(
            location: .sqlite(path: path), directory: dir, everyHours: 24, keep: 3, printer: printer,
            audit: { try await f.accounts.audit($0) })
        #expect(await schedule.runOnce())
        let router = LettersServer.router(workflow: f.workflow, accounts: f.accounts, backups: schedule)
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/metrics", method: .get) { response in
                let text = String(buffer: response.body)
                #expect(text.contains(#"letters_backups_total{outcome="ok"} 1"#) && text.contains(#"letters_backups_total{outcome="failed"} 0"#), "\(text)")
                let stamp = Int(schedule.status.lastSuccess?.timeIntervalSince1970 ?? 0)
                #expect(stamp > 0 && text.contains("letters_backup_last_success_timestamp_seconds \(stamp)\n"))
                #expect(text.contains("http_server_request_duration"))
            }
            let auditor = try await client.token("auditor")
            try await client.execute(uri: "/api/audit?action=backup", method: .get, headers: bearer(auditor)) { response in
                #expect(response.status == .ok)
                let text = String(buffer: response.body)
                #expect(text.contains(BackupSchedule.account) && text.contains("letters-") && text.contains(#""outcome":"ok""#), "\(text)")
            }
        }
    }

    @Test("a server without backups says nothing about them on /metrics")
    func noScheduleNoBackupMetrics() async throws {
        let f = try await ServerFixture.make()
        try await Application(router: f.router).test(.router) { client in
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(!String(buffer: response.body).contains("letters_backup"))
            }
        }
    }
}
