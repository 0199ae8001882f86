import Foundation

/// A table to hand to people who open it in Excel or LibreOffice: as `.xlsx` (dates as real
/// dates, numbers as numbers, a bold frozen header row) or as CSV (UTF-8 with a byte-order
/// mark, which Excel needs to read Chinese).
public struct Spreadsheet: Sendable {
    /// A cell.
    public enum Value: Sendable, Hashable {
        /// Text.
        case text(String)
        /// A number.
        case number(Double)
        /// A moment, shown in China's time as `yyyy-mm-dd hh:mm`.
        case date(Date)
        /// A moment to the second (`yyyy-mm-dd hh:mm:ss`): for logs, where the order within a
        /// minute matters.
        case moment(Date)
        /// Nothing.
        case empty
    }

    /// The sheet's name (at most 31 characters, as Excel allows).
    public var name: String
    /// Column titles.
    public var headers: [String]
    /// The rows.
    public var rows: [[Value]]

    /// A sheet.
    public init(name: String, headers: [String], rows: [[Value]]) {
        self.name = name
        self.headers = headers
        self.rows = rows
    }

    static let dateFormatter = chinaFormatter("yyyy-MM-dd HH:mm")
    static let secondFormatter = chinaFormatter("yyyy-MM-dd HH:mm:ss")

    private static func chinaFormatter(_ format: String) -> DateFormatter {
        let f = DateFormatter()
        f.dateFormat = format
        f.timeZone = TimeZone(secondsFromGMT: 8 * 3600)
        f.locale = Locale(identifier: "en_US_POSIX")
        return f
    }

    /// The text a cell shows.
    public static func display(_ value: Value) -> String {
        switch value {
        case .text(let s): s
        case .number(let n): n == n.rounded() && abs(n) < 1e15 ? String(Int64(n)) : String(n)
        case .date(let d): dateFormatter.string(from: d)
        case .moment(let d): secondFormatter.string(from: d)
        case .empty: ""
        }
    }

    /// The text written for a cell: what it shows, text made inert (`FormulaGuard`).
    static func cell(_ value: Value) -> String {
        if case .text(let s) = value { return FormulaGuard.neutralised(s) }
        return display(value)
    }

    /// CSV, UTF-8 with BOM, CRLF, every field quoted.
    public func csv() -> Data {
        var out = "\u{FEFF}"
        for row in [headers.map(Value.text)] + rows { out += Self.csvLine(row) }
        return Data(out.utf8)
    }

    /// The `.xlsx` file (Office Open XML, one sheet, inline strings).
    public func xlsx() async throws -> Data {
        let buffer = DataBox()
        try await writeXLSX { buffer.data.append($0) }
        return buffer.data
    }

    /// The `.xlsx` file handed to `sink` part by part as it is made: the sheet is deflated
    /// row by row, so that a province's members never stand in memory as one document.
    public func writeXLSX(to sink: @escaping (Data) async throws -> Void) async throws {
        try await Self.writeWorkbook([self], to: sink)
    }

    /// An `.xlsx` workbook of several sheets, in order (a template and its 填写说明).
    public static func workbook(_ sheets: [Spreadsheet]) async throws -> Data {
        let buffer = DataBox()
        try await writeWorkbook(sheets) { buffer.data.append($0) }
        return buffer.data
    }

    static func writeWorkbook(_ sheets: [Spreadsheet], to sink: @escaping (Data) async throws -> Void) async throws {
        try await writeWorkbook(names: sheets.map(\.name), to: sink) { index, write in
            let sheet = sheets[index]
            try await Self.writeSheetXML(headers: sheet.headers, widths: sheet.columnWidths(), write: write) { page in try await page(sheet.rows) }
        }
    }

    /// A workbook of sheets named `names`, the XML of sheet `i` handed out by `sheet(i, write)`.
    static func writeWorkbook(
        names: [String], to sink: @escaping (Data) async throws -> Void,
        sheet: (Int, _ write: @escaping ([UInt8]) async throws -> Void) async throws -> Void
    ) async throws {
        let writer = try ZIPWriter(sink: sink)
        let stamp = Date(timeIntervalSince1970: 1_577_836_800)  // fixed: the same table gives the same bytes
        let parts = [
            ("[Content_Types].xml", XLSXParts.contentTypes(sheets: names.count)), ("_rels/.rels", XLSXParts.rootRels),
            ("xl/workbook.xml", XLSXParts.workbook(names: names)), ("xl/_rels/workbook.xml.rels", XLSXParts.workbookRels(sheets: names.count)),
            ("xl/styles.xml", XLSXParts.styles),
        ]
        for (name, text) in parts { try await writer.add(name: name, data: Data(text.utf8), modified: stamp) }
        for i in names.indices {
            try await writer.addDeflated(name: "xl/worksheets/sheet\(i + 1).xml", modified: stamp) { write in try await sheet(i, write) }
        }
        try await writer.finish()
    }

