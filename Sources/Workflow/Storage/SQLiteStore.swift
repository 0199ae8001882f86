import Foundation
import Synchronization

/// The embedded default store: one SQLite file in WAL mode; one writing connection, its
/// transactions serialized by an async lock (SQLite has a single writer anyway), and four reading
/// connections, which WAL lets read while a write is in progress: the session lookups and
/// version checks every request makes do not queue behind the audit log's commits. The writer
/// has a thread of its own, where a transaction's whole body runs (it may wait up to 30 s for
/// another process's write, which must not hold one of Swift's few threads); a read runs on the
/// thread of the task that reads, on a reading connection no one else holds meanwhile.
public final class SQLiteStore: WorkflowStore, @unchecked Sendable {
    /// SQLite.
    public let dialect = SQLDialect.sqlite
    private let writer: Slot
    private let path: String
    private let readers: [SQLiteHandle]
    private let readerPool: SlotPool
    /// Reads run again because another process held the file (`read`).
    let readRetries = Atomic<Int>(0)

    /// A connection, the thread its statements run on, and the lock that gives it one user.
    struct Slot: Sendable {
        let handle: SQLiteHandle
        let thread: SQLiteThread
        let lock = AsyncLock()

        /// Opens the file at `path` on a thread of its own.
        init(path: String, busyTimeoutMilliseconds: Int32) throws(WorkflowError) {
            handle = try SQLiteHandle(path: path, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
            thread = SQLiteThread()
        }

        /// Runs `body` on the connection's thread; the caller holds `lock` (or owns the slot).
        func run<T: Sendable>(_ body: (Connection) async throws -> T) async throws -> T {
            try await withTaskExecutorPreference(thread) { try await body(Connection(handle: handle)) }
        }

        /// Closes the connection, on its thread, and stops the thread.
        func close() async throws {
            await lock.lock()
            await withTaskExecutorPreference(thread) { handle.close() }
            await lock.unlock()
            try await thread.shutdown()
        }
    }

    /// Reading connections beside the writer (none for an in-memory database, which is one
    /// connection's own), a read taking whichever is free: under the mixed load two were the
    /// bottleneck, eight gave no more than four (BENCHMARKS.md, 2026-12-01).
    static let readerCount = 4

    /// How long the writer waits for another process's write to finish before it fails: a
    /// second server or a `letters` command on the same file.
    static let writerBusyTimeoutMilliseconds: Int32 = 30_000

    /// How long a read waits, in all, for another process's lock (a WAL recovery, a schema
    /// change) rather than failing.
    static let readerPatienceMilliseconds: Int32 = 5_000

    /// How long SQLite itself waits inside one read for such a lock: briefly, since a read runs
    /// on one of Swift's few threads; the read is then run again after a pause that does not
    /// hold the thread (`read`), until `readerPatienceMilliseconds` have passed.
    static let readerBusyTimeoutMilliseconds: Int32 = 20

    /// Opens (creating if needed) the database file at `path`.
    public init(path: String) async throws {
        self.path = path
        writer = try Slot(path: path, busyTimeoutMilliseconds: Self.writerBusyTimeoutMilliseconds)
        var readers: [SQLiteHandle] = []
        do {
            // Two connections turning a new file to WAL at once both hold a shared lock and
            // want an exclusive one: SQLite answers one of them "locked" at once, without
            // waiting (servers starting together on an empty file failed now and then).
            try await Self.exclusively(path: path) { [writer] in
                try await writer.run { c in
                    _ = try await c.run("PRAGMA journal_mode=WAL", [])
                }
            }
            try await writer.run { c in
                _ = try await c.run("PRAGMA synchronous=NORMAL", [])
                _ = try await c.run("PRAGMA foreign_keys=ON", [])
                // Debian's SQLite turns these on by default; the schema's triggers are written
                // for SQLite's own defaults (off), and `FAST` clears deleted values where that
                // costs no extra writes.
                _ = try await c.run("PRAGMA recursive_triggers=OFF", [])
                _ = try await c.run("PRAGMA secure_delete=FAST", [])
            }
            if path != ":memory:" && !path.isEmpty {
                for _ in 0..<Self.readerCount {
                    readers.append(try SQLiteHandle(path: path, busyTimeoutMilliseconds: Self.readerBusyTimeoutMilliseconds))
                }
            }
        } catch {
            for reader in readers { reader.close() }
            try? await writer.close()
            throw error
        }
        self.readers = readers
        readerPool = SlotPool(count: readers.count)
    }

