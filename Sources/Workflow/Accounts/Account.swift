import Foundation

/// The three separate roles of §9 (China's level-3 protection scheme).
public enum Role: String, Sendable, Codable, CaseIterable {
    /// 安全员: manages accounts and permissions, does no business.
    case securityOfficer = "security-officer"
    /// 审计员: reads the audit log, does no business.
    case auditor
    /// 管理员: does the business of one organization, sees its subtree.
    case administrator
    /// 党员: a member applying for their own transfer and following it (seed 002 党员e家); the
    /// account is made by the member's branch.
    case member

    /// The role's name as people read it.
    public var label: String {
        switch self {
        case .securityOfficer: "安全员"
        case .auditor: "审计员"
        case .administrator: "管理员"
        case .member: "党员"
        }
    }
}

/// A person's account, bound to one organization and its subtree.
public struct Account: Sendable, Hashable, Codable {
    /// Login name.
    public var name: String
    /// Role.
    public var role: Role
    /// The organization it belongs to.
    public var organization: OrganizationID
    /// Whether its holder has set a password with the activation code.
    public var active: Bool
    /// Whether the security officer disabled it (it cannot log in).
    public var disabled: Bool
    /// The holder's name (姓名), when the register has it: the transfer log names who acted.
    public var person: String?
    /// For a member's account, the member it belongs to.
    public var member: MemberID?

    /// Creates an account value.
    public init(
        name: String, role: Role, organization: OrganizationID, active: Bool, disabled: Bool = false, person: String? = nil,
        member: MemberID? = nil
    ) {
        self.name = name
        self.role = role
        self.organization = organization
        self.active = active
        self.disabled = disabled
        self.person = person
        self.member = member
    }

    /// How a log names the holder: the login name, and the person's name when known.
    public var signature: String {
        guard let person, !person.isEmpty else { return name }
        return "\(name)（\(person)）"
    }
}

/// Hashes and checks passwords; the server provides bcrypt.
public protocol PasswordHasher: Sendable {
    /// A hash of `password` to store.
    func hash(_ password: String) -> String
    /// Whether `password` matches `hash`.
    func verify(_ password: String, hash: String) -> Bool
}

/// One line of the audit log: who, when, from where, what, with what outcome.
public struct AuditEntry: Sendable, Hashable, Codable {
    /// When.
    public var at: Date
    /// The account (or the login name tried).
    public var account: String
    /// The client's address.
    public var address: String
    /// What was done: `login`, `approve`, `download-letter` …
    public var action: String
    /// What it was done to (a transfer id, an account …).
    public var target: String
    /// `ok`, or the error code.
    public var outcome: String
    /// Its place in the log, once stored: the log is read newest first and paged back by it.
    public var seq: Int64?

    /// Creates an entry.
    public init(at: Date, account: String, address: String, action: String, target: String, outcome: String) {
        self.at = at
        self.account = account
        self.address = address
        self.action = action
        self.target = target
        self.outcome = outcome
    }
}
