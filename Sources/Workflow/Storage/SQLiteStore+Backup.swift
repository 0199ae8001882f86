import Foundation

extension SQLiteStore {
    /// Writes a consistent copy of the database at `path` into `target` (which must not exist)
    /// with `VACUUM INTO`, on a connection of its own: in WAL mode that is one read transaction,
    /// so a server using the file keeps writing meanwhile, and the copy is the database as of
    /// the moment the copy began, compacted, without its WAL.
    public static func snapshot(databaseAt path: String, into target: String) async throws {
        guard FileManager.default.fileExists(atPath: path) else {
            throw WorkflowError(.notFound, "SQLite 数据库文件不存在：\(path)")
        }
        try await withOwnConnection(path) { c in _ = try await c.run("VACUUM INTO ?", [.text(target)]) }
    }

    /// Runs `body` on a connection of its own to the file at `path`, closed after.
    private static func withOwnConnection<T: Sendable>(_ path: String, _ body: (Connection) async throws -> T) async throws -> T {
        let slot = try Slot(path: path, busyTimeoutMilliseconds: readerPatienceMilliseconds)
        do {
            let value = try await slot.run(body)
            try await slot.close()
            return value
        } catch {
            try? await slot.close()
            throw error
        }
    }

    /// What the SQLite file at `path` holds, read without changing it (no WAL switch, no
    /// migrations): a restore must not alter a file it refuses to overwrite.
    public static func contents(ofFileAt path: String) async throws -> StoreContents {
        try await withOwnConnection(path) { try await StoreContents.read(on: $0, dialect: .sqlite) }
    }
}
