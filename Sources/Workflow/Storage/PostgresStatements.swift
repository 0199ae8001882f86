import NIOConcurrencyHelpers
import PostgresNIO

/// The named prepared statements of each pooled PostgreSQL connection, by statement text and
/// the types of its values: an unnamed statement is parsed and planned anew on every run, which
/// was half of the server's time in a full transfer. PostgresNIO prepares a statement by name
/// only for types known at compile time (`PostgresPreparedStatement`) or through its older
/// `prepare(query:)`, which keeps nothing per connection; this keeps what it prepared.
/// Connections the pool has closed are forgotten when a new one appears.
final class PostgresStatements: Sendable {
    private struct Kept {
        let connection: PostgresConnection
        var statements: [String: PreparedQuery] = [:]
        var seen: Set<String> = []
    }

    /// How many statements one connection keeps prepared (as SQLite's statement cache).
    static let perConnection = 256
    /// How many texts run once are remembered per connection before the memory is cleared.
    static let rememberedOnce = 1024

    private let kept = NIOLockedValueBox<[PostgresConnection.ID: Kept]>([:])

    /// The statement prepared for `key` on `connection`, if any.
    func statement(_ key: String, on connection: PostgresConnection) -> PreparedQuery? {
        kept.withLockedValue { $0[connection.id]?.statements[key] }
    }

    /// Whether `key` ran on `connection` before; remembers it when it did not.
    func seenBefore(_ key: String, on connection: PostgresConnection) -> Bool {
        kept.withLockedValue { kept in
            if kept[connection.id] == nil {
                kept = kept.filter { !$0.value.connection.isClosed }
                kept[connection.id] = Kept(connection: connection)
            }
            if kept[connection.id]?.seen.contains(key) == true { return true }
            if (kept[connection.id]?.seen.count ?? 0) >= Self.rememberedOnce { kept[connection.id]?.seen.removeAll() }
            kept[connection.id]?.seen.insert(key)
            return false
        }
    }

    /// Whether `connection` may keep one more statement.
    func hasRoom(on connection: PostgresConnection) -> Bool {
        kept.withLockedValue { ($0[connection.id]?.statements.count ?? 0) < Self.perConnection }
    }

    /// Keeps `statement`, prepared for `key` on `connection`.
    func keep(_ statement: PreparedQuery, for key: String, on connection: PostgresConnection) {
        kept.withLockedValue { kept in
            kept[connection.id, default: Kept(connection: connection)].statements[key] = statement
            kept[connection.id]?.seen.remove(key)
        }
    }

    /// Forgets the statement for `key` on `connection` (the server no longer has it, or its plan
    /// no longer fits the schema): it is prepared again when next run.
    func forget(_ key: String, on connection: PostgresConnection) {
        _ = kept.withLockedValue { $0[connection.id]?.statements.removeValue(forKey: key) }
    }
}
