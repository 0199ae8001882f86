import Foundation

/// A notice to an organization that a transfer now waits for it (seed 002 sends one when
/// something waits for approval): listed on its pages and handed to the delivery hook.
public struct TransferNotice: Sendable, Hashable, Codable {
    /// Its number (nil before it is stored).
    public var id: Int64?
    /// The organization told.
    public var organization: OrganizationID
    /// The transfer that waits.
    public var transferID: TransferID
    /// When.
    public var at: Date
    /// What it says.
    public var text: String
    /// When the hook took it, if it has.
    public var deliveredAt: Date?
    /// Delivery attempts so far.
    public var attempts: Int

    /// A notification.
    public init(id: Int64? = nil, organization: OrganizationID, transferID: TransferID, at: Date, text: String, deliveredAt: Date? = nil, attempts: Int = 0) {
        self.id = id
        self.organization = organization
        self.transferID = transferID
        self.at = at
        self.text = text
        self.deliveredAt = deliveredAt
        self.attempts = attempts
    }
}
