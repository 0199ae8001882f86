import Foundation

/// The lists and counts over transfers in SQL: queues, what an organization acted on, the
/// histories, the statistics' rows. Subtrees arrive as ranges of materialized paths
/// (`low ..< high`), which every driver's B-tree index answers; rows come back as
/// `TransferSummary` values or an error naming the table, column and transfer.
struct TransferQueryRepository {
    let c: any StoreConnection

    static let summaryColumns = "id, member_name, member_id_number, type, state, holder_id, expires_at, created_at, source_id, destination_id, version"

    /// A range of materialized paths: a subtree.
    typealias PathRange = (low: String, high: String)

    /// The queue of `org`, earliest expiry first.
    func queue(of org: OrganizationID, limit: Int, offset: Int, now: Date) async throws -> [TransferSummary] {
        try await c.run(
            "SELECT \(Self.summaryColumns) FROM transfers WHERE holder_id = ? ORDER BY expires_at, id LIMIT ? OFFSET ?",
            [.text(org.rawValue), .int(Int64(limit)), .int(Int64(offset))]
        ).map { try Self.summary($0, now: now) }
    }

    /// How many transfers `org` holds, and how many its subtree holds (itself included): sums
    /// of the counters the database keeps per holder (migration 14), a row per organization
    /// that holds anything rather than a row per transfer.
    func queueCounts(of org: OrganizationID, subtree: PathRange) async throws -> (own: Int, all: Int) {
        let own = try await c.aggregate("SELECT CAST(SUM(n) AS BIGINT) AS n FROM holder_counts WHERE path = ?", [.text(subtree.low)])
        let all = try await c.aggregate(
            "SELECT CAST(SUM(n) AS BIGINT) AS n FROM holder_counts WHERE path >= ? AND path < ?", [.text(subtree.low), .text(subtree.high)])
        return (own, all)
    }

    /// The holders whose counter differs from the transfers they hold (none, unless something
    /// wrote the counters or the transfers around the triggers).
    func holderCountsThatDisagree() async throws -> [(path: String, kept: Int, counted: Int)] {
        try await c.run(
            """
            SELECT COALESCE(t.path, h.path) AS path, COALESCE(h.n, 0) AS kept, COALESCE(t.n, 0) AS counted
            FROM (SELECT holder_path AS path, COUNT(*) AS n FROM transfers WHERE holder_path IS NOT NULL GROUP BY holder_path) t
            FULL OUTER JOIN holder_counts h ON h.path = t.path
            WHERE COALESCE(h.n, 0) <> COALESCE(t.n, 0)
            """, []
        ).map { r in
            let path = try r.text("path", of: "holder_counts", key: "?")
            return (path, try r.integer("kept", of: "holder_counts", key: path), try r.integer("counted", of: "transfers", key: path))
        }
    }

    /// Transfers acted on by `org` (by hand, or automatically), or by its subtree below it, newest first.
    func acted(by org: OrganizationID, view: WorkflowService.ActedView, subtree: PathRange, limit: Int, now: Date) async throws -> [TransferSummary] {
        let condition: String
        var binds: [SQLValue]
        switch view {
        case .mine:
            condition = "o.org_id = ? AND o.automatic = 0"
            binds = [.text(org.rawValue)]
        case .automatic:
            condition = "o.org_id = ? AND o.automatic = 1"
            binds = [.text(org.rawValue)]
        case .subordinates:
            condition = "o.org_path >= ? AND o.org_path < ? AND o.org_id <> ?"
            binds = [.text(subtree.low), .text(subtree.high), .text(org.rawValue)]
        }
        let columns = Self.summaryColumns.split(separator: ",").map { "t." + $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ", ")
        return try await c.run(
            """
            SELECT DISTINCT \(columns), o.at FROM transfer_orgs o JOIN transfers t ON t.id = o.transfer_id
            WHERE \(condition) ORDER BY o.at DESC, t.id LIMIT ?
            """, binds + [.int(Int64(limit))]
        ).map { try Self.summary($0, now: now) }
    }

