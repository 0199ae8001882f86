import DemoData
import Foundation
import TestSupport
import Testing

@_spi(Storage) @testable import Workflow

/// Backups and restores: a backup is a complete, checked copy under its final name or nothing
/// there at all; a restore goes only into an empty store and gives back the same transfers and
/// letters, which pass `transfer check` and `archive check`.
@Suite(.scratch) struct BackupTests {
    /// A store of its own (its location is what backups take) with two completed transfers,
    /// receipts returned, and one awaiting acceptance.
    struct Source {
        let location: StoreLocation
        let service: WorkflowService
        var store: any WorkflowStore { service.store }
    }

    static let scratch: String = {
        let dir = NSTemporaryDirectory() + "letters-backup-tests-\(getpid())"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }()

    /// A new, empty store location: an SQLite path that does not exist yet, or a new database.
    static func emptyLocation(_ kind: StoreKind) async throws -> StoreLocation {
        switch kind {
        case .sqlite:
            return .sqlite(path: scratch + "/store-\(UUID().uuidString).sqlite")
        case .postgres:
            return .postgres(url: try await scratchPostgres("b"))
        }
    }

    static func open(_ location: StoreLocation) async throws -> any WorkflowStore {
        let store = try await openWorkflowStore(location.location)
        keepUntilSuiteEnds([store])
        return store
    }

    static func source(_ kind: StoreKind) async throws -> Source {
        let location = try await emptyLocation(kind)
        let clock = ManualClock(WorkflowFixture.start)
        let service = WorkflowService(store: try await open(location), clock: clock, printer: sharedPrinter)
        let f = WorkflowFixture(service: service, clock: clock)
        try await service.save(organizations: ExampleProvince.organizations)
        for org in ExampleProvince.organizations { try await service.uploadSeal(org: org.id, jpeg: sealJPEG, uploader: "安全员") }
        for serial in 1...2 {
            let m = try await f.member(in: "B1", serial: serial)
            let t = try await service.applyOut(
                member: m.id, direction: .inProvince(destination: "B3"),
                application: WorkflowFixture.application, by: .organization("B1"))
            _ = try await service.approve(t.id, by: .organization("Z1"))
            _ = try await service.accept(t.id, by: .organization("B3"))
            _ = try await service.confirmReporting(t.id, by: .organization("B3"))
        }
        let m = try await f.member(in: "B2", serial: 3)
        let t = try await service.applyOut(
            member: m.id, direction: .inProvince(destination: "QB"),
            application: WorkflowFixture.application, by: .organization("B2"))
        _ = try await service.approve(t.id, by: .organization("Z1"))
        return Source(location: location, service: service)
    }

    /// Every transfer (id, state, version) and every letter and receipt (number and digests).
    static func documents(_ store: any WorkflowStore) async throws -> [String] {
        try await store.read { c in
            let transfers = try await c.run("SELECT id, state, version FROM transfers ORDER BY id", [])
                .map { "\($0.string("id") ?? "") \($0.string("state") ?? "") v\($0.int("version") ?? -1)" }
            let letters = try await c.run("SELECT transfer_id, hop, number, sha256, receipt_sha256 FROM letters ORDER BY transfer_id, hop", [])
                .map {
                    "\($0.string("transfer_id") ?? "")/\($0.int("hop") ?? -1) \($0.string("number") ?? "") \($0.string("sha256") ?? "") \($0.string("receipt_sha256") ?? "-")"
                }
            return transfers + letters
        }
    }

