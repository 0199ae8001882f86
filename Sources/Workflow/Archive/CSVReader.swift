/// Reads CSV as the exports write it (RFC 4180: quoted fields, doubled quotes, CRLF), with an
/// optional byte-order mark, one row at a time.
struct CSVReader: IteratorProtocol {
    private var scalars: String.UnicodeScalarView.Iterator
    private var pending: Unicode.Scalar?

    init(_ text: String) {
        scalars = (text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text).unicodeScalars.makeIterator()
        pending = scalars.next()
    }

    /// The next row; nil at the end.
    mutating func next() -> [String]? {
        guard pending != nil else { return nil }
        var row: [String] = []
        var field = ""
        var quoted = false
        while let c = pending {
            pending = scalars.next()
            if quoted {
                if c == "\"" {
                    if pending == "\"" {
                        field.unicodeScalars.append("\"")
                        pending = scalars.next()
                    } else {
                        quoted = false
                    }
                } else {
                    field.unicodeScalars.append(c)
                }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                row.append(field)
                field = ""
            } else if c == "\r" || c == "\n" {
                if c == "\r", pending == "\n" { pending = scalars.next() }
                row.append(field)
                return row
            } else {
                field.unicodeScalars.append(c)
            }
        }
        row.append(field)
        return row
    }
}
