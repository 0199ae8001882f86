import Foundation
import NIOConcurrencyHelpers
import NIOPosix
import SQLiteNIO

/// The embedded default store: one SQLite file in WAL mode; one writing connection, its
/// transactions serialized by an async lock (SQLite has a single writer anyway), and two reading
/// connections, which WAL lets read while a write is in progress: the session lookups and
/// version checks every request makes do not queue behind the audit log's commits.
public final class SQLiteStore: WorkflowStore, @unchecked Sendable {
    /// SQLite.
    public let dialect = SQLDialect.sqlite
    private let connection: SQLiteConnection
    private let lock = AsyncLock()
    private let path: String
    private let readers: [(connection: SQLiteConnection, lock: AsyncLock)]
    private let nextReader = NIOLockedValueBox(0)

    /// Reading connections beside the writer (none for an in-memory database, which is one
    /// connection's own).
    static let readerCount = 2

    /// Opens (creating if needed) the database file at `path`.
    public init(path: String) async throws {
        self.path = path
        do {
            connection = try await SQLiteConnection.open(storage: .file(path: path))
        } catch {
            throw WorkflowError(.storage, "无法打开 SQLite 数据库 \(path)", cause: error)
        }
        _ = try await Connection(sqlite: connection).run("PRAGMA journal_mode=WAL", [])
        _ = try await Connection(sqlite: connection).run("PRAGMA synchronous=NORMAL", [])
        _ = try await Connection(sqlite: connection).run("PRAGMA foreign_keys=ON", [])
        var readers: [(SQLiteConnection, AsyncLock)] = []
        if path != ":memory:" && !path.isEmpty {
            for _ in 0..<Self.readerCount {
                let reader = try await SQLiteConnection.open(storage: .file(path: path))
                // A reader waits for a checkpoint or schema change rather than failing at once.
                _ = try await Connection(sqlite: reader).run("PRAGMA busy_timeout=5000", [])
                readers.append((reader, AsyncLock()))
            }
        }
        self.readers = readers
    }

    /// Runs `body` in `BEGIN IMMEDIATE … COMMIT`, rolling back when it throws.
    public func transaction<T: Sendable>(_ body: @Sendable (any StoreConnection) async throws -> T) async throws -> T {
        let asked = StoreMetrics.now
        await lock.lock()
        let started = StoreMetrics.now
        let c = Connection(sqlite: connection)
        do {
            _ = try await c.run("BEGIN IMMEDIATE", [])
            let value = try await body(c)
            _ = try await c.run("COMMIT", [])
            await lock.unlock()
            StoreMetrics.transaction("sqlite", asked: asked, started: started)
            return value
        } catch {
            _ = try? await c.run("ROLLBACK", [])
            await lock.unlock()
            throw error
        }
    }

    /// Runs reads without `BEGIN IMMEDIATE` (which would take the write lock): each statement
    /// sees a consistent snapshot, and the lock keeps them off a transaction in progress.
    public func read<T: Sendable>(_ body: @Sendable (any StoreConnection) async throws -> T) async throws -> T {
        let (reader, readerLock) =
            readers.isEmpty
            ? (connection, lock)
            : readers[
                nextReader.withLockedValue { n in
                    defer { n = (n + 1) % readers.count }
                    return n
                }]
        await readerLock.lock()
        do {
            let value = try await body(Connection(sqlite: reader))
            await readerLock.unlock()
            return value
        } catch {
            await readerLock.unlock()
            throw error
        }
    }

    /// Holds an exclusive `flock` on `PATH.lock` (another process waits for it) while `body` runs.
    /// An in-memory database is this process's alone and needs none.
    public func exclusively<T: Sendable>(_ key: StoreLock, _ body: @Sendable () async throws -> T) async throws -> T {
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

    /// Closes the connection.
    public func close() async throws {
        for reader in readers { try await reader.connection.close() }
        try await connection.close()
    }

    struct Connection: StoreConnection {
        let sqlite: SQLiteConnection

        func run(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow] {
            let rows = NIOLockedValueBox<[SQLRow]>([])
            let data: [SQLiteData] = binds.map {
                switch $0 {
                case .int(let i): .integer(Int(i))
                case .text(let s): .text(s)
                case .blob(let b): .blob(ByteBuffer(bytes: b))
                case .null: .null
                }
            }
            do {
                try await sqlite.query(sql, data) { row in
                    var values: [String: SQLValue] = [:]
                    for column in row.columns {
                        values[column.name] =
                            switch column.data {
                            case .integer(let i): .int(Int64(i))
                            case .float(let d): .int(Int64(d))
                            case .text(let s): .text(s)
                            case .blob(var b): .blob(b.readBytes(length: b.readableBytes) ?? [])
                            case .null: .null
                            }
                    }
                    rows.withLockedValue { $0.append(SQLRow(values)) }
                }
            } catch {
                throw WorkflowError(.storage, "SQLite 语句失败：\(sql.prefix(60))", cause: error)
            }
            return rows.withLockedValue { $0 }
        }
    }
}