    @Test(
        "a backup restored into an empty store holds the same transfers and letters and passes transfer check and archive check",
        arguments: StoreKind.available)
    func backupAndRestore(kind: StoreKind) async throws {
        let source = try await Self.source(kind)
        let file = Self.scratch + "/backup-\(UUID().uuidString).\(BackupFormat(for: source.location).fileExtension)"
        let report = try await StoreBackup(location: source.location, printer: sharedPrinter).backUp(to: file)
        let sourceChain = try await ArchiveChain.check(source.store)
        #expect(report.contents == (try await StoreContents.read(source.store)))
        #expect(report.contents.count("transfers") == 3 && report.archiveEntries == sourceChain.entries && sourceChain.entries > 3)
        #expect(try BackupFormat.of(fileAt: file) == BackupFormat(for: source.location))
        #expect(!FileManager.default.fileExists(atPath: file + ".partial"))

        let target = try await Self.emptyLocation(kind)
        let restored = try await StoreBackup(location: target, printer: sharedPrinter).restore(from: file, restoredBy: "测试")
        #expect(restored.contents.count("transfers") == 3)
        let store = try await Self.open(target)
        let expected = try await Self.documents(source.store)
        #expect(try await Self.documents(store) == expected)
        #expect(expected.count == 3 + report.contents.count("letters"))
        let service = WorkflowService(store: store, printer: sharedPrinter)
        #expect(try await service.checkIntegrity().isEmpty)
        let chain = try await ArchiveChain.check(store)
        #expect(chain.isIntact && chain.entries == sourceChain.entries)
        let audit = try await store.read { try await $0.run("SELECT action, target FROM audit_log ORDER BY seq DESC LIMIT 1", []) }
        #expect(audit.first?.string("action") == "restore" && audit.first?.string("target") == (file as NSString).lastPathComponent)
    }

