/// One broken rule: which field, which rule, and what to do about it.
public struct ValidationIssue: Sendable, Equatable, CustomStringConvertible {
    /// The field's path in the JSON contract, such as `member.idNumber`.
    public let field: String
    /// A short stable name of the rule, such as `check-digit`.
    public let rule: String
    /// What is wrong, in words an administrator can act on.
    public let message: String

    /// Creates an issue.
    public init(field: String, rule: String, message: String) {
        self.field = field
        self.rule = rule
        self.message = message
    }

    /// `field [rule]: message`.
    public var description: String { "\(field) [\(rule)]: \(message)" }
}
