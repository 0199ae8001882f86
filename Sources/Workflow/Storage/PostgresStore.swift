import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOSSL
import PostgresNIO
import ServiceLifecycle

/// The PostgreSQL store, by URL `postgres://user:password@host:port/database`: a pooled
/// client; each transaction runs on one pooled connection.
public final class PostgresStore: WorkflowStore, @unchecked Sendable {
    /// PostgreSQL.
    public let dialect = SQLDialect.postgres
    private let client: PostgresClient
    /// The client's run loop when the store runs it itself (the command line, the tests); nil
    /// when an application runs `service` among its own services (the server).
    private let runner: Task<Void, Never>?
    private let logger = Logger(label: "letters.postgres")
    /// The statements each pooled connection has prepared.
    private let statements = PostgresStatements()
    /// The server's host, for messages.
    private let host: String

    /// Connects to the database the URL names, running the pool's client on a task of its own
    /// until `close()`. The query may set `sslmode` (as libpq reads it: `disable`, `prefer`,
    /// `require`, `verify-ca`, `verify-full`; `sslrootcert=FILE` for the CA) and `pool`
    /// (connections per server process, 2 to 500; 20 by default).
    public convenience init(url: String) async throws {
        let (client, host) = try Self.client(url)
        self.init(client: client, host: host, runner: Task { await client.run() })
        do {
            try await ping()
        } catch {
            runner?.cancel()
            throw error
        }
    }

    /// A store whose client does not run yet: `service` is handed to the application, which
    /// starts it with its other services and shuts it down last, after the HTTP server has
    /// drained. Nothing may be read before it runs (`prepareWorkflowStore` waits for the first answer).
    public static func forService(url: String) throws -> PostgresStore {
        let (client, host) = try client(url)
        return PostgresStore(client: client, host: host, runner: nil)
    }

    private init(client: PostgresClient, host: String, runner: Task<Void, Never>?) {
        self.client = client
        self.host = host
        self.runner = runner
    }

    /// The pool's client, as a service of the application (ServiceLifecycle).
    public var service: any Service { client }

