/// The rules for single fields, shared by letter validation and other producers of letters.
public enum FieldRules {
    /// The 56 ethnic groups recognised in China, without the trailing 族.
    public static let ethnicities: Set<String> = [
        "汉", "蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜", "满", "侗", "瑶", "白",
        "土家", "哈尼", "哈萨克", "傣", "黎", "傈僳", "佤", "畲", "高山", "拉祜", "水", "东乡", "纳西",
        "景颇", "柯尔克孜", "土", "达斡尔", "仫佬", "羌", "布朗", "撒拉", "毛南", "仡佬", "锡伯", "阿昌",
        "普米", "塔吉克", "怒", "乌孜别克", "俄罗斯", "鄂温克", "德昂", "保安", "裕固", "京", "塔塔尔",
        "独龙", "鄂伦春", "赫哲", "门巴", "珞巴", "基诺",
    ]

    /// A mainland mobile number: 11 digits starting 13–19.
    public static func isMobile(_ s: String) -> Bool {
        // By hand rather than a regex literal, which Swift compiles at every call: a register's
        // import checks 200,000 phone numbers.
        let u = Array(s.utf8)
        return u.count == 11 && u[0] == UInt8(ascii: "1") && (UInt8(ascii: "3")...UInt8(ascii: "9")).contains(u[1]) && u.allSatisfy(isDigit)
    }

    static func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }

    /// A landline with its area code: 0 and 2–3 digits, an optional hyphen, 7–8 digits,
    /// and an optional extension after a hyphen.
    public static func isLandline(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard u.count >= 10, u[0] == UInt8(ascii: "0"), u[1] != UInt8(ascii: "0"), isDigit(u[1]) else { return false }
        // Area codes of 3 and 4 digits; the number after them of 7 or 8 starting 2–9; an extension after a hyphen.
        for area in 3...4 {
            var i = area
            guard u.count > i, u[2..<area].allSatisfy(isDigit) else { continue }
            if u[i] == UInt8(ascii: "-") { i += 1 }
            for length in 7...8 {
                let end = i + length
                guard end <= u.count, u[i] >= UInt8(ascii: "2"), u[i..<end].allSatisfy(isDigit) else { continue }
                if end == u.count { return true }
                let ext = u[(end + 1)...]
                if u[end] == UInt8(ascii: "-"), (1...6).contains(ext.count), ext.allSatisfy(isDigit) { return true }
            }
        }
        return false
    }

    /// Six digits.
    public static func isPostcode(_ s: String) -> Bool {
        let u = Array(s.utf8)
        return u.count == 6 && u.allSatisfy(isDigit)
    }

    /// A letter number: 1–32 ASCII letters, digits or hyphens.
    public static func isLetterNumber(_ s: String) -> Bool {
        s.wholeMatch(of: /[0-9A-Za-z\-]{1,32}/) != nil
    }

    /// The ethnic group without a trailing 族, or nil when it is none of the 56.
    public static func ethnicity(_ s: String) -> String? {
        let bare = s.hasSuffix("族") && s.count > 1 ? String(s.dropLast()) : s
        return ethnicities.contains(bare) ? bare : nil
    }

    /// Longest organization name or address accepted, in characters; longer ones cannot be
    /// printed legibly in the form's blanks.
    public static let maxNameLength = 60
}
