/// A `LIKE` pattern for text people type: `%` and `_` (and the escape character itself) match
/// themselves, with `ESCAPE '\'` in the statement, on SQLite and PostgreSQL alike.
enum LikePattern {
    /// The statement's escape clause, to follow `LIKE ?`.
    static let escapeClause = "ESCAPE '\\'"

    /// Matches any text containing `text`.
    static func containing(_ text: String) -> String {
        "%" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_") + "%"
    }
}
