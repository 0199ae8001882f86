import Foundation

/// What a backup file is, told by its first bytes, so that restoring the wrong kind of file is
/// refused in words before anything is touched.
public enum BackupFormat: String, Sendable {
    /// An SQLite database file (`VACUUM INTO`), restored by copying it into place.
    case sqlite
    /// A `pg_dump` archive in its custom format, restored by `pg_restore`.
    case postgres

    /// The extension backups of this kind are named with.
    public var fileExtension: String { self == .sqlite ? "sqlite" : "pgdump" }

    /// In words, for messages.
    public var label: String { self == .sqlite ? "SQLite 数据库文件" : "PostgreSQL 备份（pg_dump 自定义格式）" }

    /// Every SQLite 3 database starts with these 16 bytes.
    static let sqliteHeader = Array("SQLite format 3\0".utf8)
    /// pg_dump's custom format starts with these five.
    static let postgresMagic = Array("PGDMP".utf8)

    /// The kind of backup the file at `path` is; an error naming the file when it is none.
    public static func of(fileAt path: String) throws -> BackupFormat {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw WorkflowError(.notFound, "无法读取备份文件 \(path)")
        }
        defer { try? handle.close() }
        let head = Array((try? handle.read(upToCount: sqliteHeader.count)) ?? Data())
        if head.starts(with: sqliteHeader) { return .sqlite }
        if head.starts(with: postgresMagic) { return .postgres }
        throw WorkflowError(
            .invalid,
            head.isEmpty
                ? "备份文件 \(path) 是空文件：不是完整的备份"
                : "\(path) 不是 letters 的备份：开头既不是 SQLite 文件头（SQLite format 3），也不是 pg_dump 自定义格式（PGDMP）")
    }

    /// The format backups of `location` are written in.
    public init(for location: StoreLocation) {
        switch location {
        case .sqlite: self = .sqlite
        case .postgres: self = .postgres
        }
    }
}