    final class DataBox: @unchecked Sendable { var data = Data() }

    /// Each column's width in characters: the widest cell or the header, within 10…60.
    func columnWidths() -> [Int] {
        var widest = headers.map { $0.count * 2 }
        for row in rows {
            for (i, value) in row.enumerated() where i < widest.count {
                if case .text(let s) = value, s.utf8.count <= widest[i] { continue }  // a character takes at least one byte
                widest[i] = max(widest[i], Self.display(value).count)
            }
        }
        return widest.map { min(60, max(10, $0 + 2)) }
    }

    /// A worksheet's XML handed to `write` about 256 kB at a time, its rows taken from the pages
    /// `rows` hands out.
    static func writeSheetXML(
        headers: [String], widths: [Int], write: @escaping ([UInt8]) async throws -> Void,
        rows: (_ page: ([[Value]]) async throws -> Void) async throws -> Void
    ) async throws {
        var xml = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetViews><sheetView workbookViewId="0">\
            <pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>\
            <cols>
            """
        for (i, width) in widths.enumerated() {
            xml += "<col min=\"\(i + 1)\" max=\"\(i + 1)\" width=\"\(width)\" customWidth=\"1\"/>"
        }
        xml += "</cols><sheetData>"
        func row(_ r: Int, _ row: [Value]) {
            xml += "<row r=\"\(r + 1)\">"
            for (c, value) in row.enumerated() {
                let ref = Self.column(c) + String(r + 1)
                let bold = r == 0 ? " s=\"2\"" : ""
                switch value {
                case .text(let s):
                    xml += "<c r=\"\(ref)\" t=\"inlineStr\"\(bold)><is><t xml:space=\"preserve\">\(Self.escape(FormulaGuard.neutralised(s)))</t></is></c>"
                case .number(let n): xml += "<c r=\"\(ref)\"><v>\(Self.display(.number(n)))</v></c>"
                case .date(let d): xml += "<c r=\"\(ref)\" s=\"1\"><v>\((d.timeIntervalSince1970 + 8 * 3600) / 86_400 + 25_569)</v></c>"
                case .moment(let d): xml += "<c r=\"\(ref)\" s=\"3\"><v>\((d.timeIntervalSince1970.rounded(.down) + 8 * 3600) / 86_400 + 25_569)</v></c>"
                case .empty: break
                }
            }
            xml += "</row>"
        }
        row(0, headers.map(Value.text))
        var next = 1
        try await rows { page in
            for values in page {
                row(next, values)
                next += 1
                if xml.utf8.count >= 256 * 1024 {
                    try await write(Array(xml.utf8))
                    xml.removeAll(keepingCapacity: true)
                }
            }
        }
        xml += "</sheetData></worksheet>"
        try await write(Array(xml.utf8))
    }

    /// One CSV line (every field quoted, CRLF), text made inert as in ``csv()``.
    static func csvLine(_ row: [Value]) -> String {
        row.map { "\"" + cell($0).replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: ",") + "\r\n"
    }

    /// A, B, … Z, AA, AB …
    static func column(_ index: Int) -> String {
        var n = index + 1
        var s = ""
        while n > 0 {
            let r = (n - 1) % 26
            s = String(UnicodeScalar(UInt8(65 + r))) + s
            n = (n - 1) / 26
        }
        return s
    }

    /// XML text: markup escaped, and characters XML 1.0 cannot carry dropped.
    static func escape(_ s: String) -> String {
        var out = ""
        for u in s.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default:
                if u.value < 0x20 && u != "\t" && u != "\n" && u != "\r" || (0xFFFE...0xFFFF).contains(u.value) { continue }
                out.unicodeScalars.append(u)
            }
        }
        return out
    }
}
