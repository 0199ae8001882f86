/// The 统一社会信用代码 of a unit (GB 32100-2015): 18 characters from a 31-character set
/// without I, O, Z, S and V, the last a check character computed over the first 17.
public enum CreditCode {
    static let characters = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
    static let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

    /// Whether `code` is 18 valid characters whose last is the check character of the others.
    public static func isValid(_ code: String) -> Bool {
        let chars = Array(code.uppercased())
        guard chars.count == 18 else { return false }
        var sum = 0
        for (i, c) in chars.prefix(17).enumerated() {
            guard let value = characters.firstIndex(of: c) else { return false }
            sum += value * weights[i]
        }
        let check = (31 - sum % 31) % 31
        return chars[17] == characters[check]
    }
}
