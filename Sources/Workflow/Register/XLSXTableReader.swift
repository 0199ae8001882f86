import Foundation
import ZIPFoundation

/// Reads the first worksheet of an `.xlsx` workbook as Excel and WPS write it: shared strings
/// (phonetic runs left out), inline strings, numbers, booleans, formulas' cached values (never
/// evaluated) and dates as serial numbers in a date format, which become `YYYY-MM-DD`.
///
/// The ZIP is ZIPFoundation's; the XML is read by a small scanner of our own rather than
/// Foundation's `XMLParser`: a province's member sheet is millions of cells, and the scanner
/// reads them in one pass over the bytes without an object per event. What a workbook may
/// expand to is bounded before it is read (a zip bomb is refused, not inflated).
enum XLSXTableReader {
    /// The most a worksheet may expand to.
    static let maxSheetBytes: UInt64 = 256 * 1024 * 1024
    /// The most the shared strings (and the other parts) may expand to.
    static let maxPartBytes: UInt64 = 64 * 1024 * 1024

    static func read(_ data: Data, name: String) throws(WorkflowError) -> SheetTable {
        let archive: Archive
        do {
            archive = try Archive(data: data, accessMode: .read)
        } catch {
            throw WorkflowError(.invalid, field: "file", rule: "format", "\(name) 不是可读的 .xlsx 文件（ZIP 结构损坏）", cause: error)
        }
        let sheetPath = try firstSheetPath(archive, name: name)
        var strings: [String] = [], dateStyles = Set<Int>()
        if let entry = archive["xl/sharedStrings.xml"] { strings = sharedStrings(try part(archive, entry, limit: maxPartBytes, name: name)) }
        if let entry = archive["xl/styles.xml"] { dateStyles = Self.dateStyles(try part(archive, entry, limit: maxPartBytes, name: name)) }
        guard let sheet = archive[sheetPath] else {
            throw WorkflowError(.invalid, field: "file", rule: "format", "\(name) 中没有工作表（\(sheetPath)）")
        }
        return try table(archive, sheet, strings: strings, dateStyles: dateStyles, name: name)
    }

