import Foundation

/// The `manifest.json` of an archive export: what was asked for, the chain's head at the time,
/// and every file with its SHA-256 and the chain entry of the document it comes from.
public struct ArchiveManifest: Sendable, Codable {
    /// Format tag.
    public var format: String
    /// When the export was made (ISO 8601).
    public var exportedAt: String
    /// Who asked for it.
    public var requestedBy: String
    /// The organization whose archive it is; nil for the whole store.
    public var organization: String?
    /// Whether the organization's subordinates' archives are included.
    public var includeDescendants: Bool
    /// The period of issue, ISO dates, inclusive; nil when open.
    public var from: String?
    /// End of the period.
    public var until: String?
    /// Transfer status asked for; nil for all.
    public var status: String?
    /// Whether every chain entry in the store is in the export (no filter): then the chain
    /// can be followed link by link offline.
    public var complete: Bool
    /// The chain's last entry when the export began.
    public var chainHead: ChainHead
    /// The files.
    public var files: [File]

    /// The chain's head.
    public struct ChainHead: Sendable, Codable, Hashable {
        /// Its sequence number.
        public var seq: Int
        /// Its hash.
        public var hash: String
    }

    /// One file of the export.
    public struct File: Sendable, Codable, Hashable {
        /// Path inside the ZIP.
        public var path: String
        /// `letter` (the issued PDF as stored), `parts` (the parts this archive grants, laid out
        /// from the stored values), `receipt` (as returned), `log` (the transfer's log, CSV).
        public var kind: String
        /// SHA-256 of the file, hex.
        public var sha256: String
        /// Size in bytes.
        public var size: Int
        /// The transfer.
        public var transferID: String
        /// Letter number (empty for logs).
        public var number: String
        /// The member's name.
        public var member: String
        /// The member's ID number.
        public var idNumber: String
        /// Issuing organization (name).
        public var from: String
        /// Addressed organization (name).
        public var to: String
        /// Day of issue (ISO).
        public var issuedOn: String
        /// The chain entry of the stored document this file is (or is laid out from).
        public var chain: ArchiveEntry?
        /// The entry's hash as the store recorded it.
        public var chainHash: String?
    }
}
