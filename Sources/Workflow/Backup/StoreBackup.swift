import Foundation

/// Backs a store up and restores it, checking every backup the way the store itself is
/// checked: restored into a scratch store (a temporary file, or a scratch PostgreSQL database
/// dropped afterwards) on which `transfer check` and `archive check` must pass. A backup is
/// written as `FILE.partial`, flushed, checked, and only then renamed to `FILE`: a file under
/// its final name is always complete and checked.
public struct StoreBackup: Sendable {
    /// The store backed up, or restored into.
    public let location: StoreLocation
    let printer: LetterPrinter

    /// Backups of, or restores into, the store at `location`; `printer` makes the services the
    /// checks run on (they read letters, never render them).
    public init(location: StoreLocation, printer: LetterPrinter) {
        self.location = location
        self.printer = printer
    }

    // MARK: Backing up

    /// Writes a consistent copy of the store to `file` and checks it; a running server may keep
    /// writing meanwhile. Nothing is left under `file` unless the copy passed the checks, and
    /// an existing `file` is never overwritten.
    @discardableResult
    public func backUp(to file: String) async throws -> BackupReport {
        guard !FileManager.default.fileExists(atPath: file) else {
            throw WorkflowError(.invalid, "备份文件 \(file) 已存在：备份从不覆盖已有文件，请换一个文件名")
        }
        let partial = DurableFile.partial(file)
        // Left by a backup that was killed: never complete, so never worth keeping (nor the
        // rollback journal `VACUUM INTO` keeps beside it while it writes).
        DurableFile.removeDatabase(partial)
        do {
            switch location {
            case .sqlite(let path): try await SQLiteStore.snapshot(databaseAt: path, into: partial)
            case .postgres(let url): try await PostgresTools.locate().dump(url: url, to: partial)
            }
            try DurableFile.sync(partial)
            var report = try await Self.check(backup: partial, format: BackupFormat(for: location), serverURL: location, printer: printer)
            try DurableFile.publish(partial, as: file)
            report.file = file
            return report
        } catch {
            DurableFile.removeDatabase(partial)
            throw error
        }
    }

    /// Restores `backup` into a scratch store and runs the checks there. The scratch store is
    /// an SQLite file in `scratchDirectory` (beside the backup unless given: on the same disk,
    /// not in a /tmp that may be small), or a database `letters_verify_…` on the server of
    /// `serverURL` (its user needs CREATEDB); either is removed afterwards whatever happened.
    public static func check(
        backup: String, format: BackupFormat, serverURL: StoreLocation, printer: LetterPrinter,
        scratchDirectory: String? = nil
    ) async throws -> BackupReport {
        let scratchName = "letters_verify_" + UUID().uuidString.lowercased().filter { $0 != "-" }.prefix(16)
        switch (format, serverURL) {
        case (.sqlite, _):
            let scratch = (scratchDirectory ?? DurableFile.directory(of: backup)) + "/.\(scratchName).sqlite"
            defer { DurableFile.removeDatabase(scratch) }
            try DurableFile.copy(backup, to: scratch)
            return try await checks(of: .sqlite(path: scratch), backup: backup, format: format, printer: printer)
        case (.postgres, .postgres(let url)):
            let scratch: String
            do {
                scratch = try await PostgresStore.createDatabase(url: url, name: String(scratchName))
            } catch {
                throw WorkflowError(.storage, "无法建临时库 \(scratchName) 来核验备份：数据库用户需要 CREATEDB 权限", cause: error)
            }
            // A scratch database left behind costs disk, not correctness: never fail a checked backup for it.
            do {
                try await PostgresTools.locate().restore(file: backup, into: scratch, clean: false)
                let report = try await checks(of: .postgres(url: scratch), backup: backup, format: format, printer: printer)
                try? await PostgresStore.dropDatabase(url: url, name: String(scratchName))
                return report
            } catch {
                try? await PostgresStore.dropDatabase(url: url, name: String(scratchName))
                throw error
            }
        case (.postgres, .sqlite):
            throw WorkflowError(.invalid, "核验 PostgreSQL 备份需要一个 PostgreSQL 服务器（postgres://…）来建临时库")
        }
    }

    /// Opens the restored store (migrations bring an older backup up to date) and runs what
    /// `letters transfer check` and `letters archive check` run.
    static func checks(of scratch: StoreLocation, backup: String, format: BackupFormat, printer: LetterPrinter) async throws -> BackupReport {
        let store = try await openWorkflowStore(scratch.location)
        do {
            let problems = try await WorkflowService(store: store, printer: printer).checkIntegrity()
            guard problems.isEmpty else {
                throw WorkflowError(.storage, "备份核验未通过：转接检查发现 \(problems.count) 处问题，第一处：\(problems[0])")
            }
            let archive = try await ArchiveChain.check(store)
            if let problem = archive.firstBreak {
                throw WorkflowError(.storage, "备份核验未通过：存档哈希链在第 \(archive.breakSeq ?? 0) 条处断开：\(problem)")
            }
            let contents = try await StoreContents.read(store)
            try await store.close()
            return BackupReport(file: backup, format: format, bytes: DurableFile.size(backup), contents: contents, archiveEntries: archive.entries)
        } catch {
            try? await store.close()
            throw error
        }
    }

