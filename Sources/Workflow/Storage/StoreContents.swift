/// How many rows each table of a store holds: what a restore must find empty, and what a
/// verified backup reports it contains.
public struct StoreContents: Sendable, Equatable {
    /// Rows by table, for every table (PostgreSQL's outside `public` named with their schema).
    public var rows: [String: Int]

    /// Tables a store fills by itself — the migrations applied, the chain's genesis head,
    /// counters (numbering; a version counter a migration may start), login attempts counted
    /// before any account exists — whose rows alone say nothing about whether anyone has used
    /// it. A store in use has rows elsewhere too.
    static let bookkeeping: Set<String> = ["schema_migrations", "archive_head", "counters", "attempts"]

    /// Whether nothing but bookkeeping is stored.
    public var isEmpty: Bool { rows.allSatisfy { $0.value == 0 || Self.bookkeeping.contains($0.key) } }

    /// Whether there are tables at all (a database just created has none).
    public var hasTables: Bool { !rows.isEmpty }

    /// Rows of `table` (0 when absent).
    public func count(_ table: String) -> Int { rows[table] ?? 0 }

    /// In words, the tables people know by name first: "组织 12 个、账号 3 个、转接 40 件、表 seals 12 行".
    public var summary: String {
        let named: [(String, String, String)] = [
            ("organizations", "组织", "个"), ("members", "党员", "名"), ("accounts", "账号", "个"),
            ("transfers", "转接", "件"), ("letters", "介绍信", "封"), ("audit_log", "审计记录", "条"),
        ]
        var parts = named.filter { count($0.0) > 0 }.map { "\($0.1) \(count($0.0)) \($0.2)" }
        let others = rows.filter { $0.value > 0 && !named.map(\.0).contains($0.key) && !Self.bookkeeping.contains($0.key) }
            .sorted { $0.key < $1.key }
        parts += others.map { "表 \($0.key) \($0.value) 行" }
        return parts.isEmpty ? "无数据" : parts.joined(separator: "、")
    }

    /// Counts the rows of every table in `store` (every schema but the system's, on PostgreSQL).
    public static func read(_ store: any WorkflowStore) async throws -> StoreContents {
        let dialect = store.dialect
        return try await store.read { try await read(on: $0, dialect: dialect) }
    }

    /// Counts the rows of every table over `connection`, which speaks `dialect`.
    static func read(on c: any StoreConnection, dialect: SQLDialect) async throws -> StoreContents {
        let listing =
            dialect == .sqlite
            ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            : "SELECT quote_ident(schemaname) || '.' || quote_ident(tablename) AS name FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')"
        var rows: [String: Int] = [:]
        for table in try await c.run(listing, []).compactMap({ $0.string("name") }) {
            let bare = table.hasPrefix("public.") ? String(table.dropFirst("public.".count)) : table
            // PostgreSQL's names come quoted already; SQLite's are quoted here.
            let quoted = dialect == .sqlite ? "\"" + table.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : table
            rows[bare] = try await c.aggregate("SELECT COUNT(*) AS n FROM \(quoted)", [])
        }
        return StoreContents(rows: rows)
    }
}
