import Foundation

/// The audit log in SQL: appended to (never updated or deleted), read newest first.
struct AuditRepository {
    let c: any StoreConnection

    /// Appends `e`, in the caller's transaction.
    func append(_ e: AuditEntry) async throws {
        AuditTrail.mark()
        _ = try await c.run(
            "INSERT INTO audit_log (at, account, address, action, target, outcome) VALUES (?, ?, ?, ?, ?, ?)",
            [.int(Int64(e.at.timeIntervalSince1970)), .text(e.account), .text(e.address), .text(e.action), .text(e.target), .text(e.outcome)])
    }

    /// Appends `entries` in one statement (`AuditWriter`'s batches).
    func append(batch entries: [AuditEntry]) async throws {
        guard !entries.isEmpty else { return }
        let sql =
            "INSERT INTO audit_log (at, account, address, action, target, outcome) VALUES "
            + Array(repeating: "(?, ?, ?, ?, ?, ?)", count: entries.count).joined(separator: ", ")
        _ = try await c.run(
            sql,
            entries.flatMap { e -> [SQLValue] in
                [.int(Int64(e.at.timeIntervalSince1970)), .text(e.account), .text(e.address), .text(e.action), .text(e.target), .text(e.outcome)]
            })
    }

    /// The entries `query` selects, newest first, each with its sequence number.
    func entries(_ query: AuditQuery) async throws -> [AuditEntry] {
        let condition = Self.condition(query)
        return try await c.run("SELECT * FROM audit_log \(condition.sql) ORDER BY seq DESC LIMIT ?", condition.binds + [.int(Int64(query.limit))])
            .map { (row: SQLRow) throws(WorkflowError) -> AuditEntry in
                let seq = try row.integer("seq", of: "audit_log", key: "?")
                let key = "seq \(seq)"
                var entry = AuditEntry(
                    at: Date(timeIntervalSince1970: Double(try row.integer("at", of: "audit_log", key: key))),
                    account: try row.text("account", of: "audit_log", key: key), address: try row.text("address", of: "audit_log", key: key),
                    action: try row.text("action", of: "audit_log", key: key), target: try row.text("target", of: "audit_log", key: key),
                    outcome: try row.text("outcome", of: "audit_log", key: key))
                entry.seq = Int64(seq)
                return entry
            }
    }

    /// The `WHERE` clause of `query` (empty when nothing is filtered) and its bound values.
    static func condition(_ query: AuditQuery) -> (sql: String, binds: [SQLValue]) {
        var terms: [String] = []
        var binds: [SQLValue] = []
        for (column, value) in [("account", query.account), ("action", query.action), ("target", query.target)] {
            if let value {
                terms.append("\(column) = ?")
                binds.append(.text(value))
            }
        }
        if let from = query.from {
            terms.append("at >= ?")
            binds.append(.int(Int64(from.timeIntervalSince1970.rounded(.down))))
        }
        if let until = query.until {
            terms.append("at < ?")
            binds.append(.int(Int64(ChinaDay.end(ofLastDay: until).timeIntervalSince1970.rounded(.down))))
        }
        if let before = query.before {
            terms.append("seq < ?")
            binds.append(.int(before))
        }
        if let scope = query.scope {
            terms.append(scope.isEmpty ? "1 = 0" : "account IN (\(SQLDialect.marks(scope.count)))")
            binds += scope.map { .text($0) }
        }
        return (terms.isEmpty ? "" : "WHERE " + terms.joined(separator: " AND "), binds)
    }
}
