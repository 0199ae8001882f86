import Foundation

/// Which audit entries an auditor reads: every filter optional, newest first, `limit` at a
/// time; `before` pages back past the oldest entry of the previous page (its `seq`).
public struct AuditQuery: Sendable, Hashable {
    /// Only this account's entries (or this login name's, for failed logins).
    public var account: String?
    /// Only this action (`login`, `approve`, `download-letter` …).
    public var action: String?
    /// Only entries about this object (a transfer id, an account, an organization).
    public var target: String?
    /// Entries at or after this instant.
    public var from: Date?
    /// Entries up to the end of this day (its midnight): the last day included.
    public var until: Date?
    /// Entries older than this sequence number.
    public var before: Int64?
    /// At most this many entries.
    public var limit: Int
    /// Only entries by these accounts: an auditor below the root reads its subtree's accounts
    /// only. Set by `AccountService`, never by a caller.
    var scope: [String]?

    /// The most entries one query reads (a page; exports read page after page).
    public static let pageLimit = 1000

    /// A query; without arguments, the latest 200 entries.
    public init(
        account: String? = nil, action: String? = nil, target: String? = nil, from: Date? = nil, until: Date? = nil,
        before: Int64? = nil, limit: Int = 200
    ) {
        self.account = account
        self.action = action
        self.target = target
        self.from = from
        self.until = until
        self.before = before
        self.limit = limit
    }
}
