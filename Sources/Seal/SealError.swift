/// The one error type of Seal: a seal image that cannot be used, or a JPEG that cannot be made.
public struct SealError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is; stable, for programs that react to it.
    public enum Code: String, Sendable {
        /// The file is not a usable seal; ``SealError/problems`` lists every reason.
        case invalidSeal = "invalid-seal"
        /// libjpeg could not encode an image.
        case encodingFailed = "encoding-failed"
    }

    /// The kind of failure.
    public let code: Code
    /// A sentence a person can act on.
    public let message: String
    /// Every rule the file breaks.
    public let problems: [SealProblem]
    /// The underlying error, when there is one.
    public let cause: (any Error & Sendable)?

    /// Creates an error.
    public init(code: Code, message: String, problems: [SealProblem] = [], cause: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.problems = problems
        self.cause = cause
    }

    /// The message followed by one line per problem.
    public var description: String {
        ([message] + problems.map { "  - \($0.message)" }).joined(separator: "\n")
    }
}
