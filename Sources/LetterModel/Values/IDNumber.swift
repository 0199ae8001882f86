/// A citizen identity number per GB 11643-1999: 6-digit region, 8-digit birth date,
/// 3-digit sequence (odd for men, even for women) and an ISO 7064 MOD 11-2 check character.
public struct IDNumber: Sendable, Hashable, CustomStringConvertible {
    /// The 18 characters, with an upper-case X where the check character is 10.
    public let value: String
    /// The birth date the number encodes.
    public let birthDate: CivilDate
    /// The sex the sequence code encodes.
    public let sex: Sex

    /// Why a text is not a valid identity number.
    public enum Problem: Sendable, Equatable {
        /// Not 18 characters.
        case length(Int)
        /// A character other than a digit in the first 17, or other than a digit or X last.
        case characters
        /// A lower-case x as the check character; the standard prescribes upper case.
        case lowercaseX
        /// The first two digits are no province-level region.
        case region(String)
        /// Digits 7–14 are no real date.
        case birthDate(String)
        /// The check character does not match the first 17 digits.
        case checkDigit(expected: Character, found: Character)
    }

    private static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    private static let checkCharacters: [Character] = ["1", "0", "X", "9", "8", "7", "6", "5", "4", "3", "2"]
    private static let provinces: Set<Int> = [
        11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
        50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83,
    ]

    /// Parses and checks `text`.
    public static func parse(_ text: String) -> Result<IDNumber, ProblemError> {
        let chars = Array(text)
        guard chars.count == 18 else { return .failure(.init(.length(chars.count))) }
        guard chars.prefix(17).allSatisfy(\.isASCIIDigit) else { return .failure(.init(.characters)) }
        let last = chars[17]
        if last == "x" { return .failure(.init(.lowercaseX)) }
        guard last.isASCIIDigit || last == "X" else { return .failure(.init(.characters)) }
        let digits = chars.prefix(17).map { Int(String($0))! }
        let region = digits[0] * 10 + digits[1]
        guard provinces.contains(region) else { return .failure(.init(.region(String(chars[0..<2])))) }
        let birthText = String(chars[6..<14])
        let year = Int(birthText.prefix(4))!
        let month = Int(birthText.dropFirst(4).prefix(2))!
        let day = Int(birthText.suffix(2))!
        guard year >= 1880, let birth = CivilDate(year: year, month: month, day: day) else {
            return .failure(.init(.birthDate(birthText)))
        }
        let sum = zip(digits, weights).reduce(0) { $0 + $1.0 * $1.1 }
        let expected = checkCharacters[sum % 11]
        guard expected == last else { return .failure(.init(.checkDigit(expected: expected, found: last))) }
        return .success(IDNumber(value: text, birthDate: birth, sex: digits[16] % 2 == 1 ? .male : .female))
    }

    /// The 18 characters.
    public var description: String { value }

    /// A ``Problem`` as an `Error`, so that ``parse(_:)`` can return a `Result`.
    public struct ProblemError: Error, Sendable, Equatable {
        /// What is wrong.
        public let problem: Problem
        init(_ problem: Problem) { self.problem = problem }

        /// The problem in words, and the short rule name it breaks.
        public var explanation: (rule: String, message: String) {
            switch problem {
            case .length(let n): ("length", "身份证号码应为 18 位，实为 \(n) 位")
            case .characters: ("characters", "身份证号码前 17 位应为数字，末位为数字或大写 X")
            case .lowercaseX: ("uppercase-x", "身份证号码末位校验码应为大写 X，不是小写 x")
            case .region(let r): ("region", "身份证号码前两位 \(r) 不是有效的省级行政区划代码")
            case .birthDate(let d): ("birth-date", "身份证号码第 7–14 位 \(d) 不是有效的出生日期")
            case .checkDigit(let e, let f):
                ("check-digit", "身份证号码校验码不符（GB 11643）：按前 17 位应为 \(e)，实为 \(f)；请核对号码")
            }
        }
    }
}