    /// The bytes of `entry`, refused once they pass `limit` (whatever size the archive claims).
    static func part(_ archive: Archive, _ entry: Entry, limit: UInt64, name: String) throws(WorkflowError) -> [UInt8] {
        let tooLarge = WorkflowError(.invalid, field: "file", rule: "size",
                                     "\(name) 的 \(entry.path) 展开后超过 \(limit / 1024 / 1024) MB：不像是 Excel 或 WPS 保存的工作簿，未读取")
        guard entry.uncompressedSize <= limit else { throw tooLarge }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(entry.uncompressedSize))
        do {
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                guard UInt64(bytes.count + chunk.count) <= limit else { throw tooLarge }
                bytes.append(contentsOf: chunk)
            }
        } catch let error as WorkflowError {
            throw error
        } catch {
            throw WorkflowError(.invalid, field: "file", rule: "format", "\(name) 的 \(entry.path) 无法解压", cause: error)
        }
        return bytes
    }

    /// The path of the workbook's first sheet (through the workbook's relationships).
    static func firstSheetPath(_ archive: Archive, name: String) throws(WorkflowError) -> String {
        guard let workbook = archive["xl/workbook.xml"], let rels = archive["xl/_rels/workbook.xml.rels"] else {
            return "xl/worksheets/sheet1.xml"
        }
        var id: String?
        XMLScanner(try part(archive, workbook, limit: maxPartBytes, name: name)).scan { tag, attributes, _ in
            if id == nil, tag == "sheet" { id = attributes["r:id"] }
        } text: { _ in }
        var target: String?
        XMLScanner(try part(archive, rels, limit: maxPartBytes, name: name)).scan { tag, attributes, _ in
            if tag == "Relationship", attributes["Id"] == id { target = attributes["Target"] }
        } text: { _ in }
        guard let target else { return "xl/worksheets/sheet1.xml" }
        return target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
    }

    /// The shared strings in order; each the text of its runs, phonetic guides (`rPh`) left out.
    static func sharedStrings(_ bytes: [UInt8]) -> [String] {
        var strings: [String] = [], current = "", inText = false, phonetic = 0
        XMLScanner(bytes).scan { tag, _, kind in
            switch (tag, kind) {
            case ("si", .open): current = ""
            case ("si", .close): strings.append(current)
            case ("si", .empty): strings.append("")
            case ("rPh", .open): phonetic += 1
            case ("rPh", .close): phonetic -= 1
            case ("t", .open): inText = phonetic == 0
            case ("t", .close): inText = false
            default: break
            }
        } text: { text in
            if inText { current += text }
        }
        return strings
    }

    /// The indexes of the cell formats (`cellXfs`) that show a date.
    static func dateStyles(_ bytes: [UInt8]) -> Set<Int> {
        var customDates = Set<Int>(), styles: [Int] = [], inCellXfs = false
        XMLScanner(bytes).scan { tag, attributes, kind in
            switch (tag, kind) {
            case ("numFmt", _):
                if let id = attributes["numFmtId"].flatMap(Int.init), let code = attributes["formatCode"], isDateFormat(code) { customDates.insert(id) }
            case ("cellXfs", .open): inCellXfs = true
            case ("cellXfs", .close): inCellXfs = false
            case ("xf", .open), ("xf", .empty):
                if inCellXfs { styles.append(attributes["numFmtId"].flatMap(Int.init) ?? 0) }
            default: break
            }
        } text: { _ in }
        let builtIn = Set(14...22).union(27...36).union(45...47).union(50...58)
        return Set(styles.enumerated().filter { builtIn.contains($0.element) || customDates.contains($0.element) }.map(\.offset))
    }

    /// Whether a number format shows a date: it has a day, month or year outside quotes and brackets.
    static func isDateFormat(_ code: String) -> Bool {
        var quoted = false, bracket = false
        for c in code.lowercased() {
            switch c {
            case "\"": quoted.toggle()
            case "[": bracket = true
            case "]": bracket = false
            case "y", "d", "m": if !quoted && !bracket { return true }
            default: break
            }
        }
        return false
    }

    /// The worksheet as a table, read as it is inflated (the sheet's XML is never whole in
    /// memory): each row's cells trimmed and placed by column, rows without text dropped.
    static func table(_ archive: Archive, _ entry: Entry, strings: [String], dateStyles: Set<Int>, name: String) throws(WorkflowError) -> SheetTable {
        var headers: [String]?
        var rows: [SheetTable.Row] = []
        var cells: [String] = [], rowNumber = 0
        var column = 0, type = "", style = 0, value = "", inValue = false, inInline = false
        var problem: WorkflowError?
        func place(_ text: String) {
            guard column < 16_384 else { return }
            if cells.count <= column { cells += Array(repeating: "", count: column + 1 - cells.count) }
            cells[column] = SheetTable.trimmed(text)
        }
        func endRow() {
            guard let headers else {
                if rowNumber != 1 { problem = problem ?? WorkflowError(.invalid, field: "file", rule: "header", "\(name) 的第 1 行应为列名（表头）") }
                headers = cells
                return
            }
            guard cells.contains(where: { !$0.isEmpty }) else { return }
            if cells.count < headers.count { cells += Array(repeating: "", count: headers.count - cells.count) }
            rows.append(SheetTable.Row(number: rowNumber, cells: cells))
        }
        func tag(_ tag: Substring, _ attributes: [String: String], _ kind: XMLScanner.Kind) {
            switch (tag, kind) {
            case ("row", .open), ("row", .empty):
                rowNumber = attributes["r"].flatMap(Int.init) ?? rowNumber + 1
                cells = []
                if kind == .empty { endRow() }
            case ("row", .close):
                endRow()
            case ("c", .open), ("c", .empty):
                column = attributes["r"].map(columnIndex) ?? cells.count
                type = attributes["t"] ?? "n"
                style = attributes["s"].flatMap(Int.init) ?? 0
                value = ""
                if kind == .empty { place("") }
            case ("c", .close):
                switch type {
                case "s":
                    guard let index = Int(value), strings.indices.contains(index) else {
                        problem = problem ?? WorkflowError(.invalid, field: "file", rule: "format", "\(name) 第 \(rowNumber) 行引用了不存在的共享字符串")
                        place("")
                        return
                    }
                    place(strings[index])
                case "b": place(value == "1" ? "是" : "否")
                case "e": place("")
                case "str", "inlineStr": place(value)
                default: place(number(value, date: dateStyles.contains(style)))
                }
            case ("v", .open): inValue = true
            case ("v", .close): inValue = false
            case ("is", .open): inInline = true
            case ("is", .close): inInline = false
            default: break
            }
        }
        func text(_ text: String) {
            if inValue || inInline { value += text }
        }
        let tooLarge = WorkflowError(.invalid, field: "file", rule: "size",
                                     "\(name) 的工作表展开后超过 \(maxSheetBytes / 1024 / 1024) MB：不像是 Excel 或 WPS 保存的工作簿，未读取")
        guard entry.uncompressedSize <= maxSheetBytes else { throw tooLarge }
        // The bytes after the last `<` of a chunk wait for the next: a tag or a text is never cut.
        var pending: [UInt8] = [], read: UInt64 = 0
        do {
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                read += UInt64(chunk.count)
                guard read <= maxSheetBytes else { throw tooLarge }
                pending.append(contentsOf: chunk)
                guard let cut = pending.lastIndex(of: UInt8(ascii: "<")), cut > 0 else { return }
                XMLScanner(Array(pending[..<cut])).scan(tag: tag, text: text)
                pending.removeFirst(cut)
            }
        } catch let error as WorkflowError {
            throw error
        } catch {
            throw WorkflowError(.invalid, field: "file", rule: "format", "\(name) 的工作表无法解压", cause: error)
        }
        XMLScanner(pending).scan(tag: tag, text: text)
        if let problem { throw problem }
        guard let headers else { throw WorkflowError(.invalid, field: "file", rule: "header", "\(name) 的第 1 行应为列名（表头）") }
        return SheetTable(headers: headers, rows: rows)
    }

    /// A number cell as text: a date (`YYYY-MM-DD`) when its format is one, an integer without
    /// `.0`, and a number too large to be exact (an ID number Excel took for one) the way Excel
    /// shows it, `3.70102E+17`, so that the rule refusing it can say so.
    static func number(_ text: String, date: Bool) -> String {
        guard let n = Double(text) else { return text }
        if date, n >= 1, n < 2_958_466 {
            // Serial days since 1899-12-30 (Excel's 1900 system, its leap-day bug included).
            let days = Int(n.rounded(.down)) - 25_569
            return ChinaDay.civil(daysSinceEpoch: days)
        }
        if n == n.rounded(), abs(n) < 1e15 { return String(Int64(n)) }
        if abs(n) >= 1e15 { return String(format: "%.5E", n) }
        return text
    }

    /// The column of a cell reference (`AB12` → 27).
    static func columnIndex(_ reference: String) -> Int {
        var index = 0
        for u in reference.unicodeScalars {
            guard (65...90).contains(u.value) else { break }
            index = index * 26 + Int(u.value - 64)
        }
        return max(0, index - 1)
    }
}
