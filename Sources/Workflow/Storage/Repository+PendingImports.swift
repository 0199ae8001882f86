import Foundation

/// The SQL of register uploads waiting for their confirmation (`pending_imports`).
extension Repository {
    /// Drops uploads made before `cutoff` (seconds since 1970).
    func dropPendingImports(before cutoff: Int64) async throws {
        _ = try await c.run("DELETE FROM pending_imports WHERE created_at < ?", [.int(cutoff)])
    }

    /// Keeps an upload under the digest of its token.
    func keepPendingImport(digest: String, account: String, kind: String, fileName: String, bytes: Data, at: Int64) async throws {
        _ = try await c.run(
            "INSERT INTO pending_imports (token, account, kind, file_name, bytes, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            [.text(digest), .text(account), .text(kind), .text(fileName), .blob([UInt8](bytes)), .int(at)])
    }

    /// Takes the upload `digest` names for `account`, made at or after `since`, and removes it
    /// (used once: a second confirmation finds nothing); nil when there is none.
    func takePendingImport(digest: String, account: String, since: Int64) async throws -> (kind: String, fileName: String, bytes: Data)? {
        let row = try await c.run(
            "SELECT kind, file_name, bytes FROM pending_imports WHERE token = ? AND account = ? AND created_at >= ?",
            [.text(digest), .text(account), .int(since)]
        ).first
        _ = try await c.run("DELETE FROM pending_imports WHERE token = ?", [.text(digest)])
        guard let row else { return nil }
        let key = "token \(digest.prefix(8))…"
        return (
            try row.text("kind", of: "pending_imports", key: key), try row.text("file_name", of: "pending_imports", key: key),
            Data(try row.data("bytes", of: "pending_imports", key: key))
        )
    }
}
