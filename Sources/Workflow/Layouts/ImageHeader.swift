import Foundation

/// The kind and pixel size of a JPEG or PNG, read from its header without decoding it. Our
/// own: the scans are only shown to a browser, so a decoder (and its memory for a 300 dpi
/// page) would be spent on nothing but these two numbers.
enum ImageHeader {
    /// `("jpeg" | "png", width, height)`, or nil when the bytes are neither or the size cannot be read.
    static func size(of data: Data) -> (String, Int, Int)? {
        let b = [UInt8](data.prefix(1 << 20))
        if b.count >= 24, b.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), Array(b[12..<16]) == Array("IHDR".utf8) {
            let w = b[16..<20].reduce(0) { $0 << 8 | Int($1) }
            let h = b[20..<24].reduce(0) { $0 << 8 | Int($1) }
            return w > 0 && h > 0 ? ("png", w, h) : nil
        }
        guard b.count >= 4, b[0] == 0xFF, b[1] == 0xD8 else { return nil }
        var i = 2
        // Segments until a start-of-frame marker (SOF0–SOF15 but DHT, JPG and DAC), which holds the size.
        while i + 9 < b.count {
            guard b[i] == 0xFF else { return nil }
            let marker = b[i + 1]
            if marker == 0xFF {
                i += 1
                continue
            }
            if marker == 0xD8 || (0xD0...0xD7).contains(marker) {
                i += 2
                continue
            }
            let length = Int(b[i + 2]) << 8 | Int(b[i + 3])
            if (0xC0...0xCF).contains(marker), ![0xC4, 0xC8, 0xCC].contains(marker) {
                let h = Int(b[i + 5]) << 8 | Int(b[i + 6])
                let w = Int(b[i + 7]) << 8 | Int(b[i + 8])
                return w > 0 && h > 0 ? ("jpeg", w, h) : nil
            }
            guard length >= 2, marker != 0xDA else { return nil }
            i += 2 + length
        }
        return nil
    }
}
