import Foundation

/// The form of a name that uniqueness is decided on: NFKC, then case folded, then NFKC again
/// (Unicode's NFKC_Casefold, near enough for names). Two account or printer names that a person
/// would read as the same ("Admin", "ａｄｍｉｎ") have the same key; the names themselves are
/// stored as typed.
public enum NameKey {
    /// The key of `name`.
    public static func of(_ name: String) -> String {
        name.precomposedStringWithCompatibilityMapping
            .folding(options: [.caseInsensitive], locale: nil)
            .precomposedStringWithCompatibilityMapping
    }
}
