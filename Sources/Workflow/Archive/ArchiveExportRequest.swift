import Foundation

/// What an archive export covers: one organization's archive (or its subtree's, or the whole
/// store), letters issued in a period, transfers in a status.
public struct ArchiveExportRequest: Sendable {
    /// Whose archive; nil for the whole store (every document as stored).
    public var organization: OrganizationID?
    /// Whether the archives of the organization's subordinates are included.
    public var includeDescendants: Bool
    /// First day of issue (China time), inclusive.
    public var from: Date?
    /// Last day of issue, inclusive.
    public var until: Date?
    /// Only transfers in this state (`completed`, `awaiting-report` …).
    public var status: String?
    /// Who asked (written into the manifest).
    public var requestedBy: String

    /// A request.
    public init(
        organization: OrganizationID? = nil, includeDescendants: Bool = true, from: Date? = nil, until: Date? = nil,
        status: String? = nil, requestedBy: String
    ) {
        self.organization = organization
        self.includeDescendants = includeDescendants
        self.from = from
        self.until = until
        self.status = status
        self.requestedBy = requestedBy
    }
}

/// What an export wrote.
public struct ArchiveExportSummary: Sendable {
    /// Transfers with at least one file.
    public var transfers = 0
    /// Stored documents (letters and receipts) exported, whole or in part.
    public var documents = 0
    /// Files in the ZIP, manifests included.
    public var files = 0
    /// Bytes of the ZIP.
    public var bytes: UInt64 = 0
}
