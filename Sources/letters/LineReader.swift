import Foundation

/// Reads a file line by line in fixed chunks, so that a batch of any size streams through
/// a small buffer.
struct LineReader: Sequence {
    let path: String

    func makeIterator() -> Iterator { Iterator(handle: FileHandle(forReadingAtPath: path)) }

    struct Iterator: IteratorProtocol {
        let handle: FileHandle?
        var buffer = Data()
        var number = 0
        var done = false

        init(handle: FileHandle?) {
            self.handle = handle
            done = handle == nil
        }

        /// The next line's number (from 1) and bytes, without its line ending.
        mutating func next() -> (number: Int, line: Data)? {
            while true {
                if let newline = buffer.firstIndex(of: 0x0A) {
                    var line = buffer[buffer.startIndex..<newline]
                    buffer.removeSubrange(buffer.startIndex...newline)
                    if line.last == 0x0D { line = line.dropLast() }
                    number += 1
                    return (number, Data(line))
                }
                if done {
                    guard !buffer.isEmpty else { return nil }
                    number += 1
                    defer { buffer.removeAll() }
                    return (number, buffer)
                }
                let chunk = handle?.readData(ofLength: 1 << 20) ?? Data()
                if chunk.isEmpty { done = true } else { buffer.append(chunk) }
            }
        }
    }

    /// How many lines the file has, counted without decoding anything.
    func count() -> Int {
        guard let handle = FileHandle(forReadingAtPath: path) else { return 0 }
        var lines = 0
        var last: UInt8 = 0x0A
        while true {
            let chunk = handle.readData(ofLength: 1 << 20)
            guard let tail = chunk.last else { break }
            lines += chunk.reduce(0) { $1 == 0x0A ? $0 + 1 : $0 }
            last = tail
        }
        return lines + (last == 0x0A ? 0 : 1)
    }
}
