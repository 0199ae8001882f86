import Foundation

/// The transfers in SQL: documents beside the columns queues and lists filter on, written
/// under their version.
extension Repository {
    /// Stores a new transfer. `member`, when given, is the transfer's member as this transaction
    /// stored them (read from the register otherwise).
    func insert(_ t: Transfer, tree: OrganizationTree, member stored: PartyMember? = nil) async throws {
        // The member as the register has them now, when their letters are printed: what the
        // statistics count of this transfer from now on.
        let member: PartyMember? =
            if let stored, stored.id == t.memberID { stored } else {
                try await c.run("SELECT doc FROM members WHERE id = ?", [.text(t.memberID)]).first
                    .map { try decode(PartyMember.self, $0.string("doc")) }
            }
        let profile = TransferTally.profile(member: member, paper: t.paper, idNumber: t.memberIDNumber, createdAt: t.createdAt)
        _ = try await c.run(
            """
            INSERT INTO transfers (id, member_id, state, holder_id, holder_path, expires_at, created_at, updated_at, source_id,
              source_path, destination_id, destination_path, type, member_name, member_id_number, version, doc,
              stat_source_kind, stat_destination_kind, tally_path1, tally_path2, tally_path3,
              stat_age, stat_sex, stat_category, stat_occupation, stat_education)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            try Self.columns(t, tree: tree, version: 1)
                + [profile.ageBand, profile.sex, profile.category, profile.occupation, profile.education].map { .text($0) })
        try await note(Self.actors(t, tree: tree))
    }

    /// Stores `t` if the stored version is still `t.version`: of two concurrent changes of one
    /// transfer exactly one succeeds, the other gets a conflict. The organizations that acted are
    /// noted, and `notice`, when given, is stored for its organization.
    ///
    /// `columns`, when given, are `Repository.columns(of: t, tree: tree)` worked out before the
    /// transaction: the JSON document is most of a change's work, and the store's single
    /// writer need not wait for it (BENCHMARKS.md, issue 17).
    func update(_ t: Transfer, tree: OrganizationTree, columns: [SQLValue]? = nil, notice: TransferNotice? = nil) async throws {
        assert(columns.map { $0.first == .text(t.id) } ?? true, "columns of another transfer")
        let binds = try columns ?? Self.columns(of: t, tree: tree)
        let update = """
            UPDATE transfers SET id = ?, member_id = ?, state = ?, holder_id = ?, holder_path = ?, expires_at = ?, created_at = ?,
              updated_at = ?, source_id = ?, source_path = ?, destination_id = ?, destination_path = ?, type = ?, member_name = ?,
              member_id_number = ?, version = ?, doc = ?, stat_source_kind = ?, stat_destination_kind = ?, tally_path1 = ?,
              tally_path2 = ?, tally_path3 = ?
            WHERE id = ? AND version = ? RETURNING id
            """
        let actors = Self.actors(t, tree: tree)
        guard c.dialect == .postgres else {
            guard !(try await c.run(update, binds + [.text(t.id), .int(Int64(t.version))])).isEmpty else { throw Self.conflict(t) }
            try await note(actors)
            if let notice { try await insertNotification(notice) }
            return
        }
        // One round trip for the change, its actors and its notice: PostgreSQL runs the inserts
        // in `WITH` only for a transfer the update found at its version.
        var parts = ["updated AS (\(update))"]
        var all = binds + [.text(t.id), .int(Int64(t.version))]
        if let actors {
            parts.append(
                """
                actors AS (
                  INSERT INTO transfer_orgs (org_id, transfer_id, org_path, automatic, at)
                  SELECT v.org_id, v.transfer_id, v.org_path, v.automatic, v.at FROM (VALUES \(actors.values)) AS v (org_id, transfer_id, org_path, automatic, at)
                  WHERE EXISTS (SELECT 1 FROM updated)
                  \(Self.actorsConflict))
                """)
            all += actors.binds
        }
        if let notice {
            parts.append("notice AS (\(Self.noticeInsert) SELECT ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM updated))")
            all += Self.noticeBinds(notice)
        }
        guard !(try await c.run("WITH \(parts.joined(separator: ", ")) SELECT id FROM updated", all)).isEmpty else { throw Self.conflict(t) }
    }

    private static func conflict(_ t: Transfer) -> WorkflowError {
        WorkflowError(.conflict, "该转接已被其他操作改变（\(t.id)），请刷新后重试")
    }

    /// The columns `update` stores for `t`: the next version of it.
    static func columns(of t: Transfer, tree: OrganizationTree) throws -> [SQLValue] {
        try columns(t, tree: tree, version: t.version + 1)
    }

    private static func columns(_ t: Transfer, tree: OrganizationTree, version: Int) throws -> [SQLValue] {
        var stored = t
        stored.version = version
        let holder = t.currentHolder
        // The kinds are the tree's at every change (a redirect changes the destination).
        let kinds = TransferTally.kinds(type: t.type, source: t.source, destination: t.destination, tree: tree)
        return [
            .text(t.id), .text(t.memberID), .text(t.stateCode), .optional(holder?.rawValue),
            .optional(holder.map(tree.materializedPath)), t.expiresAt.map { .int(Int64($0.timeIntervalSince1970)) } ?? .null,
            .int(Int64(t.createdAt.timeIntervalSince1970)), .int(Int64((t.log.last?.at ?? t.createdAt).timeIntervalSince1970)),
            .text(t.source.rawValue), .text(tree.materializedPath(t.source)), .optional(t.destination?.rawValue),
            .optional(t.destination.map(tree.materializedPath)), .text(t.type.rawValue), .text(t.memberName),
            .text(t.memberIDNumber), .int(Int64(version)), .text(try encode(stored)),
            .text(kinds.source), .text(kinds.destination),
        ] + TransferTally.tallyPaths(source: t.source, tree: tree).map { .optional($0) }
    }

    /// Records which organizations acted (and which only automatically), for "done" lists,
    /// views and archives: `actors(_:tree:)`'s rows.
    private func note(_ actors: (values: String, binds: [SQLValue])?) async throws {
        guard let actors else { return }
        // One statement for every actor (was a delete and an insert each, on every change: a
        // round trip apiece to PostgreSQL), its rows in key order like the counters'.
        _ = try await c.run(
            "INSERT INTO transfer_orgs (org_id, transfer_id, org_path, automatic, at) VALUES \(actors.values) \(Self.actorsConflict)", actors.binds)
    }

    private static let actorsConflict =
        "ON CONFLICT (org_id, transfer_id) DO UPDATE SET org_path = excluded.org_path, automatic = excluded.automatic, at = excluded.at"

    /// The rows of `transfer_orgs` for `t`'s actors, as a `VALUES` list and its binds; nil when
    /// there are none.
    private static func actors(_ t: Transfer, tree: OrganizationTree) -> (values: String, binds: [SQLValue])? {
        // Entering a paper letter is not handling the transfer: it stays out of the 已办 lists.
        guard t.paper == nil else { return nil }
        var manual = Set<OrganizationID>()
        for entry in t.log { if case .organization(let id) = entry.actor { manual.insert(id) } }
        let automatic = Set(t.hops.filter { $0.automatic && !$0.withdrawn }.map { t.path.organizations[$0.from] }).subtracting(manual)
        let at = Int64((t.log.last?.at ?? t.createdAt).timeIntervalSince1970)
        let rows = (manual.map { ($0, false) } + automatic.map { ($0, true) }).sorted { $0.0 < $1.0 }
        guard !rows.isEmpty else { return nil }
        return (
            Array(repeating: "(?, ?, ?, ?, ?)", count: rows.count).joined(separator: ", "),
            rows.flatMap { org, auto -> [SQLValue] in
                [.text(org.rawValue), .text(t.id), .text(tree.materializedPath(org)), .int(auto ? 1 : 0), .int(at)]
            }
        )
    }

    /// Keeps the paper letter's number beside a transfer entered from paper, as its key.
    func notePaperLetter(_ t: Transfer) async throws {
        guard let paper = t.paper else { return }
        _ = try await c.run("UPDATE transfers SET paper_letter = ? WHERE id = ?", [.text(paper.letterNumber), .text(t.id)])
    }

    /// The transfers entered from paper with these letter numbers, or every one (`nil`), by number.
    func paperTransfers(letters: [String]?) async throws -> [Transfer] {
        var sql = "SELECT doc FROM transfers WHERE paper_letter IS NOT NULL"
        var binds: [SQLValue] = []
        if let letters {
            guard !letters.isEmpty else { return [] }
            sql += " AND paper_letter IN (\(SQLDialect.marks(letters.count)))"
            binds = letters.map { .text($0) }
        }
        return try await c.run(sql + " ORDER BY paper_letter", binds).map { try decode(Transfer.self, $0.string("doc")) }
    }

    func transfer(_ id: TransferID) async throws -> Transfer {
        guard let row = try await c.run("SELECT doc FROM transfers WHERE id = ?", [.text(id)]).first else {
            throw WorkflowError(.notFound, "没有转接 \(id)")
        }
        return try decode(Transfer.self, row.string("doc"))
    }

    /// The stored version of a transfer, nil when there is none: cheaper than the document,
    /// for checking a cached copy.
    func transferVersion(_ id: TransferID) async throws -> Int? {
        try await c.run("SELECT version FROM transfers WHERE id = ?", [.text(id)]).first?.int("version")
    }

    /// Every transfer's id, in order.
    func transferIDs() async throws -> [TransferID] {
        try await c.run("SELECT id FROM transfers ORDER BY id", []).map { try $0.text("id", of: "transfers", key: "?") }
    }

    /// The id of a member's latest transfer, if any.
    func latestTransferID(ofMember member: MemberID) async throws -> TransferID? {
        try await c.run("SELECT id FROM transfers WHERE member_id = ? ORDER BY created_at DESC, id DESC LIMIT 1", [.text(member)])
            .first?.string("id")
    }

    /// A member's transfers, newest first, at most `limit`, in one query.
    func transfers(ofMember member: MemberID, limit: Int) async throws -> [Transfer] {
        try await c.run(
            "SELECT id, doc FROM transfers WHERE member_id = ? ORDER BY created_at DESC, id LIMIT ?", [.text(member), .int(Int64(limit))]
        ).map { row in try decode(Transfer.self, row.string("doc")) }
    }

    /// A transfer with its stored version.
    func versionedTransfer(_ id: TransferID) async throws -> (version: Int, transfer: Transfer) {
        guard let row = try await c.run("SELECT doc, version FROM transfers WHERE id = ?", [.text(id)]).first else {
            throw WorkflowError(.notFound, "没有转接 \(id)")
        }
        return (try row.integer("version", of: "transfers", key: id), try decode(Transfer.self, row.string("doc")))
    }

    /// The transfer, its member and the versions an operation checks its copies against. With a
    /// copy of the transfer (`cached`, of version `cachedVersion`), one statement: its row joined
    /// with its member and the organizations' version, and the seal versions of the copy's path;
    /// its document is neither sent nor decoded again while the copy is current. Without a copy,
    /// or when the stored transfer's path has organizations the copy's has not (a redirect), a
    /// second statement reads their seal versions.
    func operationStart(_ id: TransferID, cachedVersion: Int?, cached: Transfer?) async throws -> OperationStart {
        let known = cached.map { Array(Set($0.path.organizations)).sorted() } ?? []
        var sql = """
            SELECT 'transfer' AS kind, t.version, CASE WHEN t.version = ? THEN NULL ELSE t.doc END AS doc, m.doc AS member_doc,
              (SELECT value FROM counters WHERE name = 'organizations') AS organizations_version, CAST(NULL AS TEXT) AS org_id
            FROM transfers t LEFT JOIN members m ON m.id = t.member_id WHERE t.id = ?
            """
        var binds: [SQLValue] = [.int(Int64(cachedVersion ?? -1)), .text(id)]
        if !known.isEmpty {
            sql += "\nUNION ALL\n" + Self.sealVersions(known.count)
            binds += known.map { .text($0.rawValue) }
        }
        let rows = try await c.run(sql, binds)
        guard let row = rows.first(where: { $0.string("kind") == "transfer" }) else { throw WorkflowError(.notFound, "没有转接 \(id)") }
        let version = try row.integer("version", of: "transfers", key: id)
        let decoded = try row.string("doc").map { try decode(Transfer.self, $0) }
        // The copy kept in memory only when the stored version is the copy's.
        guard let transfer = decoded ?? (version == cachedVersion ? cached : nil) else {
            throw WorkflowError(.storage, "转接 \(id) 的文档缺失")
        }
        guard let memberDoc = row.string("member_doc") else { throw WorkflowError(.notFound, "没有党员 \(transfer.memberID)") }
        // Every organization asked about is a key: nil for one without a seal.
        var seals: [OrganizationID: Int?] = [:]
        func record(_ asked: [OrganizationID], _ rows: [SQLRow]) throws {
            for org in asked { seals[org] = Int?.none }
            for seal in rows where seal.string("kind") == "seal" {
                let org = try seal.text("org_id", of: "seals", key: id)
                seals[OrganizationID(org)] = try seal.integer("version", of: "seals", key: org)
            }
        }
        try record(known, rows)
        let missing = Array(Set(transfer.path.organizations).subtracting(known)).sorted()
        if !missing.isEmpty {
            try record(missing, try await c.run(Self.sealVersions(missing.count), missing.map { .text($0.rawValue) }))
        }
        // Only the path's organizations: an organization the copy's path had and the stored one
        // has not (a redirect) is left out, as a fresh read would leave it.
        seals = seals.filter { transfer.path.organizations.contains($0.key) }
        return OperationStart(
            version: version, transfer: transfer, isNew: decoded != nil, member: try decode(PartyMember.self, memberDoc),
            organizationsVersion: try row.integer("organizations_version", of: "counters", key: "organizations"), sealVersions: seals)
    }

    /// The newest seal version of each of `count` organizations (bound in order), as rows shaped
    /// like `operationStart`'s first: alone, or after its `UNION ALL`.
    private static func sealVersions(_ count: Int) -> String {
        """
        SELECT 'seal' AS kind, MAX(version) AS version, NULL AS doc, NULL AS member_doc, NULL AS organizations_version, org_id
        FROM seals WHERE org_id IN (\(SQLDialect.marks(count))) GROUP BY org_id
        """
    }

    func openTransfer(member: MemberID) async throws -> TransferID? {
        try await c.run(
            "SELECT id FROM transfers WHERE member_id = ? AND state NOT IN ('completed', 'void', 'recovered')",
            [.text(member)]
        ).first?.string("id")
    }
}
