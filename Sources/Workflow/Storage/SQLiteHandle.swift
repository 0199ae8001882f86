import CSQLite

/// One connection to an SQLite database, called directly on the thread of whoever holds it.
///
/// Why our own and not SQLiteNIO (the mirror's SQLite driver): SQLiteNIO runs each statement as
/// a job on NIO's thread pool and hands its rows back through an event loop and then the
/// cooperative pool — three hand-offs between threads per statement, made while the store's one
/// writer holds its lock. On the full-transfer bench (2026-12-01, BENCHMARKS.md) write
/// transactions held the lock 1.3–1.6 ms each, 83–89 % of the run, with a third of the two
/// cores idle; and it prepared every statement anew (SQLite's parser was 6.6 % of that run).
/// Here a transaction's whole body runs on the connection's own thread (``SQLiteThread``), each
/// statement is a plain call, and prepared statements are kept. GRDB, the mirror's other SQLite
/// library, runs only synchronous closures; the repositories' bodies are async, shared with
/// PostgreSQL.
///
/// Not thread-safe: the store's locks give a handle one user at a time.
final class SQLiteHandle: @unchecked Sendable {
    private var db: OpaquePointer?
    private var statements: [String: OpaquePointer] = [:]
    let path: String

    /// Prepared statements kept per connection; past this many (statements whose text varies,
    /// such as `IN` lists) all are finalized and the cache starts again.
    static let keptStatements = 256

    /// Opens (creating if needed) the database at `path`; a statement that finds the database
    /// locked by another connection waits up to `busyTimeoutMilliseconds` for it.
    init(path: String, busyTimeoutMilliseconds: Int32) throws(WorkflowError) {
        self.path = path
        var db: OpaquePointer?
        // FULLMUTEX although the store's locks give a connection one user: SQLite's own calls on
        // a connection that escaped its body are then serialized (this type's statement cache
        // is not: a body must not use its connection from tasks it starts).
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX | SQLITE_OPEN_EXRESCODE
        let status = sqlite3_open_v2(path, &db, flags, nil)
        guard status == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(status))
            sqlite3_close_v2(db)
            throw WorkflowError(.storage, "无法打开 SQLite 数据库 \(path)：\(message)")
        }
        self.db = db
        sqlite3_busy_timeout(db, busyTimeoutMilliseconds)
    }

    deinit { close() }

    /// Whether ``close()`` was called.
    var isClosed: Bool { db == nil }

    /// Runs one statement with `binds` for its `?` placeholders and returns its rows.
    func run(_ sql: String, _ binds: [SQLValue]) throws(WorkflowError) -> [SQLRow] {
        guard let db else { throw WorkflowError(.storage, "SQLite 连接已关闭：\(path)") }
        guard let statement = try prepared(sql, db) else { return [] }
        defer {
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
        }
        for (i, value) in binds.enumerated() {
            let status = bind(value, at: Int32(i + 1), in: statement)
            guard status == SQLITE_OK else { throw failure(sql, status, db) }
        }
        var rows: [SQLRow] = []
        var names: [String] = []
        while true {
            let status = sqlite3_step(statement)
            if status == SQLITE_DONE { return rows }
            guard status == SQLITE_ROW else { throw failure(sql, status, db) }
            let count = sqlite3_column_count(statement)
            if names.isEmpty { names = (0..<count).map { String(cString: sqlite3_column_name(statement, $0)) } }
            var values: [String: SQLValue] = Dictionary(minimumCapacity: Int(count))
            for column in 0..<count { values[names[Int(column)]] = value(of: statement, column) }
            rows.append(SQLRow(values))
        }
    }

    /// Finalizes the kept statements and closes the connection.
    func close() {
        for statement in statements.values { sqlite3_finalize(statement) }
        statements = [:]
        if let db { sqlite3_close_v2(db) }
        db = nil
    }

    private func prepared(_ sql: String, _ db: OpaquePointer) throws(WorkflowError) -> OpaquePointer? {
        if let kept = statements[sql] { return kept }
        var statement: OpaquePointer?
        var rest = ""
        let status = sql.withCString { text in
            var tail: UnsafePointer<CChar>?
            let status = sqlite3_prepare_v3(db, text, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, &tail)
            if let tail { rest = String(cString: tail) }
            return status
        }
        guard status == SQLITE_OK else { throw failure(sql, status, db) }
        // A second statement in the same text would be silently skipped: refuse it instead.
        if rest.contains(where: { !$0.isWhitespace && $0 != ";" }) {
            sqlite3_finalize(statement)
            throw WorkflowError(.storage, "SQLite 语句中有第二条语句（每次只能执行一条）：\(sql.prefix(60))")
        }
        guard let statement else { return nil }
        if statements.count >= Self.keptStatements {
            for kept in statements.values { sqlite3_finalize(kept) }
            statements = [:]
        }
        statements[sql] = statement
        return statement
    }

    private func bind(_ value: SQLValue, at index: Int32, in statement: OpaquePointer) -> Int32 {
        switch value {
        case .int(let i):
            return sqlite3_bind_int64(statement, index, i)
        case .null:
            return sqlite3_bind_null(statement, index)
        case .text(var s):
            // A nil pointer would bind NULL, so the empty string gets a real (empty) one.
            return s.withUTF8 { utf8 in
                guard let base = utf8.baseAddress else { return letters_sqlite3_bind_text_copy(statement, index, "", 0) }
                return base.withMemoryRebound(to: CChar.self, capacity: utf8.count) {
                    letters_sqlite3_bind_text_copy(statement, index, $0, UInt64(utf8.count))
                }
            }
        case .blob(let bytes):
            guard !bytes.isEmpty else { return sqlite3_bind_zeroblob(statement, index, 0) }
            return bytes.withUnsafeBytes { letters_sqlite3_bind_blob_copy(statement, index, $0.baseAddress, UInt64($0.count)) }
        }
    }

    private func value(of statement: OpaquePointer, _ column: Int32) -> SQLValue {
        switch sqlite3_column_type(statement, column) {
        case SQLITE_INTEGER:
            return .int(sqlite3_column_int64(statement, column))
        case SQLITE_FLOAT:
            // The schema has no real columns; a float is an aggregate's (AVG), read as its
            // whole part as the previous driver did.
            let d = sqlite3_column_double(statement, column)
            return d.isFinite && abs(d) < 9.2e18 ? .int(Int64(d)) : .null
        case SQLITE_TEXT:
            let count = Int(sqlite3_column_bytes(statement, column))
            guard let text = sqlite3_column_text(statement, column) else { return .text("") }
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(statement, column))
            guard count > 0, let bytes = sqlite3_column_blob(statement, column) else { return .blob([]) }
            return .blob([UInt8](UnsafeRawBufferPointer(start: bytes, count: count)))
        default:
            return .null
        }
    }

    /// The rule of the error for a database another connection kept locked past the busy timeout.
    static let busyRule = "busy"

    private func failure(_ sql: String, _ status: Int32, _ db: OpaquePointer) -> WorkflowError {
        let message = String(cString: sqlite3_errmsg(db))
        if status & 0xff == SQLITE_BUSY {
            return WorkflowError(.storage, rule: Self.busyRule, "SQLite 数据库 \(path) 被另一进程占用，等待超时；请稍后重试（\(message)）")
        }
        return WorkflowError(.storage, "SQLite 语句失败：\(sql.prefix(60))：\(message)")
    }
}
