import Foundation
import NIOConcurrencyHelpers

/// PostgreSQL's own `pg_dump` and `pg_restore`, run as subprocesses with a store URL's
/// connection parameters. The password travels in the child's environment (`PGPASSWORD`),
/// never on its command line, where every user of the machine could read it in `ps`.
public struct PostgresTools: Sendable {
    /// The `pg_dump` program.
    public let dump: String
    /// The `pg_restore` program.
    public let restore: String

    /// Finds the programs on `PATH` (Debian's `postgresql-client` puts its version-picking
    /// wrappers there), else in the newest `/usr/lib/postgresql/*/bin` (the server package's).
    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> PostgresTools {
        func find(_ name: String) -> String? {
            let path = (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":").map { "\($0)/\(name)" }
            let versions = ((try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? [])
                .compactMap(Int.init).sorted(by: >).map { "/usr/lib/postgresql/\($0)/bin/\(name)" }
            return (path + versions).first { FileManager.default.isExecutableFile(atPath: $0) }
        }
        guard let dump = find("pg_dump"), let restore = find("pg_restore") else {
            throw WorkflowError(.storage, "找不到 pg_dump / pg_restore：PostgreSQL 的备份与恢复需要它们（Debian：apt-get install postgresql-client）")
        }
        return PostgresTools(dump: dump, restore: restore)
    }

    /// Writes database `url` to `file` in pg_dump's custom format (`-Fc`: compressed, read
    /// back only by `pg_restore`, which can restore it into any empty database).
    public func dump(url: String, to file: String) async throws {
        let target = try Self.target(url)
        try await Self.run(
            dump, ["--format=custom", "--no-password", "--file=" + file, "--dbname=" + target.database],
            environment: target.environment)
    }

    /// Restores `file` into database `url` in one transaction (all or nothing), owned by the
    /// URL's user whoever owned the dumped objects. `clean` drops the dump's tables first, for a
    /// database whose schema exists but holds no data (a server started on it once).
    public func restore(file: String, into url: String, clean: Bool) async throws {
        let target = try Self.target(url)
        let arguments =
            [
                "--no-password", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
                "--dbname=" + target.database,
            ] + (clean ? ["--clean", "--if-exists"] : []) + [file]
        try await Self.run(restore, arguments, environment: target.environment)
    }

    /// The child's environment for `url`: the inherited one without any `PG…` variable (a stray
    /// `PGSERVICE` or `PGOPTIONS` must not redirect a restore), then the URL's parameters.
    static func target(_ url: String) throws -> (database: String, environment: [String: String]) {
        guard let components = URLComponents(string: url), let host = components.host, !host.isEmpty else {
            throw WorkflowError(.invalid, "无法解析 PostgreSQL 地址：\(StoreLocation.postgres(url: url))")
        }
        let database = components.path.split(separator: "/").first.map(String.init) ?? "postgres"
        // libpq reads a name with `=` or a URI prefix as a whole connection string.
        guard !database.contains("="), !database.contains("://") else {
            throw WorkflowError(.invalid, "PostgreSQL 库名不能含“=”或“://”：\(database)")
        }
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("PG") }
        environment["PGHOST"] = host
        environment["PGPORT"] = String(components.port ?? 5432)
        environment["PGUSER"] = components.user ?? "postgres"
        environment["PGCONNECT_TIMEOUT"] = "30"
        if let password = components.password { environment["PGPASSWORD"] = password }
        // TLS as the store itself connects: the URL's sslmode (none means disable) and CA file.
        let query = Dictionary((components.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { a, _ in a })
        environment["PGSSLMODE"] = query["sslmode"] ?? "disable"
        if let root = query["sslrootcert"] { environment["PGSSLROOTCERT"] = root }
        return (database, environment)
    }

    /// Runs `executable` to its end without holding a thread; its stderr goes to a temporary
    /// file (a pipe left unread would block it) and becomes the error's cause. Cancelling the
    /// task terminates the child.
    static func run(_ executable: String, _ arguments: [String], environment: [String: String]) async throws {
        let errors = FileManager.default.temporaryDirectory.appendingPathComponent("letters-\(UUID().uuidString).stderr")
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errors) }
        let errorHandle = try FileHandle(forWritingTo: errors)
        defer { try? errorHandle.close() }
        let child = Child()
        let process = child.process
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errorHandle
        let status: Int32 = try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Int32, any Error>) in
                process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
                do {
                    try child.start()
                } catch {
                    process.terminationHandler = nil
                    continuation.resume(throwing: error is CancellationError ? error : WorkflowError(.storage, "无法运行 \(executable)", cause: error))
                }
            }
        } onCancel: {
            child.stop()
        }
        guard status == 0 else {
            let text = String(decoding: (try? Data(contentsOf: errors)) ?? Data(), as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\n").suffix(5).joined(separator: "；")
            let name = (executable as NSString).lastPathComponent
            throw WorkflowError(.storage, "\(name) 失败（退出码 \(status)）" + (text.isEmpty ? "" : "：\(text)"))
        }
        try Task.checkCancellation()
    }

    /// A child process shared with the cancellation handler, which may run on any thread at any
    /// time: before the start (then the child is never started), or after (then it is ended).
    private final class Child: @unchecked Sendable {
        let process = Process()
        private let state = NIOLockedValueBox((started: false, cancelled: false))

        func start() throws {
            try state.withLockedValue { s in
                if s.cancelled { throw CancellationError() }
                try process.run()
                s.started = true
            }
        }

        func stop() {
            state.withLockedValue { s in
                s.cancelled = true
                if s.started && process.isRunning { process.terminate() }
            }
        }
    }
}
