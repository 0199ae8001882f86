/// What an operation on a transfer reads before its state machine decides, read together
/// (`Repository.operationStart`): one statement where it took five or six (two when the server
/// has no copy of the transfer, or the copy's path lacks organizations the stored one has).
struct OperationStart: Sendable {
    /// The transfer's stored version.
    let version: Int
    /// The transfer: decoded anew, or the caller's copy when its version is the stored one.
    let transfer: Transfer
    /// Whether `transfer` was decoded anew (the caller's copy, if any, is out of date).
    let isNew: Bool
    /// The member the transfer moves, as the register has them now.
    let member: PartyMember
    /// The organizations' version (`counters`), for checking a tree kept in memory.
    let organizationsVersion: Int
    /// The current seal version of each organization on the transfer's path, nil for one
    /// without a seal; an organization not on the path is not a key.
    let sealVersions: [OrganizationID: Int?]
}
