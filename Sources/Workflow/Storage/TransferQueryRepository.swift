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

    /// The counted values of the transfers out of a subtree that went through, created on
    /// the days `[from, through]`, added up from the counters kept for `path` (an organization
    /// at most `TransferTally.keptDepth` deep).
    func tallies(of path: String, from: Int, through: Int) async throws -> [(dimension: String, value: String, n: Int)] {
        try await c.run(
            """
            SELECT dimension, value, CAST(SUM(n) AS BIGINT) AS n FROM transfer_tallies
            WHERE path = ? AND china_day >= ? AND china_day <= ? GROUP BY dimension, value
            """, [.text(path), .int(Int64(from)), .int(Int64(through))]
        ).map { r in
            let dimension = try r.text("dimension", of: "transfer_tallies", key: path)
            return (dimension, try r.text("value", of: "transfer_tallies", key: path), try r.integer("n", of: "transfer_tallies", key: path))
        }
    }

    /// The same values counted from the transfers' own columns, for a subtree without counters.
    func tallies(outOf subtree: PathRange, from: Int, through: Int) async throws -> [(dimension: String, value: String, n: Int)] {
        let rows = try await c.run(
            """
            SELECT id, type, stat_age, stat_sex, stat_category, stat_occupation, stat_education, stat_source_kind, stat_destination_kind
            FROM transfers WHERE source_path >= ? AND source_path < ? AND created_at >= ? AND created_at < ?
            AND state IN \(TransferTally.countedStatesSQL) AND stat_sex IS NOT NULL
            """,
            [
                .text(subtree.low), .text(subtree.high), .int(Int64(from) * 86_400 - 28_800), .int(Int64(through + 1) * 86_400 - 28_800),
            ])
        var counts: [String: [String: Int]] = [:]
        for row in rows {
            for (dimension, value) in try Self.tally(row).pairs(type: try row.text("type", of: "transfers", key: "?")) {
                counts[dimension.rawValue, default: [:]][value, default: 0] += 1
            }
        }
        return counts.flatMap { dimension, values in values.map { (dimension, $0.key, $0.value) } }
    }

    /// Every counter that differs from a recount of the transfers' columns (none, unless
    /// something wrote the counters or the transfers around the triggers).
    func talliesThatDisagree() async throws -> [(path: String, day: Int, dimension: String, value: String, kept: Int, counted: Int)] {
        struct Key: Hashable {
            let path: String
            let day: Int
            let dimension: String
            let value: String
        }
        var counted: [Key: Int] = [:]
        let rows = try await c.run(
            """
            SELECT id, type, created_at, stat_age, stat_sex, stat_category, stat_occupation, stat_education, stat_source_kind,
              stat_destination_kind, tally_path1, tally_path2, tally_path3
            FROM transfers WHERE state IN \(TransferTally.countedStatesSQL) AND stat_sex IS NOT NULL
            """, [])
        for row in rows {
            let id = try row.text("id", of: "transfers", key: "?")
            let day = ChinaDay.daysSinceEpoch(of: Date(timeIntervalSince1970: Double(try row.integer("created_at", of: "transfers", key: id))))
            let pairs = try Self.tally(row).pairs(type: try row.text("type", of: "transfers", key: id))
            for path in ["tally_path1", "tally_path2", "tally_path3"].compactMap({ row.string($0) }) {
                for (dimension, value) in pairs { counted[Key(path: path, day: day, dimension: dimension.rawValue, value: value), default: 0] += 1 }
            }
        }
        var kept: [Key: Int] = [:]
        for r in try await c.run("SELECT path, china_day, dimension, value, n FROM transfer_tallies", []) {
            let path = try r.text("path", of: "transfer_tallies", key: "?")
            let key = Key(
                path: path, day: try r.integer("china_day", of: "transfer_tallies", key: path),
                dimension: try r.text("dimension", of: "transfer_tallies", key: path), value: try r.text("value", of: "transfer_tallies", key: path))
            kept[key] = try r.integer("n", of: "transfer_tallies", key: path)
        }
        return Set(counted.keys).union(kept.keys).compactMap { key in
            let (k, n) = (kept[key] ?? 0, counted[key] ?? 0)
            return k == n ? nil : (key.path, key.day, key.dimension, key.value, k, n)
        }.sorted { ($0.path, $0.day, $0.dimension, $0.value) < ($1.path, $1.day, $1.dimension, $1.value) }
    }

    /// A transfer's counted values from its columns.
    static func tally(_ row: SQLRow) throws(WorkflowError) -> TransferTally {
        let id = try row.text("id", of: "transfers", key: "?")
        return TransferTally(
            ageBand: try row.text("stat_age", of: "transfers", key: id), sex: try row.text("stat_sex", of: "transfers", key: id),
            category: try row.text("stat_category", of: "transfers", key: id), occupation: try row.text("stat_occupation", of: "transfers", key: id),
            education: try row.text("stat_education", of: "transfers", key: id),
            sourceKind: try row.text("stat_source_kind", of: "transfers", key: id),
            destinationKind: try row.text("stat_destination_kind", of: "transfers", key: id))
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