    private static func client(_ url: String) throws -> (client: PostgresClient, host: String) {
        guard let components = URLComponents(string: url), let host = components.host else {
            throw WorkflowError(.storage, "无法解析 PostgreSQL 地址（应为 postgres://用户:密码@主机:端口/库名）")
        }
        let query = Dictionary((components.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { a, _ in a })
        let database = components.path.split(separator: "/").first.map(String.init)
        var configuration = PostgresClient.Configuration(
            host: host, port: components.port ?? 5432, username: components.user ?? "postgres",
            password: components.password, database: database, tls: try Self.tls(query))
        if let text = query["pool"] {
            guard let pool = Int(text), (2...500).contains(pool) else {
                throw WorkflowError(.invalid, field: "pool", rule: "range", "PostgreSQL 连接池大小应为 2 到 500 之间的整数")
            }
            configuration.options.maximumConnections = pool
        }
        return (PostgresClient(configuration: configuration), host)
    }

    /// Asks the server for one row: the first use, so that an unreachable server is reported as such.
    func ping() async throws {
        do {
            _ = try await client.query("SELECT 1", logger: logger)
        } catch {
            throw WorkflowError(.storage, "无法连接 PostgreSQL \(host)", cause: error)
        }
    }

    /// Holds the advisory lock `key` on one pooled connection while `body` runs on others;
    /// released when `body` ends (and by the server if this process dies).
    public func exclusively<T: Sendable>(_ key: StoreLock, _ body: @Sendable () async throws -> T) async throws -> T {
        try await client.withConnection { connection in
            let c = Connection(connection: connection, logger: logger)
            _ = try await c.run("SELECT 1 AS locked FROM (SELECT pg_advisory_lock(?)) AS l", [.int(key.rawValue)])
            do {
                let value = try await body()
                _ = try await c.run("SELECT 1 AS unlocked FROM (SELECT pg_advisory_unlock(?)) AS u", [.int(key.rawValue)])
                return value
            } catch {
                _ = try? await c.run("SELECT 1 AS unlocked FROM (SELECT pg_advisory_unlock(?)) AS u", [.int(key.rawValue)])
                throw error
            }
        }
    }

    /// The TLS a URL's `sslmode` asks for. `prefer` (libpq's default) tries TLS without checking
    /// the certificate; `require` insists on TLS, still unchecked, as libpq does; `verify-ca` checks the
    /// chain; `verify-full` the chain and the host name.
    static func tls(_ query: [String: String]) throws -> PostgresClient.Configuration.TLS {
        var tls = TLSConfiguration.makeClientConfiguration()
        if let root = query["sslrootcert"] { tls.trustRoots = .file(root) }
        switch query["sslmode"] ?? "disable" {
        case "disable": return .disable
        case "allow", "prefer":
            tls.certificateVerification = .none
            return .prefer(tls)
        case "require":
            tls.certificateVerification = .none
            return .require(tls)
        case "verify-ca":
            tls.certificateVerification = .noHostnameVerification
            return .require(tls)
        case "verify-full":
            return .require(tls)
        case let other:
            throw WorkflowError(
                .invalid, field: "sslmode", rule: "allowed-values",
                "sslmode 应为 disable、prefer、require、verify-ca 或 verify-full，实为“\(Limits.clipped(other, to: 20))”")
        }
    }

    /// Runs `body` in `BEGIN … COMMIT` on one pooled connection.
    public func transaction<T: Sendable>(_ body: @Sendable (any StoreConnection) async throws -> T) async throws -> T {
        let asked = StoreMetrics.now
        return try await onItsLoop { connection in
            let c = Connection(connection: connection, logger: logger, prepared: statements, transactional: true)
            func once() async throws -> T {
                let started = StoreMetrics.now
                _ = try await c.run("BEGIN", [])
                do {
                    let value = try await body(c)
                    _ = try await c.run("COMMIT", [])
                    StoreMetrics.transaction("postgres", asked: asked, started: started)
                    return value
                } catch {
                    _ = try? await c.run("ROLLBACK", [])
                    throw error
                }
            }
            do {
                return try await once()
            } catch is StalePreparedStatement {
                // A statement prepared before another server changed the schema aborted it (and
                // is prepared again): the whole body runs again, once.
                do {
                    return try await once()
                } catch let stale as StalePreparedStatement {
                    throw WorkflowError(.conflict, "数据库结构已被另一服务器更新（PostgreSQL \(stale.state)），未做任何改动，请重试", cause: stale.cause)
                }
            }
        }
    }

    /// Runs reads on one pooled connection without `BEGIN … COMMIT`: under READ COMMITTED, the
    /// isolation every transaction here has, each statement takes its own snapshot inside a
    /// transaction too, so the two round trips bought nothing (29 of a full transfer's 40
    /// transactions were reads: 58 of its 178 statements). As on SQLite's readers, each statement sees a consistent
    /// snapshot; what must be consistent across statements is a write and runs in `transaction`.
    public func read<T: Sendable>(_ body: @Sendable (any StoreConnection) async throws -> T) async throws -> T {
        try await client.withConnection { connection in
            try await body(Connection(connection: connection, logger: logger, prepared: statements))
        }
    }

    /// Runs `body`'s one statement on a pooled connection without `BEGIN … COMMIT`: a lone
    /// statement is its own transaction, and the two round trips are saved (a letter number
    /// taken before rendering cost three).
    public func singleStatement<T: Sendable>(_ body: @Sendable (any StoreConnection) async throws -> T) async throws -> T {
        try await onItsLoop { connection in
            try await body(Connection(connection: connection, logger: logger, prepared: statements, statements: .one()))
        }
    }

    /// Runs `body` with a pooled connection, on that connection's event loop: every statement's
    /// answer arrives there, and a body waiting on Swift's global pool was woken on another
    /// thread for each one, and woke the loop again for the next (a full transfer on
    /// PostgreSQL switched threads a third less, BENCHMARKS.md). Only for changes: their work
    /// between statements is short (rendering is done before), while a read may decode a whole
    /// list or a page of an archive, which would hold up the loop's HTTP connections too (reads
    /// on the loop saved almost no switches). The loop is the client's, of NIO's singleton
    /// group, which is never shut down: a job handed to a stopped loop would be dropped.
    private func onItsLoop<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await client.withConnection { connection in
            try await withTaskExecutorPreference(EventLoopTaskExecutor(connection.eventLoop)) {
                try await body(connection)
            }
        }
    }

