/// Who asks the service for something: the account, its role and organization (in `account`)
/// and the address the request came from. The service writes a change's audit entry with it,
/// in the change's own transaction and on the service's clock.
public struct Caller: Sendable, Hashable {
    /// The signed-in account.
    public let account: Account
    /// The client's address.
    public let address: String
    /// Whether this is whoever runs the service on its machine (the command line, with the
    /// database in hand): the one who loads the first organizations into an empty store.
    public let isLocalOperator: Bool

    /// A caller.
    public init(account: Account, address: String, isLocalOperator: Bool = false) {
        self.account = account
        self.address = address
        self.isLocalOperator = isLocalOperator
    }

    /// Whether the caller is the machine's operator acting for no organization of `tree` (an
    /// empty or unbound store): the whole register is theirs to load and export.
    public func isUnbound(in tree: OrganizationTree) -> Bool {
        isLocalOperator && tree.organizations[account.organization] == nil
    }

    /// Who acts in the workflow: the member for a member's account, the organization otherwise.
    public var actor: Actor {
        if account.role == .member, let member = account.member { return .member(member) }
        return .organization(account.organization)
    }
}
