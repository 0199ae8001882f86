/// The one error type of Workflow: a request the rules do not allow, a conflict, or a storage
/// failure, with a message a person can act on.
public struct WorkflowError: Error, Sendable, CustomStringConvertible, Equatable {
    /// What kind of failure; stable, for programs (and HTTP status codes) to react to.
    public enum Code: String, Sendable, Codable {
        /// The operation is not allowed to this organization in this state (who may, is said).
        case notAllowed = "not-allowed"
        /// The caller's role does not do this (an auditor approving, an administrator reading the
        /// audit log).
        case wrongRole = "wrong-role"
        /// A rule of §6 rejects the request.
        case invalid = "invalid"
        /// No such organization, member, transfer or letter.
        case notFound = "not-found"
        /// Someone else changed the transfer first; reload and try again.
        case conflict = "conflict"
        /// No path exists (for example the destination is an ancestor of the source).
        case noPath = "no-path"
        /// The store failed.
        case storage = "storage"
        /// Rendering a letter failed.
        case rendering = "rendering"
    }

    /// The kind of failure.
    public let code: Code
    /// What is wrong and what to do.
    public let message: String
    /// The underlying error's description, when there is one.
    public let cause: String?

    /// Creates an error.
    public init(_ code: Code, _ message: String, cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause.map { "\($0)" }
    }

    /// The message, and the cause when there is one.
    public var description: String { cause.map { "\(message)（\($0)）" } ?? message }
}
