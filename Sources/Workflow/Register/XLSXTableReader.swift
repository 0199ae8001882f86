import Foundation

/// Reads the first worksheet of an `.xlsx` workbook as Excel and WPS write it: shared strings
/// (phonetic runs left out), inline strings, numbers, booleans, formulas' cached values (never
/// evaluated) and dates as serial numbers in a date format, which become `YYYY-MM-DD`.
///
/// The ZIP directory is read by the archive's `ZIPReader`, parts inflated by zlib (`Inflater`);
/// the XML is read by a small scanner of our own rather than
/// Foundation's `XMLParser`: a province's member sheet is millions of cells, and the scanner
/// reads them in one pass over the bytes without an object per event. What a workbook may
/// expand to is bounded before it is read (a zip bomb is refused, not inflated).
enum XLSXTableReader {
    /// The most a worksheet may expand to.
    static let maxSheetBytes: UInt64 = 256 * 1024 * 1024
    /// The most the shared strings (and the other parts) may expand to.
    static let maxPartBytes: UInt64 = 64 * 1024 * 1024

    static func read(_ data: Data, name: String) throws(WorkflowError) -> SheetTable {
        let path = NSTemporaryDirectory() + "letters-sheet-\(UUID().uuidString).xlsx"
        guard FileManager.default.createFile(atPath: path, contents: data) else {
            throw WorkflowError(.storage, "无法写入临时文件 \(path)")
        }
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try read(path: path, name: name)
    }

    /// Reads the workbook at `path` (named `name` in errors), without copying it.
    static func read(path: String, name: String) throws(WorkflowError) -> SheetTable {
        let zip: ZIPReader
        do {
            zip = try ZIPReader(path: path)
        } catch {
            throw WorkflowError(.invalid, field: "file", rule: "format", "\(name) 不是可读的 .xlsx 文件（ZIP 结构损坏）", cause: error)
        }
        let entries = Dictionary(zip.entries.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let sheetPath = try firstSheetPath(zip, entries, name: name)
        var strings: [String] = []
        var dateStyles = Set<Int>()
        if let entry = entries["xl/sharedStrings.xml"] { strings = sharedStrings(try part(zip, entry, limit: maxPartBytes, name: name)) }
        if let entry = entries["xl/styles.xml"] { dateStyles = Self.dateStyles(try part(zip, entry, limit: maxPartBytes, name: name)) }
        guard let sheet = entries[sheetPath] else {
            throw WorkflowError(.invalid, field: "file", rule: "format", "\(name) 中没有工作表（\(sheetPath)）")
        }
        return try table(zip, sheet, strings: strings, dateStyles: dateStyles, name: name)
    }

    /// A reader of `entry`'s stored bytes, inside the file (else an error naming it).
    static func stored(_ zip: ZIPReader, _ entry: ZIPReader.Entry, name: String) throws(WorkflowError) -> () throws -> [UInt8]? {
        do { return try zip.storedChunks(entry) } catch {
            throw WorkflowError(.invalid, field: "file", rule: "format", "\(name) 的 \(Limits.clipped(entry.name, to: 80)) 超出文件末尾：ZIP 结构损坏", cause: error)
        }
    }

    /// The bytes of `entry` inflated, refused once they pass `limit` (whatever size the archive claims).
    static func part(_ zip: ZIPReader, _ entry: ZIPReader.Entry, limit: UInt64, name: String) throws(WorkflowError) -> [UInt8] {
        let next = try stored(zip, entry, name: name)
        var bytes: [UInt8] = []
        try Inflater.inflate(method: entry.method, limit: limit, part: entry.name, name: name, next: next) { chunk throws(WorkflowError) in
            bytes.append(contentsOf: chunk)
        }
        return bytes
    }

    /// The path of the workbook's first sheet (through the workbook's relationships).
    static func firstSheetPath(_ zip: ZIPReader, _ entries: [String: ZIPReader.Entry], name: String) throws(WorkflowError) -> String {
        guard let workbook = entries["xl/workbook.xml"], let rels = entries["xl/_rels/workbook.xml.rels"] else {
            return "xl/worksheets/sheet1.xml"
        }
        var id: String?
        XMLScanner(try part(zip, workbook, limit: maxPartBytes, name: name)).scan { tag, attributes, _ in
            if id == nil, tag == "sheet" { id = attributes["r:id"] }
        } text: { _ in
        }
        var target: String?
        XMLScanner(try part(zip, rels, limit: maxPartBytes, name: name)).scan { tag, attributes, _ in
            if tag == "Relationship", attributes["Id"] == id { target = attributes["Target"] }
        } text: { _ in
        }
        guard let target else { return "xl/worksheets/sheet1.xml" }
        return target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
    }

    /// The shared strings in order; each the text of its runs, phonetic guides (`rPh`) left out.
    static func sharedStrings(_ bytes: [UInt8]) -> [String] {
        var strings: [String] = []
        var current = ""
        var inText = false
        var phonetic = 0
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
        var customDates = Set<Int>()
        var styles: [Int] = []
        var inCellXfs = false
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
        } text: { _ in
        }
        let builtIn = Set(14...22).union(27...36).union(45...47).union(50...58)
        return Set(styles.enumerated().filter { builtIn.contains($0.element) || customDates.contains($0.element) }.map(\.offset))
    }

    /// Whether a number format shows a date: it has a day, month or year outside quotes and brackets.
    static func isDateFormat(_ code: String) -> Bool {
        var quoted = false
        var bracket = false
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
    static func table(_ zip: ZIPReader, _ entry: ZIPReader.Entry, strings: [String], dateStyles: Set<Int>, name: String) throws(WorkflowError) -> SheetTable {
        var headers: [String]?
        var rows: [SheetTable.Row] = []
        var cells: [String] = []
        var rowNumber = 0
        var column = 0
        var type = ""
        var style = 0
        var value = ""
        var inValue = false
        var inInline = false
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
        let next = try stored(zip, entry, name: name)
        // The bytes after the last `<` of a chunk wait for the next: a tag or a text is never cut.
        var pending: [UInt8] = []
        try Inflater.inflate(method: entry.method, limit: maxSheetBytes, part: "工作表", name: name, next: next) { chunk throws(WorkflowError) in
            pending.append(contentsOf: chunk)
            guard let cut = pending.lastIndex(of: UInt8(ascii: "<")), cut > 0 else { return }
            XMLScanner(Array(pending[..<cut])).scan(tag: tag, text: text)
            pending.removeFirst(cut)
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
