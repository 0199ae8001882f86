import Foundation

/// A line of a list of transfers: queue (待办), done (已办), histories and views.
public struct TransferSummary: Sendable, Hashable, Codable {
    /// The transfer.
    public var id: TransferID
    /// Member's name.
    public var memberName: String
    /// Member's ID number.
    public var memberIDNumber: String
    /// Transfer type.
    public var type: String
    /// State code.
    public var state: String
    /// Who must act now.
    public var holder: OrganizationID?
    /// When the held letter expires.
    public var expiresAt: Date?
    /// Whether it has expired.
    public var overdue: Bool
    /// When it was created.
    public var createdAt: Date
    /// Source branch.
    public var source: OrganizationID
    /// Destination branch, in the province.
    public var destination: OrganizationID?
    /// Version, for optimistic concurrency in forms.
    public var version: Int
}

/// Queue counts of an organization and of its subordinates (待办业务 N).
public struct QueueCounts: Sendable, Hashable, Codable {
    /// Held by the organization itself.
    public var own: Int
    /// Held by organizations below it.
    public var subordinates: Int

    /// Creates counts.
    public init(own: Int, subordinates: Int) {
        self.own = own
        self.subordinates = subordinates
    }
}

/// Filters of the history lists (转出历史, 接收历史).
public struct HistoryFilter: Sendable, Hashable {
    /// Part of the member's name.
    public var name: String?
    /// The ID number.
    public var idNumber: String?
    /// A transfer type.
    public var type: TransferType?
    /// Created on or after.
    public var from: Date?
    /// Created on or before this day (its midnight): the last day included.
    public var until: Date?
    /// Include the organization's descendants.
    public var includeDescendants: Bool
    /// 转出单位: transfers out of this organization or any below it.
    public var source: OrganizationID?
    /// 接收单位: transfers to this organization or any below it.
    public var destination: OrganizationID?
    /// 性别 (男 / 女), as the member's ID number says.
    public var sex: String?
    /// 民族 (with or without 族), as the register has the member.
    public var ethnicity: String?

    /// Creates a filter.
    public init(
        name: String? = nil, idNumber: String? = nil, type: TransferType? = nil, from: Date? = nil,
        until: Date? = nil, includeDescendants: Bool = true, source: OrganizationID? = nil,
        destination: OrganizationID? = nil, sex: String? = nil, ethnicity: String? = nil
    ) {
        self.name = name
        self.idNumber = idNumber
        self.type = type
        self.from = from
        self.until = until
        self.includeDescendants = includeDescendants
        self.source = source
        self.destination = destination
        self.sex = sex
        self.ethnicity = ethnicity
    }
}