    @Test(
        "restoring into a store that holds data is refused with the rule named, and the store is left as it was",
        arguments: StoreKind.available)
    func restoreIntoNonEmptyStoreIsRefused(kind: StoreKind) async throws {
        let source = try await Self.source(kind)
        let file = Self.scratch + "/backup-\(UUID().uuidString)"
        try await StoreBackup(location: source.location, printer: sharedPrinter).backUp(to: file)
        let before = try await Self.documents(source.store)
        let error = await #expect(throws: WorkflowError.self) {
            try await StoreBackup(location: source.location, printer: sharedPrinter).restore(from: file, restoredBy: "测试")
        }
        #expect(error?.code == .notAllowed)
        #expect(error?.message.contains("只能恢复到空库") == true && error?.message.contains("转接 3 件") == true, "\(String(describing: error))")
        #expect(try await Self.documents(source.store) == before)
    }

    @Test("an SQLite restore writes only a file that does not exist or is empty, never over a store or any other file")
    func sqliteRestoreNeedsAnAbsentOrEmptyFile() async throws {
        let source = try await Self.source(.sqlite)
        let file = Self.scratch + "/backup-\(UUID().uuidString).sqlite"
        try await StoreBackup(location: source.location, printer: sharedPrinter).backUp(to: file)

        // A store a server has opened once: no data, but in use for all the restore knows.
        let migrated = try await Self.emptyLocation(.sqlite)
        try await Self.open(migrated).close()
        let opened = await #expect(throws: WorkflowError.self) {
            try await StoreBackup(location: migrated, printer: sharedPrinter).restore(from: file, restoredBy: "测试")
        }
        #expect(opened?.message.contains("恢复只写入不存在或为空的文件") == true, "\(String(describing: opened))")

        let notes = Self.scratch + "/notes-\(UUID().uuidString).txt"
        try Data("会议记录".utf8).write(to: URL(fileURLWithPath: notes))
        await #expect(throws: WorkflowError.self) {
            try await StoreBackup(location: .sqlite(path: notes), printer: sharedPrinter).restore(from: file, restoredBy: "测试")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: notes)) == Data("会议记录".utf8))

        // An empty file is as good as none (a placeholder made with `touch`).
        let empty = Self.scratch + "/empty-\(UUID().uuidString).sqlite"
        FileManager.default.createFile(atPath: empty, contents: nil)
        try await StoreBackup(location: .sqlite(path: empty), printer: sharedPrinter).restore(from: file, restoredBy: "测试")
        #expect(try await Self.documents(try await Self.open(.sqlite(path: empty))) == (try await Self.documents(source.store)))
    }

    @Test("a file that is no backup, or a backup of the other kind, is refused before anything is touched")
    func wrongKindOfFileIsRefused() async throws {
        let text = Self.scratch + "/letter-\(UUID().uuidString).json"
        try Data("{\"number\": \"1\"}".utf8).write(to: URL(fileURLWithPath: text))
        let target = try await Self.emptyLocation(.sqlite)
        let notBackup = await #expect(throws: WorkflowError.self) {
            try await StoreBackup(location: target, printer: sharedPrinter).restore(from: text, restoredBy: "测试")
        }
        #expect(notBackup?.message.contains("PGDMP") == true && notBackup?.message.contains("SQLite") == true)

        let dump = Self.scratch + "/fake-\(UUID().uuidString).pgdump"
        try Data("PGDMP\u{1}\u{e}\u{0}".utf8).write(to: URL(fileURLWithPath: dump))
        let otherKind = await #expect(throws: WorkflowError.self) {
            try await StoreBackup(location: target, printer: sharedPrinter).restore(from: dump, restoredBy: "测试")
        }
        #expect(otherKind?.message.contains("只能恢复到 PostgreSQL 库") == true, "\(String(describing: otherKind))")
        if case .sqlite(let path) = target { #expect(!FileManager.default.fileExists(atPath: path)) }
    }

    @Test("a .partial file is never taken for a backup: not listed, not restored, and cleaned by the next scheduled backup")
    func partialFilesAreNeverBackups() async throws {
        let source = try await Self.source(.sqlite)
        let dir = Self.scratch + "/partial-\(UUID().uuidString)"
        let schedule = try Self.schedule(source, dir: dir, keep: 3).schedule
        // What a backup killed while writing leaves: the right name, a valid header, cut short.
        let stale = dir + "/letters-20170615T000000Z.sqlite.partial"
        try Data(BackupFormat.sqliteHeader + [UInt8](repeating: 0, count: 100)).write(to: URL(fileURLWithPath: stale))
        try Data(repeating: 0, count: 512).write(to: URL(fileURLWithPath: stale + "-journal"))
        #expect(BackupSchedule.completeBackups(in: dir, format: .sqlite).isEmpty)
        #expect(schedule.status.lastSuccess == nil && schedule.nextDue() <= Date())
        let refused = await #expect(throws: WorkflowError.self) {
            try await StoreBackup(location: try await Self.emptyLocation(.sqlite), printer: sharedPrinter).restore(from: stale, restoredBy: "测试")
        }
        #expect(refused?.message.contains(".partial") == true)

        #expect(await schedule.runOnce())
        let names = try FileManager.default.contentsOfDirectory(atPath: dir).filter { !$0.hasPrefix(".") }
        #expect(names.count == 1 && names[0].hasSuffix(".sqlite") && !names[0].contains("partial"), "\(names)")
    }

    @Test("a backup that fails its checks is not kept under any name, and is audited and counted as failed")
    func backupFailingItsChecksIsNotKept() async throws {
        let source = try await Self.source(.sqlite)
        // A letter altered behind the system's back: the archive check on the copy must catch it.
        try await source.store.transaction { c in
            _ = try await c.run("UPDATE letters SET pdf = ? WHERE hop = 0", [.blob(Array("%PDF-altered".utf8))])
        }
        let dir = Self.scratch + "/failing-\(UUID().uuidString)"
        let (schedule, audit) = try Self.schedule(source, dir: dir, keep: 3)
        #expect(await schedule.runOnce() == false)
        let left = try FileManager.default.contentsOfDirectory(atPath: dir).filter { !$0.hasPrefix(".letters-backup.lock") }
        #expect(left.isEmpty, "\(left)")
        #expect(schedule.status == BackupSchedule.Status(succeeded: 0, failed: 1, lastSuccess: nil))
        let entries = audit.withLock { $0 }
        #expect(entries.map(\.action) == ["backup"] && entries.map(\.outcome) == ["failed"])
        #expect(entries.first?.target.hasPrefix("letters-") == true)

        let file = Self.scratch + "/direct-\(UUID().uuidString).sqlite"
        let error = await #expect(throws: WorkflowError.self) {
            try await StoreBackup(location: source.location, printer: sharedPrinter).backUp(to: file)
        }
        #expect(error?.message.contains("备份核验未通过") == true, "\(String(describing: error))")
        #expect(!FileManager.default.fileExists(atPath: file) && !FileManager.default.fileExists(atPath: file + ".partial"))
    }

    @Test(
        "the schedule keeps the newest N checked backups, is next due one interval after the newest, and audits each one",
        arguments: StoreKind.available)
    func scheduleKeepsTheNewest(kind: StoreKind) async throws {
        let source = try await Self.source(kind)
        let ext = "." + BackupFormat(for: source.location).fileExtension
        let dir = Self.scratch + "/rotation-\(UUID().uuidString)"
        let clock = ManualClock(Date(timeIntervalSince1970: 1_800_000_000))
        let (schedule, audit) = try Self.schedule(source, dir: dir, keep: 2, clock: clock)
        var made: [String] = []
        for _ in 1...3 {
            #expect(await schedule.runOnce())
            made.append("letters-" + BackupSchedule.stamp(clock.now()) + ext)
            clock.advance(seconds: 3600)
        }
        #expect(BackupSchedule.completeBackups(in: dir, format: BackupFormat(for: source.location)).map(\.name) == Array(made.suffix(2)))
        #expect(schedule.status.succeeded == 3 && schedule.status.failed == 0)
        #expect(schedule.nextDue() == Date(timeIntervalSince1970: 1_800_000_000 + 2 * 3600 + 6 * 3600))
        #expect(audit.withLock { $0.map(\.target) } == made && audit.withLock { $0.allSatisfy { $0.outcome == "ok" } })

        // A server started later picks up where the directory says it is.
        let restarted = try Self.schedule(source, dir: dir, keep: 2, clock: clock).schedule
        #expect(restarted.status.lastSuccess == Date(timeIntervalSince1970: 1_800_000_000 + 2 * 3600))
    }

    @Test("a backup directory another process is backing up into is skipped this time, never written over")
    func busyDirectoryIsSkipped() async throws {
        let source = try await Self.source(.sqlite)
        let dir = Self.scratch + "/busy-\(UUID().uuidString)"
        let schedule = try Self.schedule(source, dir: dir, keep: 2).schedule
        let other = try #require(try DirectoryLock(dir))
        #expect(await schedule.runOnce() == false)
        #expect(BackupSchedule.completeBackups(in: dir, format: .sqlite).isEmpty)
        withExtendedLifetime(other) {}
    }

    @Test("the schedule's options are checked at start, each mistake named")
    func scheduleOptionsAreChecked() throws {
        let every = #expect(throws: WorkflowError.self) {
            try BackupSchedule(
                location: .sqlite(path: "x.sqlite"), directory: Self.scratch, everyHours: 0, keep: 3, printer: sharedPrinter,
                audit: { _ in })
        }
        #expect(every?.message.contains("--backup-every") == true)
        let keep = #expect(throws: WorkflowError.self) {
            try BackupSchedule(
                location: .sqlite(path: "x.sqlite"), directory: Self.scratch, everyHours: 24, keep: 0, printer: sharedPrinter,
                audit: { _ in })
        }
        #expect(keep?.message.contains("--backup-keep") == true)
        let dir = #expect(throws: WorkflowError.self) {
            try BackupSchedule(
                location: .sqlite(path: "x.sqlite"), directory: "/proc/letters-backups", everyHours: 24, keep: 3,
                printer: sharedPrinter, audit: { _ in })
        }
        #expect(dir?.message.contains("--backup-dir") == true)
    }

    static func schedule(_ source: Source, dir: String, keep: Int, clock: ManualClock = ManualClock(Date()))
        throws -> (schedule: BackupSchedule, audit: AuditSink)
    {
        let audit = AuditSink()
        let schedule = try BackupSchedule(
            location: source.location, directory: dir, everyHours: 6, keep: keep, printer: sharedPrinter,
            clock: clock, audit: { entry in audit.withLock { $0.append(entry) } })
        return (schedule, audit)
    }

    /// The audit entries a schedule appended.
    final class AuditSink: @unchecked Sendable {
        private let lock = NSLock()
        private var entries: [AuditEntry] = []

        func withLock<T>(_ body: (inout [AuditEntry]) -> T) -> T { lock.withLock { body(&entries) } }
    }
}
