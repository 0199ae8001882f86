import Foundation
import LetterModel

extension WorkflowService {
    static let summaryColumns = "id, member_name, member_id_number, type, state, holder_id, expires_at, created_at, source_id, destination_id, version"

    func summary(_ row: SQLRow, now: Date) throws(WorkflowError) -> TransferSummary {
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

    /// The bounds of a subtree in materialized paths: `path` up to (not including) `path` with
    /// its last `/` bumped, which every driver's B-tree index answers as a range.
    func subtreeRange(_ org: OrganizationID, tree: OrganizationTree) -> (String, String) {
        let path = tree.materializedPath(org)
        return (path, String(path.dropLast()) + "0")
    }

    /// The queue (待办) of `org`: transfers it must act on, earliest expiry first.
    public func queue(of org: OrganizationID, limit: Int = 50, offset: Int = 0) async throws -> [TransferSummary] {
        let now = clock.now()
        let rows = try await store.read { c in
            try await c.run(
                "SELECT \(Self.summaryColumns) FROM transfers WHERE holder_id = ? ORDER BY expires_at, id LIMIT ? OFFSET ?",
                [.text(org.rawValue), .int(Int64(limit)), .int(Int64(offset))])
        }
        return try rows.map { try summary($0, now: now) }
    }

    /// Queue counts of `org` and of its subordinates.
    public func queueCounts(of org: OrganizationID) async throws -> QueueCounts {
        let tree = try await tree()
        let (low, high) = subtreeRange(org, tree: tree)
        return try await store.read { c in
            let own = try await c.run("SELECT COUNT(*) AS n FROM transfers WHERE holder_id = ?", [.text(org.rawValue)]).first?.int("n") ?? 0
            let all =
                try await c.run(
                    "SELECT COUNT(*) AS n FROM transfers WHERE holder_path >= ? AND holder_path < ?",
                    [.text(low), .text(high)]
                ).first?.int("n") ?? 0
            return QueueCounts(own: own, subordinates: all - own)
        }
    }

    /// Transfers `org` acted on (已办 / 查看转接情况·本组织), newest first; `automatic` lists
    /// only those approved automatically here; `subordinates` those acted on below it.
    public func acted(by org: OrganizationID, view: ActedView = .mine, limit: Int = 50) async throws -> [TransferSummary] {
        let now = clock.now()
        let tree = try await tree()
        let (low, high) = subtreeRange(org, tree: tree)
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
            binds = [.text(low), .text(high), .text(org.rawValue)]
        }
        let columns = Self.summaryColumns.split(separator: ",").map { "t." + $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ", ")
        let sql = """
            SELECT DISTINCT \(columns), o.at FROM transfer_orgs o JOIN transfers t ON t.id = o.transfer_id
            WHERE \(condition) ORDER BY o.at DESC, t.id LIMIT ?
            """
        let allBinds = binds + [.int(Int64(limit))]
        let rows = try await store.read { c in try await c.run(sql, allBinds) }
        return try rows.map { try summary($0, now: now) }
    }

    /// The three views of §5.
    public enum ActedView: String, Sendable, CaseIterable {
        /// Acted on by this organization.
        case mine
        /// Acted on by its descendants only.
        case subordinates
        /// Approved automatically here.
        case automatic
    }

    /// Outgoing (转出历史) or incoming (接收历史) history of `org`, filtered, newest first, at
    /// most `limit`; `after` continues past the last row of a previous page (its creation time
    /// and id), so that an export reads the whole history page by page.
    public func history(
        of org: OrganizationID, outgoing: Bool, filter: HistoryFilter = HistoryFilter(), limit: Int = 200,
        after: TransferSummary? = nil
    ) async throws -> [TransferSummary] {
        let now = clock.now()
        let tree = try await tree()
        let column = outgoing ? "source" : "destination"
        var conditions: [String] = []
        var binds: [SQLValue] = []
        if filter.includeDescendants {
            let (low, high) = subtreeRange(org, tree: tree)
            conditions.append("\(column)_path >= ? AND \(column)_path < ?")
            binds += [.text(low), .text(high)]
        } else {
            conditions.append("\(column)_id = ?")
            binds.append(.text(org.rawValue))
        }
        // 转出单位 and 接收单位 with 包含下级: a subtree of the tree; a code not in it matches nothing.
        for (end, chosen) in [("source", filter.source), ("destination", filter.destination)] {
            guard let chosen else { continue }
            guard tree.organizations[chosen] != nil else { return [] }
            let (low, high) = subtreeRange(chosen, tree: tree)
            conditions.append("\(end)_path >= ? AND \(end)_path < ?")
            binds += [.text(low), .text(high)]
        }
        if let name = filter.name, !name.isEmpty {
            conditions.append("member_name LIKE ? " + LikePattern.escapeClause)
            binds.append(.text(LikePattern.containing(name)))
        }
        if let id = filter.idNumber, !id.isEmpty {
            conditions.append("member_id_number = ?")
            binds.append(.text(id))
        }
        if let type = filter.type {
            conditions.append("type = ?")
            binds.append(.text(type.rawValue))
        }
        if let sex = filter.sex, !sex.isEmpty {
            // GB 11643: the 17th digit is odd for a man, even for a woman.
            conditions.append("substr(member_id_number, 17, 1) \(sex == "男" ? "" : "NOT ")IN ('1', '3', '5', '7', '9')")
        }
        if let text = filter.ethnicity, !text.isEmpty {
            guard let ethnicity = FieldRules.ethnicity(text) else { return [] }
            // The register keeps a member as a document (encoded with sorted keys by `Repository`);
            // the ethnicity is one of 56 fixed names, so its text is matched exactly.
            conditions.append("member_id IN (SELECT id FROM members WHERE doc LIKE ?)")
            binds.append(.text("%\"ethnicity\":\"\(ethnicity)\"%"))
        }
        if let from = filter.from {
            conditions.append("created_at >= ?")
            binds.append(.int(Int64(from.timeIntervalSince1970)))
        }
        if let until = filter.until {
            conditions.append("created_at < ?")
            binds.append(.int(Int64(ChinaDay.end(ofLastDay: until).timeIntervalSince1970)))
        }
        if let after {
            let at = Int64(after.createdAt.timeIntervalSince1970)
            conditions.append("(created_at < ? OR (created_at = ? AND id > ?))")
            binds += [.int(at), .int(at), .text(after.id)]
        }
        let sql = "SELECT \(Self.summaryColumns) FROM transfers WHERE \(conditions.joined(separator: " AND ")) ORDER BY created_at DESC, id LIMIT ?"
        let allBinds = binds + [.int(Int64(limit))]
        let rows = try await store.read { c in try await c.run(sql, allBinds) }
        return try rows.map { try summary($0, now: now) }
    }

    /// Accepted transfers whose member has not reported yet (未报到), in `org`'s subtree.
    public func notReported(under org: OrganizationID) async throws -> [TransferSummary] {
        let now = clock.now()
        let tree = try await tree()
        let (low, high) = subtreeRange(org, tree: tree)
        let rows = try await store.read { c in
            try await c.run(
                """
                SELECT \(Self.summaryColumns) FROM transfers WHERE state = 'awaiting-report'
                AND destination_path >= ? AND destination_path < ? ORDER BY created_at
                """, [.text(low), .text(high)])
        }
        return try rows.map { try summary($0, now: now) }
    }
}
