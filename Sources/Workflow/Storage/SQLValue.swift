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

    /// `?, ?, …` for `count` binds: an `IN (…)` list.
    static func marks(_ count: Int) -> String { Array(repeating: "?", count: count).joined(separator: ", ") }

    /// `sql` as the driver takes it, with the number of placeholders: the repositories write `?`,
    /// which SQLite takes as it is and PostgreSQL as `$1`, `$2` … A `?` inside a quoted literal,
    /// a quoted identifier or a comment is text, not a placeholder (sql-kit's dialects number
    /// their binds the same way).
    ///
    /// `casts`, for PostgreSQL, names the type each placeholder is cast to (`$1::int8`), nil for
    /// none: a statement prepared by name takes its parameters' types from its text.
    func placeholders(_ sql: String, casts: [String?] = []) -> (sql: String, count: Int) {
        var out: [UInt8] = []
        out.reserveCapacity(sql.utf8.count + 16)
        var count = 0
        var quote: UInt8?
        var lineComment = false
        var blockComment = false
        var previous: UInt8 = 0
        for byte in sql.utf8 {
            defer { previous = byte }
            if lineComment {
                if byte == UInt8(ascii: "\n") { lineComment = false }
            } else if blockComment {
                if previous == UInt8(ascii: "*") && byte == UInt8(ascii: "/") { blockComment = false }
            } else if let q = quote {
                if byte == q { quote = nil }
            } else if byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\"") {
                quote = byte
            } else if previous == UInt8(ascii: "-") && byte == UInt8(ascii: "-") {
                lineComment = true
            } else if previous == UInt8(ascii: "/") && byte == UInt8(ascii: "*") {
                blockComment = true
            } else if byte == UInt8(ascii: "?") {
                count += 1
                if self == .postgres {
                    out.append(UInt8(ascii: "$"))
                    out.append(contentsOf: String(count).utf8)
                    if count <= casts.count, let cast = casts[count - 1] {
                        out.append(contentsOf: "::".utf8)
                        out.append(contentsOf: cast.utf8)
                    }
                    continue
                }
            }
            out.append(byte)
        }
        return (String(decoding: out, as: UTF8.self), count)
    }
}
