import Foundation
import TestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `letters backup`, `letters restore` and `serve --backup-dir`, run as an administrator would.
@Suite struct BackupCommandTests {
    let cli = CommandLineTests()

    func path(_ name: String) -> String {
        CommandLineTests.scratch.appendingPathComponent("backup-\(UUID().uuidString.prefix(8))-\(name)").path
    }

    /// A demo store at `db` (small: the commands, not the volume, are under test).
    func demoStore(_ db: String) throws {
        let made = try cli.letters(["demo-db", "--db", db, "--members", "100"])
        #expect(made.status == 0, "\(made.stderr)")
    }

    /// A new database on the test cluster, by its URL; nil when no cluster is given.
    static func postgresDatabase() throws -> String? {
        guard Requirements.postgres, let components = URLComponents(string: try Requirements.postgresURL()), let host = components.host
        else { return nil }
        let name = "cli_" + UUID().uuidString.prefix(8).lowercased()
        let createdb = Process()
        createdb.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        createdb.arguments = ["createdb", "-h", host, "-p", String(components.port ?? 5432), "-U", components.user ?? "postgres", name]
        try createdb.run()
        createdb.waitUntilExit()
        #expect(createdb.terminationStatus == 0)
        var url = components
        url.path = "/" + name
        return url.string
    }

    /// Backs `source` up, restores it into `empty`, and checks what came back; then shows that
    /// a store with data is refused.
    func roundTrip(source: String, empty: String, extension ext: String) throws {
        let file = path("backup.\(ext)")
        let backup = try cli.letters(["backup", "--db", source, "--out", file])
        #expect(backup.status == 0, "\(backup.stderr)")
        #expect(backup.stdout.contains("核验通过"), "\(backup.stdout)")
        #expect(FileManager.default.fileExists(atPath: file) && !FileManager.default.fileExists(atPath: file + ".partial"))

        let again = try cli.letters(["backup", "--db", source, "--out", file])
        #expect(again.status == 1 && again.stderr.contains("已存在"), "\(again.stderr)")

        let restore = try cli.letters(["restore", file, "--db", empty])
        #expect(restore.status == 0, "\(restore.stderr)")
        for check in [["transfer", "check"], ["archive", "check"]] {
            let outcome = try cli.letters(check + ["--db", empty])
            #expect(outcome.status == 0, "\(check): \(outcome.stderr)")
        }
        let listed = try cli.letters(["transfer", "list", "--db", empty])
        let original = try cli.letters(["transfer", "list", "--db", source])
        #expect(listed.status == 0 && listed.stdout == original.stdout && !listed.stdout.hasPrefix("共 0 件"))

        let refused = try cli.letters(["restore", file, "--db", empty])
        #expect(refused.status == 1 && refused.stderr.contains("只能恢复到空库"), "\(refused.stderr)")
    }

    @Test("letters backup writes a checked backup that letters restore puts into an empty SQLite store, and a store with data is refused")
    func backupAndRestoreOnSQLite() throws {
        let source = path("source.sqlite")
        try demoStore(source)
        try roundTrip(source: "sqlite:" + source, empty: "sqlite:" + path("restored.sqlite"), extension: "sqlite")
    }

