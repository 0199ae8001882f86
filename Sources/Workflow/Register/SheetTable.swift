import Foundation

/// A spreadsheet as the register reads it: the header row and the rows below it, each cell as
/// text, each row with the number the spreadsheet program shows for it (so that an error can
/// name it). Read from `.csv` (UTF-8 with or without BOM, or GB18030) or `.xlsx`.
public struct SheetTable: Sendable {
    /// The header texts, trimmed, in their order in the file.
    public var headers: [String]
    /// The rows below the header that have any text.
    public var rows: [Row]

    /// One row: its number in the spreadsheet (the header is row 1) and its cells.
    public struct Row: Sendable {
        /// The row's number as a spreadsheet program shows it.
        public var number: Int
        /// The cells by column, trimmed; missing cells are empty.
        public var cells: [String]

        /// A row numbered `number` holding `cells`.
        public init(number: Int, cells: [String]) {
            self.number = number
            self.cells = cells
        }
    }

    /// A table.
    public init(headers: [String], rows: [Row]) {
        self.headers = headers
        self.rows = rows
    }

    /// The largest file the register reads (a province's 200,000 members fit in 40 MB).
    public static let maxFileBytes = 200 * 1024 * 1024

    /// Reads `data`; `name` (the file's name) tells the format by its extension. An unknown
    /// format, an empty file or a sheet without a header row is an error naming the file.
    public static func read(_ data: Data, name: String) throws(WorkflowError) -> SheetTable {
        guard !data.isEmpty else { throw WorkflowError(.invalid, field: "file", rule: "empty", "\(name) 是空文件") }
        guard data.count <= maxFileBytes else {
            throw WorkflowError(.invalid, field: "file", rule: "size", "\(name) 超过 \(maxFileBytes / 1024 / 1024) MB 的上限")
        }
        let lower = name.lowercased()
        let isZip = data.starts(with: [0x50, 0x4B, 0x03, 0x04])
        let table: SheetTable
        if lower.hasSuffix(".xlsx") || (isZip && !lower.hasSuffix(".csv")) {
            guard isZip else { throw WorkflowError(.invalid, field: "file", rule: "format", "\(name) 不是 .xlsx 文件（Excel 或 WPS 保存的工作簿）") }
            table = try XLSXTableReader.read(data, name: name)
        } else if lower.hasSuffix(".csv") {
            table = try CSVTableReader.read(data, name: name)
        } else {
            throw WorkflowError(.invalid, field: "file", rule: "format", "\(name) 既不是 .csv 也不是 .xlsx：请另存为其中一种")
        }
        guard !table.headers.allSatisfy(\.isEmpty) else {
            throw WorkflowError(.invalid, field: "file", rule: "header", "\(name) 没有表头行：第 1 行应为列名")
        }
        return table
    }

    /// `text` without white space at either end (looked at before Foundation is asked: almost
    /// every cell has none, and a province's sheet has millions).
    static func trimmed(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else { return text }
        guard first.properties.isWhitespace || last.properties.isWhitespace else { return text }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Reads the file at `path` (its name tells the format), an `.xlsx` without loading it
    /// whole: what the command line imports.
    public static func read(path: String) throws(WorkflowError) -> SheetTable {
        let name = (path as NSString).lastPathComponent
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue
        guard let size else { throw WorkflowError(.invalid, field: "file", rule: "exists", "无法读取 \(path)") }
        guard size > 0 else { throw WorkflowError(.invalid, field: "file", rule: "empty", "\(name) 是空文件") }
        guard size <= maxFileBytes else { throw WorkflowError(.invalid, field: "file", rule: "size", "\(name) 超过 \(maxFileBytes / 1024 / 1024) MB 的上限") }
        let head = FileHandle(forReadingAtPath: path).flatMap { try? $0.read(upToCount: 4) } ?? Data()
        guard name.lowercased().hasSuffix(".xlsx"), head.starts(with: [0x50, 0x4B, 0x03, 0x04]) else {
            guard let data = FileManager.default.contents(atPath: path) else { throw WorkflowError(.invalid, field: "file", rule: "exists", "无法读取 \(path)") }
            return try read(data, name: name)
        }
        let table = try XLSXTableReader.read(path: path, name: name)
        guard !table.headers.allSatisfy(\.isEmpty) else {
            throw WorkflowError(.invalid, field: "file", rule: "header", "\(name) 没有表头行：第 1 行应为列名")
        }
        return table
    }

    /// `rows` with every cell trimmed, rows without any text dropped, short rows padded.
    static func cleaned(_ raw: [(number: Int, cells: [String])], width: Int) -> [Row] {
        raw.compactMap { number, cells in
            let trimmed = cells.map(trimmed)
            guard trimmed.contains(where: { !$0.isEmpty }) else { return nil }
            return Row(number: number, cells: trimmed + Array(repeating: "", count: max(0, width - trimmed.count)))
        }
    }
}