    /// Runs `body` in `BEGIN IMMEDIATE … COMMIT` on the writer's thread, rolling back when it
    /// throws.
    public func transaction<T: Sendable>(_ body: @Sendable (any StoreConnection) async throws -> T) async throws -> T {
        let asked = StoreMetrics.now
        let (value, started) = try await holdingWriter { c in
            let started = StoreMetrics.now
            _ = try await c.run("BEGIN IMMEDIATE", [])
            do {
                let value = try await body(c)
                _ = try await c.run("COMMIT", [])
                return (value, started)
            } catch {
                _ = try? await c.run("ROLLBACK", [])
                throw error
            }
        }
        StoreMetrics.transaction("sqlite", asked: asked, started: started)
        return value
    }

    /// Runs reads without `BEGIN IMMEDIATE` (which would take the write lock): each statement
    /// sees a consistent snapshot. A read's body runs on the reading task's thread with a reading
    /// connection of its own; it must not use the connection from tasks it starts.
    public func read<T: Sendable>(_ body: @Sendable (any StoreConnection) async throws -> T) async throws -> T {
        let asked = StoreMetrics.now
        guard !readers.isEmpty else {
            return try await holdingWriter { c in
                StoreMetrics.read("sqlite", asked: asked)
                return try await body(c)
            }
        }
        guard let index = await readerPool.take() else { throw closed }
        StoreMetrics.read("sqlite", asked: asked)
        do {
            // On this task's thread: a read is a few direct calls into SQLite, and handing it to
            // a thread of the connection's own and back (two wake-ups) cost more than the read
            // (a third more pages under load, BENCHMARKS.md).
            let value = try await againWhileBusy { try await body(Connection(handle: readers[index])) }
            readerPool.give(index)
            return value
        } catch {
            readerPool.give(index)
            throw error
        }
    }

    /// Runs `read` again, after a pause that holds no thread, while SQLite answers that another
    /// process holds the file, until `readerPatienceMilliseconds` have passed: a read changes
    /// nothing, so running it again is safe.
    private func againWhileBusy<T>(_ read: () async throws -> T) async throws -> T {
        let started = StoreMetrics.now
        var pause: UInt64 = 5
        while true {
            do {
                return try await read()
            } catch let error as WorkflowError
                where error.rule == SQLiteHandle.busyRule && StoreMetrics.now - started < UInt64(Self.readerPatienceMilliseconds) * 1_000_000
            {
                readRetries.add(1, ordering: .relaxed)
                StoreMetrics.readRetried("sqlite")
                try await Task.sleep(nanoseconds: pause * 1_000_000)
                pause = min(pause * 2, 200)
            }
        }
    }

    /// Runs `body` on the writer's connection while holding its lock; refused once the store
    /// is closed (checked under the lock that `close` takes: nothing reaches a stopped thread).
    private func holdingWriter<T: Sendable>(_ body: (Connection) async throws -> T) async throws -> T {
        await writer.lock.lock()
        do {
            guard !writer.handle.isClosed else { throw closed }
            let value = try await writer.run(body)
            await writer.lock.unlock()
            return value
        } catch {
            await writer.lock.unlock()
            throw error
        }
    }

    /// What a read or transaction on a closed store gets.
    private var closed: WorkflowError { WorkflowError(.storage, "SQLite 数据库已关闭：\(path)") }

    /// Holds an exclusive `flock` on `PATH.lock` (another process waits for it) while `body` runs.
    /// An in-memory database is this process's alone and needs none.
    public func exclusively<T: Sendable>(_ key: StoreLock, _ body: @Sendable () async throws -> T) async throws -> T {
        try await Self.exclusively(path: path, body)
    }

    /// Runs `body` holding the lock on the file beside the database at `path`.
    private static func exclusively<T: Sendable>(path: String, _ body: @Sendable () async throws -> T) async throws -> T {
        guard path != ":memory:", !path.isEmpty else { return try await body() }
        let lockPath = path + ".lock"
        let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw WorkflowError(.storage, "无法创建锁文件 \(lockPath)：\(String(cString: strerror(errno)))") }
        defer { Glibc.close(fd) }
        // flock blocks its thread: each waiter waits on a thread of its own, never on a
        // cooperative thread nor on NIO's blocking pool, which SQLite itself needs meanwhile.
        let locked = await withCheckedContinuation { (done: CheckedContinuation<Bool, Never>) in
            Thread.detachNewThread { done.resume(returning: flock(fd, LOCK_EX) == 0) }
        }
        guard locked else { throw WorkflowError(.storage, "无法锁定 \(lockPath)") }
        defer { flock(fd, LOCK_UN) }
        return try await body()
    }

    /// Closes the connections.
    public func close() async throws {
        // Reads in progress finish first; later ones are refused. Only the first close closes.
        if await readerPool.close() {
            for reader in readers { reader.close() }
        }
        try await writer.close()
    }

    /// A connection inside a transaction or a read: each statement a direct call.
    struct Connection: StoreConnection {
        var dialect: SQLDialect { .sqlite }
        let handle: SQLiteHandle

        func run(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow] {
            try handle.run(sql, binds)
        }
    }
}