    /// A history's selection, its organizations already resolved to ids or path ranges.
    struct HistorySelection: Sendable {
        /// Outgoing (by source) or incoming (by destination).
        var outgoing: Bool
        /// The organization itself, or its subtree.
        var own: Either
        var source: PathRange?
        var destination: PathRange?
        var name: String?
        var idNumber: String?
        var type: TransferType?
        var sex: String?
        /// One of the 56 ethnicities' names, as the register stores it.
        var ethnicity: String?
        var from: Date?
        var until: Date?
        /// Continue past this row (its creation time and id).
        var after: (createdAt: Date, id: TransferID)?

        /// An organization by id, or a subtree by range.
        enum Either: Sendable {
            case organization(OrganizationID)
            case subtree(PathRange)
        }
    }

    /// Up to `limit` transfers the selection names, newest first.
    func history(_ s: HistorySelection, limit: Int, now: Date) async throws -> [TransferSummary] {
        let column = s.outgoing ? "source" : "destination"
        var conditions: [String] = []
        var binds: [SQLValue] = []
        switch s.own {
        case .subtree(let range):
            conditions.append("\(column)_path >= ? AND \(column)_path < ?")
            binds += [.text(range.low), .text(range.high)]
        case .organization(let org):
            conditions.append("\(column)_id = ?")
            binds.append(.text(org.rawValue))
        }
        for (end, range) in [("source", s.source), ("destination", s.destination)] {
            guard let range else { continue }
            conditions.append("\(end)_path >= ? AND \(end)_path < ?")
            binds += [.text(range.low), .text(range.high)]
        }
        if let name = s.name {
            conditions.append("member_name LIKE ? " + LikePattern.escapeClause)
            binds.append(.text(LikePattern.containing(name)))
        }
        if let id = s.idNumber {
            conditions.append("member_id_number = ?")
            binds.append(.text(id))
        }
        if let type = s.type {
            conditions.append("type = ?")
            binds.append(.text(type.rawValue))
        }
        if let sex = s.sex {
            // GB 11643: the 17th digit is odd for a man, even for a woman.
            conditions.append("substr(member_id_number, 17, 1) \(sex == "男" ? "" : "NOT ")IN ('1', '3', '5', '7', '9')")
        }
        if let ethnicity = s.ethnicity {
            // The register keeps a member as a document (encoded with sorted keys by `Repository`);
            // the ethnicity is one of 56 fixed names, so its text is matched exactly.
            conditions.append("member_id IN (SELECT id FROM members WHERE doc LIKE ?)")
            binds.append(.text("%\"ethnicity\":\"\(ethnicity)\"%"))
        }
        if let from = s.from {
            conditions.append("created_at >= ?")
            binds.append(.int(Int64(from.timeIntervalSince1970)))
        }
        if let until = s.until {
            conditions.append("created_at < ?")
            binds.append(.int(Int64(ChinaDay.end(ofLastDay: until).timeIntervalSince1970)))
        }
        if let after = s.after {
            let at = Int64(after.createdAt.timeIntervalSince1970)
            conditions.append("(created_at < ? OR (created_at = ? AND id > ?))")
            binds += [.int(at), .int(at), .text(after.id)]
        }
        return try await c.run(
            "SELECT \(Self.summaryColumns) FROM transfers WHERE \(conditions.joined(separator: " AND ")) ORDER BY created_at DESC, id LIMIT ?",
            binds + [.int(Int64(limit))]
        ).map { try Self.summary($0, now: now) }
    }

    /// Accepted transfers whose member has not reported, into the subtree, oldest first.
    func notReported(into subtree: PathRange, now: Date) async throws -> [TransferSummary] {
        try await c.run(
            """
            SELECT \(Self.summaryColumns) FROM transfers WHERE state = 'awaiting-report'
            AND destination_path >= ? AND destination_path < ? ORDER BY created_at
            """, [.text(subtree.low), .text(subtree.high)]
        ).map { try Self.summary($0, now: now) }
    }