    /// Creates database `name` on the server `url` points at (for throwaway test databases).
    public static func createDatabase(url: String, name: String) async throws -> String {
        let store = try await PostgresStore(url: url)
        defer { store.runner?.cancel() }
        guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
            throw WorkflowError(.invalid, "数据库名只能含字母、数字和下划线")
        }
        _ = try await store.client.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: store.logger)
        var components = URLComponents(string: url)!
        components.path = "/" + name
        return components.string!
    }

    /// Drops database `name` on the server `url` points at (a scratch database, once used),
    /// closing whatever connections are still open to it.
    public static func dropDatabase(url: String, name: String) async throws {
        guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
            throw WorkflowError(.invalid, "数据库名只能含字母、数字和下划线")
        }
        let store = try await PostgresStore(url: url)
        defer { store.runner?.cancel() }
        _ = try await store.client.query(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)"), logger: store.logger)
    }

    /// Stops the client when the store runs it (an application stops its own services).
    public func close() async throws {
        runner?.cancel()
    }

    struct Connection: StoreConnection {
        var dialect: SQLDialect { .postgres }
        let connection: PostgresConnection
        let logger: Logger
        /// The store's prepared statements; nil runs every statement unnamed (the advisory locks).
        var prepared: PostgresStatements? = nil
        /// Whether the statements run inside `BEGIN … COMMIT`, where a failed one aborts the rest.
        var transactional = false
        /// Set for `singleStatement`: counts statements, so that a second one is refused
        /// instead of running outside any transaction.
        var statements: StatementBudget? = nil

        func run(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow] {
            if let statements, !statements.take() {
                throw WorkflowError(.storage, "单语句事务中出现第二条语句：\(sql.prefix(60))")
            }
            do {
                if let prepared, Self.isPreparable(sql), let rows = try await runPrepared(sql, binds, prepared) { return rows }
                let (text, count) = SQLDialect.postgres.placeholders(sql)
                guard count == binds.count else {
                    throw WorkflowError(.storage, "SQL 有 \(count) 个占位符，却给了 \(binds.count) 个值：\(sql.prefix(80))")
                }
                var bindings = PostgresBindings()
                for value in binds {
                    switch value {
                    case .int(let i): bindings.append(i)
                    case .text(let s): bindings.append(s)
                    case .blob(let b): bindings.append(ByteBuffer(bytes: b))
                    case .null: bindings.appendNull()
                    }
                }
                let rows = try await connection.query(PostgresQuery(unsafeSQL: text, binds: bindings), logger: logger)
                var out: [SQLRow] = []
                for try await row in rows { out.append(try Self.row(row)) }
                return out
            } catch let error as WorkflowError {
                throw error
            } catch let stale as StalePreparedStatement {
                throw stale  // for `transaction`, which runs its body again
            } catch {
                guard let (state, words) = Self.serverError(error) else {
                    throw WorkflowError(.storage, "PostgreSQL 语句失败：\(sql.prefix(60))", cause: error)
                }
                if state == "40P01" || state == "40001" {
                    throw WorkflowError(.conflict, "与同时进行的另一操作冲突（PostgreSQL \(state)），未做任何改动，请重试", cause: error)
                }
                throw WorkflowError(.storage, "PostgreSQL 语句失败（\(state) \(words)）：\(sql.prefix(60))", cause: error)
            }
        }

        /// Runs `sql` as a statement prepared by name on this connection (prepared first when
        /// it is not yet); nil when the connection keeps as many as it may.
        private func runPrepared(_ sql: String, _ binds: [SQLValue], _ prepared: PostgresStatements) async throws -> [SQLRow]? {
            // The values' types are part of the statement: a value given as NULL leaves its
            // placeholder's type to the server, a given one is cast to its own.
            let casts = binds.map(\.postgresCast)
            let key = String(casts.map { $0?.first ?? "n" }) + ":" + sql
            let statement: PreparedQuery
            if let kept = prepared.statement(key, on: connection) {
                statement = kept
            } else {
                // A text seen once may never come again (a list of a new length, a search's
                // filters): it runs unnamed, and is prepared when it comes a second time.
                guard prepared.seenBefore(key, on: connection), prepared.hasRoom(on: connection) else { return nil }
                let (text, count) = SQLDialect.postgres.placeholders(sql, casts: casts)
                guard count == binds.count else {
                    throw WorkflowError(.storage, "SQL 有 \(count) 个占位符，却给了 \(binds.count) 个值：\(sql.prefix(80))")
                }
                statement = try await connection.prepare(query: text).get()
                prepared.keep(statement, for: key, on: connection)
            }
            let rows = NIOLockedValueBox<[SQLRow]>([])
            do {
                try await statement.execute(binds.map(\.postgresData)) { row in
                    let converted = try Self.row(row, prepared: true)
                    rows.withLockedValue { $0.append(converted) }
                }.get()
            } catch {
                // 26000: the server has no such statement; 0A000: its plan no longer fits the
                // schema (another server migrated it). Prepared again when next run; outside a
                // transaction nothing was aborted, and the statement runs unnamed at once.
                if let (state, _) = Self.serverError(error), state == "26000" || state == "0A000" {
                    prepared.forget(key, on: connection)
                    if !transactional { return nil }
                    throw StalePreparedStatement(state: state, cause: error)
                }
                throw error
            }
            return rows.withLockedValue { $0 }
        }

        /// Statements worth preparing: those that read or change rows (not `BEGIN`, `COMMIT`, DDL).
        private static func isPreparable(_ sql: String) -> Bool {
            let head = sql.utf8.prefix { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\n") }
            for verb in ["SELECT", "INSERT", "UPDATE", "DELETE", "WITH"] where head.elementsEqual(verb.utf8) { return true }
            return false
        }

        /// `row` as our drivers' rows. `prepared`: the row of a statement prepared through
        /// PostgresNIO's older API, which labels its columns with the format the statement's
        /// description gave (text) though every row is asked for, and sent, in binary.
        private static func row(_ row: PostgresRow, prepared: Bool = false) throws -> SQLRow {
            var values: [String: SQLValue] = [:]
            for var cell in row {
                if prepared { cell.format = .binary }
                guard cell.bytes != nil else {
                    values[cell.columnName] = .null
                    continue
                }
                values[cell.columnName] =
                    switch cell.dataType {
                    case .int2, .int4, .int8: .int(try cell.decode(Int64.self))
                    case .bytea: .blob(Array(buffer: try cell.decode(ByteBuffer.self)))
                    default: .text(try cell.decode(String.self))
                    }
            }
            return SQLRow(values)
        }

        /// The server's own code and words for a failed statement: PSQLError's description
        /// hides them, and PostgresNIO's older API (prepared statements) reports PostgresError.
        private static func serverError(_ error: any Error) -> (state: String, words: String)? {
            if let error = error as? PSQLError {
                return (error.serverInfo?[.sqlState] ?? "", error.serverInfo?[.message] ?? "\(error.code)")
            }
            if case .server(let message)? = error as? PostgresError {
                return (message.fields[.sqlState] ?? "", message.fields[.message] ?? "")
            }
            return nil
        }
    }
}