    // MARK: Restoring

    /// Restores `backup` into the store, which must be empty: an SQLite file that does not exist
    /// yet (or has no bytes), or a PostgreSQL database with no data in any table (a database just
    /// made with `createdb`, or one a server has only created the tables in). The restored store
    /// is checked like a backup. `restoredBy` names who restored, for the audit log.
    @discardableResult
    public func restore(from backup: String, restoredBy: String) async throws -> BackupReport {
        guard !backup.hasSuffix(".partial") else {
            throw WorkflowError(.invalid, "\(backup) 是未完成的备份（.partial：写入或核验时被中断，或未通过核验），不能用来恢复")
        }
        let format = try BackupFormat.of(fileAt: backup)
        guard format == BackupFormat(for: location) else {
            throw WorkflowError(
                .invalid,
                "\(backup) 是 \(format.label)，只能恢复到 \(format == .sqlite ? "SQLite 库（--db sqlite:PATH）" : "PostgreSQL 库（--db postgres://…）")，而 --db 是 \(location)"
            )
        }
        let report: BackupReport
        switch location {
        case .sqlite(let path):
            try await Self.requireEmpty(sqliteFile: path)
            // The target's directory is writable (the restore writes there); the backup's may not be.
            report = try await Self.check(
                backup: backup, format: format, serverURL: location, printer: printer,
                scratchDirectory: DurableFile.directory(of: path))
            let partial = DurableFile.partial(path)
            try? FileManager.default.removeItem(atPath: partial)
            do {
                try DurableFile.copy(backup, to: partial)
                try DurableFile.publish(partial, as: path)
            } catch {
                try? FileManager.default.removeItem(atPath: partial)
                throw error
            }
        case .postgres(let url):
            let existing = try await Self.contents(ofDatabase: url)
            guard existing.isEmpty else {
                throw WorkflowError(.notAllowed, "目标库 \(location) 已有数据（\(existing.summary)）：只能恢复到空库，不会覆盖已有数据。请新建一个空库（createdb）再恢复")
            }
            try await PostgresTools.locate().restore(file: backup, into: url, clean: existing.hasTables)
            do {
                report = try await Self.checks(of: location, backup: backup, format: format, printer: printer)
            } catch let error as WorkflowError {
                throw WorkflowError(error.code, "已恢复到 \(location)，但\(error.description)")
            }
        }
        let store = try await openWorkflowStore(location.location)
        do {
            try await Self.audit(
                AuditEntry(
                    at: Date(), account: restoredBy, address: "local", action: "restore",
                    target: (backup as NSString).lastPathComponent, outcome: "ok"), in: store)
            try await store.close()
        } catch {
            try? await store.close()
            throw error
        }
        return report
    }

    /// Refuses an SQLite target that exists with any bytes, saying what it holds when it is a database.
    static func requireEmpty(sqliteFile path: String) async throws {
        let rule = "恢复只写入不存在或为空的文件，从不覆盖已有的库"
        if DurableFile.size(path) > 0 {
            if (try? BackupFormat.of(fileAt: path)) == .sqlite, let contents = try? await SQLiteStore.contents(ofFileAt: path) {
                if !contents.isEmpty {
                    throw WorkflowError(.notAllowed, "目标库 \(path) 已有数据（\(contents.summary)）：只能恢复到空库。\(rule)")
                }
                throw WorkflowError(.notAllowed, "目标库 \(path) 已存在（库中没有数据）：\(rule)；请停止使用它的服务，删除该文件（及其 -wal、-shm）再恢复")
            }
            throw WorkflowError(.notAllowed, "目标文件 \(path) 已存在且不为空：\(rule)")
        }
        if DurableFile.size(path + "-wal") > 0 {
            throw WorkflowError(.notAllowed, "\(path)-wal 存在且不为空：那是某个库未写完的日志。\(rule)；请确认无服务在用它后，删除 \(path)、\(path)-wal、\(path)-shm 再恢复")
        }
    }

    /// What PostgreSQL database `url` holds, read without running migrations.
    static func contents(ofDatabase url: String) async throws -> StoreContents {
        let store = try await PostgresStore(url: url)
        do {
            let contents = try await StoreContents.read(store)
            try await store.close()
            return contents
        } catch {
            try? await store.close()
            throw error
        }
    }

    /// Appends `entry` to the audit log of `store` (for a backup made from the command line,
    /// which has no account service).
    public static func audit(_ entry: AuditEntry, in store: any WorkflowStore) async throws {
        try await AuditWriter.shared(for: store).append(entry)
    }
}