    /// A transfer as the statistics count it: the member as the register has them, or (for a
    /// member not in it) the paper record and the ID number.
    struct StatisticsRow: Sendable {
        let type: String
        let source: OrganizationID
        let destination: OrganizationID?
        let createdAt: Date
        let memberIDNumber: String
        let member: PartyMember?
        let paper: PaperRecord?
    }

    /// The transfers out of the subtree created in `[from, end)` that went through.
    func statisticsRows(outOf subtree: PathRange, from: Date, end: Date) async throws -> [StatisticsRow] {
        try await c.run(
            """
            SELECT t.id, t.type, t.source_id, t.destination_id, t.created_at, t.member_id_number, m.doc,
              CASE WHEN m.doc IS NULL THEN t.doc END AS transfer_doc
            FROM transfers t LEFT JOIN members m ON m.id = t.member_id
            WHERE t.source_path >= ? AND t.source_path < ? AND t.created_at >= ? AND t.created_at < ?
            AND t.state IN ('awaiting-report', 'completed', 'awaiting-receipt')
            """, [.text(subtree.low), .text(subtree.high), .int(Int64(from.timeIntervalSince1970)), .int(Int64(end.timeIntervalSince1970))]
        ).map { row in
            let id = try row.text("id", of: "transfers", key: "?")
            let repository = Repository(c: c)
            let member: PartyMember? = try row.string("doc").map { try repository.decode(PartyMember.self, $0) }
            let paper: PaperRecord? = member != nil ? nil : try repository.decode(Transfer.self, try row.text("transfer_doc", of: "transfers", key: id)).paper
            return StatisticsRow(
                type: try row.text("type", of: "transfers", key: id), source: OrganizationID(try row.text("source_id", of: "transfers", key: id)),
                destination: row.string("destination_id").map { OrganizationID($0) },
                createdAt: Date(timeIntervalSince1970: Double(try row.integer("created_at", of: "transfers", key: id))),
                memberIDNumber: try row.text("member_id_number", of: "transfers", key: id), member: member, paper: paper)
        }
    }

    /// How many transfers left the subtree, and how many came into it, since `since`.
    func yearCounts(of subtree: PathRange, since: Date) async throws -> (out: Int, into: Int) {
        let binds: [SQLValue] = [.text(subtree.low), .text(subtree.high), .int(Int64(since.timeIntervalSince1970))]
        let out =
            try await c.aggregate("SELECT COUNT(*) AS n FROM transfers WHERE source_path >= ? AND source_path < ? AND created_at >= ?", binds)
        let into =
            try await c.aggregate("SELECT COUNT(*) AS n FROM transfers WHERE destination_path >= ? AND destination_path < ? AND created_at >= ?", binds)
        return (out, into)
    }

    static func summary(_ row: SQLRow, now: Date) throws(WorkflowError) -> TransferSummary {
        let expires: Date? = row.int("expires_at").map { Date(timeIntervalSince1970: Double($0)) }
        let overdue: Bool = expires.map { $0 < now } ?? false
        let id = try row.text("id", of: "transfers", key: "?")
        let created = Date(timeIntervalSince1970: Double(try row.integer("created_at", of: "transfers", key: id)))
        let holder: OrganizationID? = row.string("holder_id").map { OrganizationID($0) }
        let destination: OrganizationID? = row.string("destination_id").map { OrganizationID($0) }
        return TransferSummary(
            id: id, memberName: try row.text("member_name", of: "transfers", key: id),
            memberIDNumber: try row.text("member_id_number", of: "transfers", key: id), type: try row.text("type", of: "transfers", key: id),
            state: try row.text("state", of: "transfers", key: id), holder: holder, expiresAt: expires, overdue: overdue,
            createdAt: created, source: OrganizationID(try row.text("source_id", of: "transfers", key: id)),
            destination: destination, version: try row.integer("version", of: "transfers", key: id))
    }
}
