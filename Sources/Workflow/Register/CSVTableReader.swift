import Foundation

/// Reads a CSV file as Excel and WPS save it: UTF-8 with or without a BOM, or GB18030 (what
/// Excel on a Chinese Windows writes, rare characters of CJK Extension B and beyond included);
/// fields quoted with `"` (doubled inside), separated by commas, rows by CRLF or LF.
///
/// Our own parser rather than a CSV library: an error must name the row as the spreadsheet
/// program numbers it, and a quoted cell may hold line breaks, so rows are counted as records,
/// not lines — which the libraries of the mirror do not report.
enum CSVTableReader {
    static func read(_ data: Data, name: String) throws(WorkflowError) -> SheetTable {
        let text = try decode(data, name: name)
        var records: [(number: Int, cells: [String])] = []
        var cells: [String] = []
        var field = ""
        var quoted = false
        var afterQuote = false
        var number = 1
        var scalars = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func endRecord() {
            cells.append(field)
            records.append((number, cells))
            number += 1
            cells = []
            field = ""
            afterQuote = false
        }
        while let c = pending ?? scalars.next() {
            pending = nil
            if quoted {
                if c == "\"" {
                    let next = scalars.next()
                    if next == "\"" {
                        field.unicodeScalars.append("\"")
                    } else {
                        quoted = false
                        afterQuote = true
                        pending = next
                    }
                } else {
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case "\"" where field.isEmpty && !afterQuote: quoted = true
            case ",":
                cells.append(field)
                field = ""
                afterQuote = false
            case "\r":
                let next = scalars.next()
                if next != "\n" { pending = next }
                endRecord()
            case "\n": endRecord()
            default: field.unicodeScalars.append(c)
            }
        }
        if quoted { throw WorkflowError(.invalid, field: "file", rule: "csv", "\(name) 第 \(number) 行的引号没有闭合") }
        if !field.isEmpty || !cells.isEmpty { endRecord() }
        guard let header = records.first else { throw WorkflowError(.invalid, field: "file", rule: "empty", "\(name) 没有任何内容") }
        let headers = header.cells.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        return SheetTable(headers: headers, rows: SheetTable.cleaned(Array(records.dropFirst()), width: headers.count))
    }

    /// The file's text: UTF-8 when it is (a BOM dropped), otherwise GB18030.
    static func decode(_ data: Data, name: String) throws(WorkflowError) -> String {
        var bytes = data
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        // GB18030 (kCFStringEncodingGB_18030_2000) is a superset of GBK and GB2312.
        if let text = String(data: Data(bytes), encoding: String.Encoding(rawValue: 0x8000_0632)) { return text }
        throw WorkflowError(.invalid, field: "file", rule: "encoding", "\(name) 的编码既不是 UTF-8 也不是 GB18030：请用 Excel 或 WPS 另存为“CSV UTF-8”")
    }
}