    @Test(
        "letters backup and restore do the same on PostgreSQL with pg_dump and pg_restore",
        .enabled(if: Requirements.postgres, Comment(rawValue: Requirements.postgresReason)))
    func backupAndRestoreOnPostgres() throws {
        let source = try #require(try Self.postgresDatabase())
        try demoStore(source)
        try roundTrip(source: source, empty: try #require(try Self.postgresDatabase()), extension: "pgdump")
    }

    @Test("a backup killed with SIGKILL while it is being written or checked leaves nothing that looks complete")
    func killedBackupLeavesOnlyAPartial() throws {
        let source = path("killed-source.sqlite")
        try demoStore(source)
        let file = path("killed.sqlite")
        let backup = Process()
        backup.executableURL = CommandLineTests.executable
        backup.arguments = ["backup", "--db", "sqlite:" + source, "--out", file]
        backup.currentDirectoryURL = CommandLineTests.root
        backup.standardOutput = FileHandle.nullDevice
        backup.standardError = FileHandle.nullDevice
        try backup.run()
        // Killed the moment the partial file exists: mid-copy or mid-check.
        while backup.isRunning && !FileManager.default.fileExists(atPath: file + ".partial") { usleep(1_000) }
        kill(backup.processIdentifier, SIGKILL)
        backup.waitUntilExit()
        if backup.terminationReason == .uncaughtSignal {
            #expect(!FileManager.default.fileExists(atPath: file), "only a checked backup gets the final name")
            let restored = try cli.letters(["restore", file + ".partial", "--db", path("from-partial.sqlite")])
            #expect(restored.status == 1 && restored.stderr.contains(".partial"), "\(restored.stderr)")
            // The next backup to the same name starts afresh and completes.
            let again = try cli.letters(["backup", "--db", "sqlite:" + source, "--out", file])
            #expect(again.status == 0, "\(again.stderr)")
            let left = try FileManager.default.contentsOfDirectory(atPath: CommandLineTests.scratch.path)
                .filter { $0.hasPrefix((file as NSString).lastPathComponent + ".") }
            #expect(left.isEmpty, "\(left)")
        } else {
            // It finished first: then the file is whole and checked.
            #expect(backup.terminationStatus == 0 && !FileManager.default.fileExists(atPath: file + ".partial"))
            let restored = try cli.letters(["restore", file, "--db", path("from-finished.sqlite")])
            #expect(restored.status == 0, "\(restored.stderr)")
        }
    }

    @Test("restoring a file that is no backup names both formats it looked for and writes nothing")
    func restoringSomethingElseIsRefused() throws {
        let letter = try cli.file("not-a-backup.json", Data(#"{"number": "1"}"#.utf8))
        let target = path("never.sqlite")
        let outcome = try cli.letters(["restore", letter, "--db", target])
        #expect(outcome.status == 1 && outcome.stderr.contains("SQLite") && outcome.stderr.contains("PGDMP"), "\(outcome.stderr)")
        #expect(!FileManager.default.fileExists(atPath: target))
    }

    @Test("serve --backup-dir makes a checked backup at start when the directory has none, and counts it on /metrics")
    func serverBacksUpAtStartAndCountsIt() async throws {
        let db = path("served.sqlite")
        try demoStore(db)
        let dir = path("backups")
        let port = Int.random(in: 20_000...40_000)
        let server = Process()
        server.executableURL = CommandLineTests.executable
        server.arguments = [
            "serve", "--db", "sqlite:" + db, "--port", String(port),
            "--backup-dir", dir, "--backup-every", "24", "--backup-keep", "2",
        ]
        server.currentDirectoryURL = CommandLineTests.root
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer {
            server.terminate()
            server.waitUntilExit()
        }
        // Ready when /metrics counts the backup; the file is under its final name by then.
        var metrics = ""
        let deadline = Date().addingTimeInterval(120)
        while !metrics.contains(#"letters_backups_total{outcome="ok"} 1"#) && Date() < deadline && server.isRunning {
            if let (data, _) = try? await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/metrics")!) {
                metrics = String(decoding: data, as: UTF8.self)
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        #expect(metrics.contains(#"letters_backups_total{outcome="ok"} 1"#), "\(metrics)")
        #expect(metrics.contains(#"letters_backups_total{outcome="failed"} 0"#))
        #expect(!metrics.contains("letters_backup_last_success_timestamp_seconds 0\n"))
        let names = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasPrefix("letters-") }
        #expect(names.count == 1 && names.allSatisfy { $0.hasSuffix(".sqlite") }, "\(names)")

        let restored = try cli.letters(["restore", dir + "/" + names[0], "--db", path("from-server.sqlite")])
        #expect(restored.status == 0, "\(restored.stderr)")
    }

    @Test("serve refuses --backup-every without --backup-dir, naming the options")
    func backupOptionsNeedADirectory() throws {
        let outcome = try cli.letters(["serve", "--db", "sqlite:" + path("unused.sqlite"), "--backup-every", "24"])
        #expect(outcome.status == 1 && outcome.stderr.contains("--backup-dir"), "\(outcome.stderr)")
    }
}
