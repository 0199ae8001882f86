/// The one error type of Render.
public struct RenderError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is; stable, for programs that react to it.
    public enum Code: String, Sendable {
        /// A layout file is missing, malformed or names something unknown.
        case invalidLayout = "invalid-layout"
        /// The fonts are missing or a configured family is absent.
        case fonts = "fonts"
        /// A value holds a character that no configured font can draw.
        case missingGlyph = "missing-glyph"
        /// Cairo reported an error while drawing or writing.
        case cairo = "cairo"
        /// The project's resource folders (fonts/, layouts/) were not found.
        case resources = "resources"
        /// A seal image could not be used.
        case seal = "seal"
        /// Writing the output failed.
        case io = "io"
        /// A printer profiles file is missing, malformed, or lacks the printer asked for.
        case printers = "printers"
    }

    /// The kind of failure.
    public let code: Code
    /// A sentence a person can act on.
    public let message: String
    /// The underlying error, when there is one.
    public let cause: (any Error & Sendable)?

    /// Creates an error.
    public init(code: Code, message: String, cause: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    /// The message, and the cause's description when there is one.
    public var description: String {
        cause.map { "\(message)（\($0)）" } ?? message
    }
}
