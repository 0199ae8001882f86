/// The three parts (联) of the letter's sheet.
public enum LetterPart: String, Sendable, CaseIterable, Codable, Comparable {
    /// Part 1, the stub (存根) kept by the issuing organization.
    case stub
    /// Part 2, the letter itself.
    case letter
    /// Part 3, the receipt (回执联) returned by the receiving organization.
    case receipt

    /// Reads `stub,letter,receipt` (any subset, any order); nil when a name is unknown or
    /// the list is empty.
    public static func parseList(_ text: String) -> Set<LetterPart>? {
        let names = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        var parts = Set<LetterPart>()
        for name in names {
            guard let part = LetterPart(rawValue: name) else { return nil }
            parts.insert(part)
        }
        return parts.isEmpty ? nil : parts
    }

    /// Top to bottom on the sheet.
    public static func < (a: LetterPart, b: LetterPart) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}
