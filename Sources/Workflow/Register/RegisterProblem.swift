/// One broken cell (or a broken file) of an import: the row as the spreadsheet numbers it
/// (1 for the header row), the column by its header, the rule, and what to do.
public struct RegisterProblem: Sendable, Hashable, CustomStringConvertible {
    /// The row's number in the spreadsheet.
    public var row: Int
    /// The column's header text.
    public var column: String
    /// The rule broken (`required`, `unique`, `check-digit`, `stored-as-number` …).
    public var rule: String
    /// What is wrong, in words a person can act on.
    public var message: String

    /// A problem.
    public init(row: Int, column: String, rule: String, message: String) {
        self.row = row
        self.column = column
        self.rule = rule
        self.message = message
    }

    /// `第 N 行「列」[rule]: message`, as the command line prints it.
    public var description: String { "第 \(row) 行「\(column)」[\(rule)]：\(message)" }
}
