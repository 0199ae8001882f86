import NIOCore
import PostgresNIO

/// A value as PostgresNIO's prepared statements take it.
extension SQLValue {
    /// The type a placeholder taking this value is cast to; nil for NULL, whose type the
    /// server infers from where it stands.
    var postgresCast: String? {
        switch self {
        case .int: "int8"
        case .text: "text"
        case .blob: "bytea"
        case .null: nil
        }
    }

    /// The value in PostgreSQL's binary format, typed as `postgresCast` says.
    var postgresData: PostgresData {
        switch self {
        case .int(let i):
            var buffer = ByteBuffer()
            buffer.writeInteger(i)
            return PostgresData(type: .int8, value: buffer)
        case .text(let s): return PostgresData(type: .text, value: ByteBuffer(string: s))
        case .blob(let b): return PostgresData(type: .bytea, value: ByteBuffer(bytes: b))
        case .null: return .null
        }
    }
}
