/// A value bound into or read out of SQL, the same for every driver.
public enum SQLValue: Sendable, Hashable {
    /// An integer.
    case int(Int64)
    /// Text.
    case text(String)
    /// Bytes.
    case blob([UInt8])
    /// NULL.
    case null

    /// `.text` or `.null`.
    public static func optional(_ s: String?) -> SQLValue { s.map { .text($0) } ?? .null }
}

/// A row: values by column name.
public struct SQLRow: Sendable {
    /// The values.
    public let values: [String: SQLValue]

    /// Creates a row.
    public init(_ values: [String: SQLValue]) { self.values = values }

    /// Text of a column, or nil.
    public func string(_ column: String) -> String? {
        switch values[column] {
        case .text(let s): s
        case .int(let i): String(i)
        default: nil
        }
    }

    /// Integer of a column, or nil.
    public func int(_ column: String) -> Int? {
        switch values[column] {
        case .int(let i): Int(i)
        case .text(let s): Int(s)
        default: nil
        }
    }

    /// Bytes of a column, or nil.
    public func bytes(_ column: String) -> [UInt8]? {
        if case .blob(let b) = values[column] { b } else { nil }
    }
}

/// The SQL dialect of a driver, for the few places where they differ.
public enum SQLDialect: Sendable {
    /// SQLite.
    case sqlite
    /// PostgreSQL.
    case postgres

    /// The column type for bytes.
    var blob: String { self == .sqlite ? "BLOB" : "BYTEA" }
    /// The column type for 64-bit integers.
    var bigint: String { self == .sqlite ? "INTEGER" : "BIGINT" }
    /// What a `SELECT` ends with to lock the rows it reads until the transaction ends (SQLite's
    /// `BEGIN IMMEDIATE` already holds the one write lock).
    var rowLock: String { self == .sqlite ? "" : " FOR UPDATE" }
}
