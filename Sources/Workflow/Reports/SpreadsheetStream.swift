import Foundation

/// A sheet written as its rows come, page by page: for tables too large to hold, such as a
/// province's history over years. The same cells, formula guard and formats as ``Spreadsheet``;
/// the column widths are given, since a stream cannot measure rows it has not read yet.
public struct SpreadsheetStream: Sendable {
    /// The sheet's name.
    public var name: String
    /// Column titles.
    public var headers: [String]
    /// Column widths in characters.
    public var widths: [Int]
    /// Hands the rows to its argument a page at a time, in order.
    public var rows: @Sendable (_ page: ([[Spreadsheet.Value]]) async throws -> Void) async throws -> Void

    /// A stream.
    public init(
        name: String, headers: [String], widths: [Int],
        rows: @escaping @Sendable (_ page: ([[Spreadsheet.Value]]) async throws -> Void) async throws -> Void
    ) {
        self.name = name
        self.headers = headers
        self.widths = widths
        self.rows = rows
    }

    /// The `.xlsx` file, handed to `sink` part by part as the rows come.
    public func writeXLSX(to sink: @escaping (Data) async throws -> Void) async throws {
        try await Spreadsheet.writeWorkbook(names: [name], to: sink) { _, write in
            try await Spreadsheet.writeSheetXML(headers: headers, widths: widths, write: write, rows: rows)
        }
    }

    /// CSV (UTF-8 with BOM, CRLF, every field quoted), handed to `sink` a page at a time.
    public func writeCSV(to sink: @escaping (Data) async throws -> Void) async throws {
        try await sink(Data(("\u{FEFF}" + Spreadsheet.csvLine(headers.map(Spreadsheet.Value.text))).utf8))
        try await rows { page in
            var text = ""
            for row in page { text += Spreadsheet.csvLine(row) }
            try await sink(Data(text.utf8))
        }
    }
}
