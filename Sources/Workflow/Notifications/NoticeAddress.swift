/// The e-mail address an administrator has its notices sent to (通知邮箱), kept with its account.
public enum NoticeAddress {
    /// The longest address kept (RFC 5321's path limit).
    public static let maxLength = 254

    /// Whether `address` may be kept and put in an SMTP envelope: ASCII, one `@` with a dotted
    /// domain, no spaces, angle brackets, commas, quotes or line breaks (which would let a value
    /// add recipients or headers).
    public static func isValid(_ address: String) -> Bool {
        guard (3...maxLength).contains(address.utf8.count),
            address.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 32 && $0.value < 127 && !"<>,;\"()[]\\".unicodeScalars.contains($0) })
        else {
            return false
        }
        let halves = address.split(separator: "@", omittingEmptySubsequences: false)
        return halves.count == 2 && !halves[0].isEmpty && halves[1].contains(".") && !halves[1].hasPrefix(".") && !halves[1].hasSuffix(".")
    }
}
