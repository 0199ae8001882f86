import Foundation

/// The columns of one of the register's sheets (register spec §5), and a table read against
/// them: each known header found wherever it stands, unknown ones listed, a missing required one
/// a problem of the header row.
struct RegisterSheet {
    /// A column: its header text, whether it must be present.
    struct Column: Hashable {
        let header: String
        let required: Bool
    }

    let columns: [Column]
    private(set) var table: SheetTable
    private let index: [String: Int]
    /// Problems of the file itself (missing columns, duplicated headers).
    private(set) var problems: [RegisterProblem] = []
    /// Headers the register does not know.
    private(set) var ignored: [String] = []

    init(_ table: SheetTable, columns: [Column]) {
        self.table = table
        self.columns = columns
        var index: [String: Int] = [:]
        var problems: [RegisterProblem] = []
        let known = Set(columns.map(\.header))
        for (i, header) in table.headers.enumerated() where !header.isEmpty {
            // A header typed with the required-mark of the templates (`姓名*`) is the same column.
            let bare = header.hasSuffix("*") ? String(header.dropLast()) : header
            guard known.contains(bare) else {
                ignored.append(header)
                continue
            }
            if index[bare] != nil {
                problems.append(RegisterProblem(row: 1, column: bare, rule: "unique-column", message: "列“\(bare)”出现了两次"))
            }
            index[bare] = i
        }
        for column in columns where column.required && index[column.header] == nil {
            problems.append(RegisterProblem(row: 1, column: column.header, rule: "required-column", message: "缺少必需的列“\(column.header)”"))
        }
        self.index = index
        self.problems = problems
    }

    /// The cell of `row` under `header` as typed, the formula guard of our own exports (`'`
    /// before `=`, `+`, `-`, `@`) taken off; empty when the column is absent.
    func cell(_ row: SheetTable.Row, _ header: String) -> String {
        guard let i = index[header], i < row.cells.count else { return "" }
        let text = row.cells[i]
        if text.hasPrefix("'"), let next = text.unicodeScalars.dropFirst().first, FormulaGuard.triggers.contains(next) {
            return String(text.dropFirst())
        }
        return text
    }

    /// The rows, taken out of the sheet (its header stays): read one by one and let go, so
    /// that a province's rows are not held twice while they become records.
    mutating func takeRows() -> [SheetTable.Row] {
        defer { table.rows = [] }
        return table.rows
    }

    /// Whether the file has the column.
    func has(_ header: String) -> Bool { index[header] != nil }

    /// Whether a text cell holds what Excel made of a long number (`3.70102E+17`): its digits are lost.
    static func isLostNumber(_ text: String) -> Bool {
        // `d[.ddd]E+dd`, by hand: a regular expression made per cell costs a province's import seconds.
        let u = Array(text.utf8)
        guard let e = u.firstIndex(where: { $0 == UInt8(ascii: "E") || $0 == UInt8(ascii: "e") }), e >= 1, e + 2 < u.count,
            u[e + 1] == UInt8(ascii: "+"), u[(e + 2)...].allSatisfy(isDigit), isDigit(u[0])
        else { return false }
        guard e > 1 else { return true }
        return u[1] == UInt8(ascii: ".") && e > 2 && u[2..<e].allSatisfy(isDigit)
    }

    static func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }

    /// 是 / 否 (and true/false, 1/0); nil for anything else.
    static func yesNo(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "是", "true", "1", "y", "yes": true
        case "否", "false", "0", "n", "no": false
        default: nil
        }
    }
}
