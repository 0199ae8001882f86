/// A backup written, or restored, and checked: what it holds and what the checks found.
public struct BackupReport: Sendable {
    /// The backup file.
    public var file: String
    /// Its kind.
    public var format: BackupFormat
    /// Its size in bytes.
    public var bytes: Int64
    /// Rows per table of the store restored from it.
    public var contents: StoreContents
    /// Entries of the archive's hash chain walked by `archive check` (all of them: the check passed).
    public var archiveEntries: Int

    /// One line for the command line and the log.
    public var summary: String {
        "\(format.label)，\(String(format: "%.1f", Double(bytes) / 1_048_576)) MB；核验通过（转接检查一致，存档哈希链 \(archiveEntries) 条完整）：\(contents.summary)"
    }
}
