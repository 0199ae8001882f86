/// What the service must carry out after an operation: the state machine itself does no I/O.
public enum TransferEffect: Sendable, Hashable {
    /// Number, render and store the letter of `hops[hop]`, sealed with its issuer's current seal.
    case issueLetter(hop: Int)
    /// Render and store the receipt (part 3) of `hops[hop]`, dated now and sealed by `by`.
    case returnReceipt(hop: Int, by: OrganizationID)
    /// Move the member: a decrease at `from` (nil: entering the province), an increase at `to`
    /// (nil: leaving it, the record goes to history).
    case moveMember(from: OrganizationID?, to: OrganizationID?)
    /// The member is in transfer again, or active again after a void.
    case memberStatus(MemberStatus)
    /// The member comes back to `at` after a wrong completion out of system.
    case restoreMember(at: OrganizationID)
    /// The receiving side sent back a member it had accepted who never reported: the record
    /// leaves `from` and returns to `to`, in transfer again.
    case sendMemberBack(from: OrganizationID, to: OrganizationID)
}
