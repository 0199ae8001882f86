/// The one error type of LetterModel: a letter that could not be read or did not pass validation.
public struct LetterError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is; stable across versions, for programs that react to it.
    public enum Code: String, Sendable {
        /// The input is not well-formed JSON, or its top level is not an object.
        case malformedJSON = "malformed-json"
        /// The JSON was read but one or more fields break a rule; see ``LetterError/issues``.
        case invalidLetter = "invalid-letter"
    }

    /// The kind of failure.
    public let code: Code
    /// A sentence a person can act on.
    public let message: String
    /// Every rule the letter breaks, in field order: all of them, not just the first.
    public let issues: [ValidationIssue]
    /// The underlying error, when another library raised it.
    public let cause: (any Error & Sendable)?

    /// Creates an error; `issues` is empty unless the code is ``Code/invalidLetter``.
    public init(code: Code, message: String, issues: [ValidationIssue] = [], cause: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.issues = issues
        self.cause = cause
    }

    /// The message followed by one line per issue.
    public var description: String {
        ([message] + issues.map { "  - \($0)" }).joined(separator: "\n")
    }
}
