import Foundation
import Logging
import NIOConcurrencyHelpers
import ServiceLifecycle

/// Periodic backups from a running server (`serve --backup-dir DIR --backup-every HOURS
/// --backup-keep N`): each one checked like any backup (`StoreBackup`), named
/// `letters-YYYYMMDDTHHMMSSZ.sqlite|pgdump` in UTC (names sort by time), the newest N kept.
/// The first one is due HOURS after the newest backup already in the directory — at start when
/// there is none, or it is older — so restarts neither skip nor multiply backups.
public final class BackupSchedule: Service {
    /// What the schedule has done since the server started, for `/metrics`.
    public struct Status: Sendable, Equatable {
        /// Backups written and checked.
        public var succeeded = 0
        /// Backups that failed (or failed their checks) and were not kept.
        public var failed = 0
        /// When the newest complete backup was made (from the directory at start).
        public var lastSuccess: Date?
    }

    /// Where backups go.
    public let directory: String
    /// Time between backups.
    public let interval: TimeInterval
    /// Complete backups kept; older ones are deleted once a newer one passed its checks.
    public let keep: Int
    let backup: StoreBackup
    let clock: any WorkflowClock
    let logger: Logger
    let audit: @Sendable (AuditEntry) async throws -> Void
    private let state: NIOLockedValueBox<Status>

    /// The name prefix of backups the schedule owns; nothing else in the directory is touched.
    static let prefix = "letters-"

