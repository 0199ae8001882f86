/// The one error type of the workflow (the transfer machine and the service around it, which
/// re-exports it): a request the rules do not allow, a conflict, or a storage
/// failure, as a value: what kind (`code`), which field and which rule, a message a person can
/// act on, and the cause underneath. The server turns it into JSON or a page in one place; the
/// command line prints `description`.
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
    /// The field the error is about (`reason`, `member.idNumber`), when one is.
    public let field: String?
    /// The rule the request breaks (`required`, `unique`, `allowed-values`), when one does.
    public let rule: String?
    /// What is wrong and what to do, in words for the person who asked.
    public let message: String
    /// The underlying error's description, when there is one.
    public let cause: String?

    /// Creates an error.
    public init(_ code: Code, field: String? = nil, rule: String? = nil, _ message: String, cause: (any Error)? = nil) {
        self.code = code
        self.field = field
        self.rule = rule
        self.message = message
        self.cause = cause.map { "\($0)" }
    }

    /// `field [rule]: message`, and the cause when there is one (for logs and the command line).
    public var description: String {
        let located = field.map { "\($0) [\(rule ?? "invalid")]: \(message)" } ?? message
        return cause.map { "\(located)（\($0)）" } ?? located
    }
}
