/// What an import did, or would do (a dry run), or why it did nothing.
public struct ImportOutcome: Sendable {
    /// Rows that add a record.
    public var added = 0
    /// Rows that change a record (by its key).
    public var changed = 0
    /// Rows equal to what is stored.
    public var unchanged = 0
    /// Every broken row; when there is any, nothing was written.
    public var problems: [RegisterProblem] = []
    /// Columns the register does not know, listed and ignored.
    public var ignoredColumns: [String] = []
    /// Whether the rows were written (false for a dry run and whenever a row is broken).
    public var written = false
    /// For accounts: the activation codes of the accounts added or reset, to hand out.
    public var activationCodes: [ActivationCode] = []

    /// An account's activation code as the security officer hands it out.
    public struct ActivationCode: Sendable, Hashable {
        /// The login name.
        public var account: String
        /// The holder's name.
        public var person: String
        /// The organization's code.
        public var organization: String
        /// The code (valid seven days).
        public var code: String
    }

    /// Counts and what was written, one line, for the command line and the audit log.
    public var summary: String { "新增 \(added)，修改 \(changed)，未变 \(unchanged)" }
}