    /// A schedule for the store at `location`; checks the options and the directory (created
    /// when missing) so that a mistake stops the server at start, not at the first backup.
    public init(
        location: StoreLocation, directory: String, everyHours: Double, keep: Int, printer: LetterPrinter,
        clock: any WorkflowClock = SystemClock(), logger: Logger = Logger(label: "letters.backup"),
        audit: @escaping @Sendable (AuditEntry) async throws -> Void
    ) throws {
        guard everyHours.isFinite, everyHours > 0, everyHours <= 24 * 366 else {
            throw WorkflowError(.invalid, "--backup-every 应为大于 0 的小时数（例如 24），实为 \(everyHours)")
        }
        guard keep >= 1 else { throw WorkflowError(.invalid, "--backup-keep 应至少为 1（保留最新的几份备份），实为 \(keep)") }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw WorkflowError(.invalid, "--backup-dir：无法建立备份目录 \(directory)", cause: error)
        }
        guard FileManager.default.isWritableFile(atPath: directory) else {
            throw WorkflowError(.invalid, "--backup-dir：备份目录 \(directory) 不可写")
        }
        self.directory = directory
        interval = everyHours * 3600
        self.keep = keep
        backup = StoreBackup(location: location, printer: printer)
        self.clock = clock
        self.logger = logger
        self.audit = audit
        let format = BackupFormat(for: location)
        state = NIOLockedValueBox(Status(lastSuccess: Self.completeBackups(in: directory, format: format).last?.at))
    }

    /// What has been done so far.
    public var status: Status { state.withLockedValue { $0 } }

    /// When the next backup is due: `interval` after the newest complete one — this process's,
    /// or one another process wrote into the directory — now if there is none.
    public func nextDue() -> Date {
        let newest = [status.lastSuccess, Self.completeBackups(in: directory, format: BackupFormat(for: backup.location)).last?.at]
            .compactMap { $0 }.max()
        return newest.map { $0 + interval } ?? clock.now()
    }

    /// Runs backups when due until the server shuts down (a service of its application: a
    /// graceful shutdown cancels the wait, and a backup cut short stays a `.partial`) or the task
    /// is cancelled. After a failure it tries again after an hour at most, not at once: a store
    /// that cannot be backed up now will not be in the next second either.
    public func run() async {
        await cancelWhenGracefulShutdown { await self.runUntilCancelled() }
    }

    private func runUntilCancelled() async {
        logger.info("自动备份：目录 \(directory)，每 \(interval / 3600) 小时一次，保留 \(keep) 份；下次 \(Self.stamp(nextDue()))")
        while !Task.isCancelled {
            let wait = nextDue().timeIntervalSince(clock.now())
            if wait > 0 {
                do { try await Task.sleep(for: .seconds(wait)) } catch { return }
            }
            if await !runOnce() {
                do { try await Task.sleep(for: .seconds(min(interval, 3600))) } catch { return }
            }
        }
    }

    /// Makes one backup now: takes the directory's lock (or skips, when another process is
    /// backing up into it), removes stale `.partial` files and scratch copies, writes and checks
    /// the backup, then deletes complete backups beyond the newest `keep`. Audited (`backup`,
    /// target the file name, outcome `ok` or `failed`) and counted. Returns whether a backup was made.
    @discardableResult
    public func runOnce() async -> Bool {
        let format = BackupFormat(for: backup.location)
        let name = Self.prefix + Self.stamp(clock.now()) + "." + format.fileExtension
        let lock: DirectoryLock?
        do {
            lock = try DirectoryLock(directory)
        } catch {
            await record(name, error: error)
            return false
        }
        guard let lock else {
            logger.warning("自动备份跳过：另一个进程正在向 \(directory) 备份")
            return false
        }
        defer { withExtendedLifetime(lock) {} }
        removeStale()
        do {
            let report = try await backup.backUp(to: directory + "/" + name)
            let removed = prune(format: format)
            state.withLockedValue {
                $0.succeeded += 1
                $0.lastSuccess = clock.now()
            }
            let pruned = removed.isEmpty ? "" : "；删除较旧的 " + removed.joined(separator: "、")
            logger.info("自动备份完成：\(name)，\(report.summary)\(pruned)")
            do {
                try await audit(AuditEntry(at: clock.now(), account: Self.account, address: "local", action: "backup", target: name, outcome: "ok"))
            } catch {
                logger.error("自动备份的审计记录未能写入：\(error)")
            }
            return true
        } catch {
            await record(name, error: error)
            return false
        }
    }

    /// The account backups are logged under: not a login name (those are ASCII), so never a person.
    public static let account = "系统"

    private func record(_ name: String, error: any Error) async {
        state.withLockedValue { $0.failed += 1 }
        logger.error("自动备份失败，未保留 \(name)：\(error)")
        do {
            try await audit(AuditEntry(at: clock.now(), account: Self.account, address: "local", action: "backup", target: name, outcome: "failed"))
        } catch {
            logger.error("自动备份的审计记录未能写入：\(error)")
        }
    }

    /// Under the lock nobody else is writing here: a `.partial`, or a scratch copy of a check,
    /// is what a killed backup left.
    private func removeStale() {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        for name in names
        where (name.hasPrefix(Self.prefix) && (name.hasSuffix(".partial") || name.hasSuffix(".partial-journal"))) || name.hasPrefix(".letters_verify_") {
            try? FileManager.default.removeItem(atPath: directory + "/" + name)
        }
    }

    /// Deletes complete backups beyond the newest `keep`; returns their names.
    private func prune(format: BackupFormat) -> [String] {
        let complete = Self.completeBackups(in: directory, format: format)
        let old = complete.dropLast(keep)
        for backup in old { try? FileManager.default.removeItem(atPath: directory + "/" + backup.name) }
        return old.map(\.name)
    }

    /// The complete backups in `directory`, oldest first: files named by the schedule, never a
    /// `.partial` (which is what a backup is until it passed its checks).
    public static func completeBackups(in directory: String, format: BackupFormat) -> [(name: String, at: Date)] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.compactMap { name -> (name: String, at: Date)? in
            let suffix = "." + format.fileExtension
            guard name.hasPrefix(prefix), name.hasSuffix(suffix) else { return nil }
            return date(String(name.dropFirst(prefix.count).dropLast(suffix.count))).map { (name, $0) }
        }.sorted { $0.at < $1.at }
    }

    /// `20261130T120000Z`: UTC, sortable, no characters a file system minds.
    static func stamp(_ date: Date) -> String { formatter().string(from: date) }

    static func date(_ stamp: String) -> Date? { formatter().date(from: stamp) }

    private static func formatter() -> DateFormatter {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return f
    }
}
