/// The two ways a letter is printed: template one draws the whole form on blank A4;
/// template two prints only the values into the blanks of a pre-printed sheet.
public enum LetterTemplate: String, Sendable, CaseIterable, Codable {
    /// The whole form (套打模板一).
    case one
    /// Values only, for pre-printed sheets (套打模板二).
    case two

    /// The layout file's name in `layouts/`.
    public var layoutName: String {
        switch self {
        case .one: "template-one"
        case .two: "template-two"
        }
    }
}
