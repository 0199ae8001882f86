/// A one-pass reader of the XML that spreadsheet parts are made of: it reports each element's
/// opening (with its attributes), its closing, and the text between tags with entities decoded.
/// Enough for Office Open XML as Excel and WPS write it (no DTDs); comments, processing
/// instructions and CDATA are skipped or read as text. Names keep their prefix (`r:id`); an
/// element's name is reported without it (`x:row` → `row`).
struct XMLScanner {
    /// What a tag does.
    enum Kind { case open, close, empty }

    let bytes: [UInt8]

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    func scan(tag: (Substring, [String: String], Kind) -> Void, text: (String) -> Void) {
        bytes.withUnsafeBufferPointer { b in
            var i = 0
            let n = b.count
            while i < n {
                if b[i] != UInt8(ascii: "<") {
                    let start = i
                    while i < n && b[i] != UInt8(ascii: "<") { i += 1 }
                    text(Self.decoded(b, start, i))
                    continue
                }
                // Comments, declarations, processing instructions: skipped; CDATA: text.
                if i + 1 < n && (b[i + 1] == UInt8(ascii: "?") || b[i + 1] == UInt8(ascii: "!")) {
                    if Self.matches(b, i, "<![CDATA[") {
                        let start = i + 9
                        var j = start
                        while j + 2 < n && !(b[j] == 93 && b[j + 1] == 93 && b[j + 2] == 62) { j += 1 }
                        text(String(decoding: UnsafeBufferPointer(rebasing: b[start..<min(j, n)]), as: UTF8.self))
                        i = j + 3
                    } else if Self.matches(b, i, "<!--") {
                        var j = i + 4
                        while j + 2 < n && !(b[j] == 45 && b[j + 1] == 45 && b[j + 2] == 62) { j += 1 }
                        i = j + 3
                    } else {
                        while i < n && b[i] != UInt8(ascii: ">") { i += 1 }
                        i += 1
                    }
                    continue
                }
                var j = i + 1
                let closing = j < n && b[j] == UInt8(ascii: "/")
                if closing { j += 1 }
                let nameStart = j
                while j < n && !Self.isSpace(b[j]) && b[j] != UInt8(ascii: ">") && b[j] != UInt8(ascii: "/") { j += 1 }
                var nameBytes = UnsafeBufferPointer(rebasing: b[nameStart..<j])
                if let colon = nameBytes.firstIndex(of: UInt8(ascii: ":")) {
                    nameBytes = UnsafeBufferPointer(rebasing: nameBytes[(colon + 1)...])
                }
                let name = Substring(String(decoding: nameBytes, as: UTF8.self))
                var attributes: [String: String] = [:]
                var selfClosing = false
                while j < n && b[j] != UInt8(ascii: ">") {
                    if b[j] == UInt8(ascii: "/") {
                        selfClosing = true
                        j += 1
                        continue
                    }
                    if Self.isSpace(b[j]) {
                        j += 1
                        continue
                    }
                    let keyStart = j
                    while j < n && b[j] != UInt8(ascii: "=") && !Self.isSpace(b[j]) && b[j] != UInt8(ascii: ">") { j += 1 }
                    let key = String(decoding: UnsafeBufferPointer(rebasing: b[keyStart..<j]), as: UTF8.self)
                    while j < n && (Self.isSpace(b[j]) || b[j] == UInt8(ascii: "=")) { j += 1 }
                    guard j < n, b[j] == UInt8(ascii: "\"") || b[j] == UInt8(ascii: "'") else { continue }
                    let quote = b[j]
                    j += 1
                    let valueStart = j
                    while j < n && b[j] != quote { j += 1 }
                    attributes[key] = Self.decoded(b, valueStart, j)
                    j += 1
                }
                i = j + 1
                tag(name, attributes, closing ? .close : selfClosing ? .empty : .open)
            }
        }
    }

    static func isSpace(_ c: UInt8) -> Bool { c == 32 || c == 9 || c == 10 || c == 13 }

    static func matches(_ b: UnsafeBufferPointer<UInt8>, _ i: Int, _ literal: String) -> Bool {
        let bytes = Array(literal.utf8)
        guard i + bytes.count <= b.count else { return false }
        return (0..<bytes.count).allSatisfy { b[i + $0] == bytes[$0] }
    }

    /// The text of `b[start..<end]` with XML's entities and character references decoded.
    static func decoded(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> String {
        let slice = UnsafeBufferPointer(rebasing: b[start..<min(end, b.count)])
        guard slice.contains(UInt8(ascii: "&")) else { return String(decoding: slice, as: UTF8.self) }
        let raw = String(decoding: slice, as: UTF8.self)
        var out = ""
        var rest = Substring(raw)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            guard let semi = rest[amp...].firstIndex(of: ";"), rest.distance(from: amp, to: semi) <= 10 else {
                out += "&"
                rest = rest[rest.index(after: amp)...]
                continue
            }
            let entity = rest[rest.index(after: amp)..<semi]
            switch entity {
            case "amp": out += "&"
            case "lt": out += "<"
            case "gt": out += ">"
            case "quot": out += "\""
            case "apos": out += "'"
            default:
                let number = entity.hasPrefix("#x") ? UInt32(entity.dropFirst(2), radix: 16) : entity.hasPrefix("#") ? UInt32(entity.dropFirst()) : nil
                if let number, let scalar = Unicode.Scalar(number) { out.unicodeScalars.append(scalar) } else { out += "&" + entity + ";" }
            }
            rest = rest[rest.index(after: semi)...]
        }
        return out + rest
    }
}
