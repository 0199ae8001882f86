/// The four transfer permissions of an organization (转接权限, seed 000).
public struct TransferPermissions: Sendable, Hashable, Codable {
    /// May transfer at all; an organization without it is skipped on every path. Set by its parent.
    public var mayTransfer: Bool
    /// May send letters out of the province and create incoming transfers (system data).
    public var national: Bool
    /// May send letters directly to another such organization in the province (system data).
    public var provincial: Bool
    /// Approves automatically when a transfer turns here between its children (its own setting).
    public var autoApprove: Bool

    /// Creates permissions; national implies provincial.
    public init(mayTransfer: Bool = true, national: Bool = false, provincial: Bool = false, autoApprove: Bool = true) {
        self.mayTransfer = mayTransfer
        self.national = national
        self.provincial = provincial || national
        self.autoApprove = autoApprove
    }

    /// Provincial or national: may be an end of a lateral hop.
    public var ranged: Bool { national || provincial }
}
