/// A JSON value written in one canonical form: no spaces, object keys sorted, strings escaped as
/// Foundation's `JSONSerialization` escapes them with `.withoutEscapingSlashes` (`"`, `\` and
/// control characters only; every other character as its UTF-8). Letters stored before this
/// type existed were written by `JSONSerialization`, and a letter's JSON must stay the same
/// bytes for the same letter. Our own writer: `JSONSerialization` was 4.5 % of the CPU of a
/// full transfer (it sorts keys through `AnyHashable`), and `JSONEncoder` writes another form.
enum CanonicalJSON {
    case string(String)
    case integer(Int)
    case object([String: CanonicalJSON])

    /// The value's bytes.
    var bytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(512)
        write(into: &out)
        return out
    }

    private func write(into out: inout [UInt8]) {
        switch self {
        case .string(let s): Self.write(s, into: &out)
        case .integer(let n): out.append(contentsOf: String(n).utf8)
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            // Keys are fixed ASCII words in camel case, in the same order whether compared as
            // here or as `.sortedKeys` compares them (case-insensitively, digits as numbers).
            for (i, key) in members.keys.sorted().enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                Self.write(key, into: &out)
                out.append(UInt8(ascii: ":"))
                members[key]!.write(into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private static func write(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in s.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x08: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x0C: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case 0x0A: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x00..<0x20:
                out.append(contentsOf: Array("\\u00".utf8))
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 0xF)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
