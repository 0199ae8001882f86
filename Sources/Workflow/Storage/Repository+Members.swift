import Foundation

/// The register's members in SQL.
extension Repository {
    func insert(_ member: PartyMember, path: String) async throws {
        let existing = try await c.run("SELECT id FROM members WHERE id_number = ?", [.text(member.idNumber)])
        guard existing.isEmpty else {
            throw WorkflowError(.invalid, field: "member.idNumber", rule: "unique", "身份证号码 \(member.idNumber) 已有党员记录")
        }
        _ = try await c.run(
            "INSERT INTO members (id, org_id, org_path, id_number, name, status, doc) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                .text(member.id), .text(member.organization.rawValue), .text(path), .text(member.idNumber),
                .text(member.name), .text(member.status.code), .text(try encode(member)),
            ])
    }

    /// Inserts new members, many rows to a statement (a register's import: their ID numbers
    /// were checked against the store; the unique index refuses any that came in meanwhile,
    /// and the import's transaction with it).
    func insert(members: [(member: PartyMember, path: String)]) async throws {
        for start in stride(from: 0, to: members.count, by: Self.batch) {
            let slice = members[start..<min(start + Self.batch, members.count)]
            let sql =
                "INSERT INTO members (id, org_id, org_path, id_number, name, status, doc) VALUES "
                + Array(repeating: "(?, ?, ?, ?, ?, ?, ?)", count: slice.count).joined(separator: ", ")
            var binds: [SQLValue] = []
            binds.reserveCapacity(slice.count * 7)
            for (member, path) in slice {
                binds += [
                    .text(member.id), .text(member.organization.rawValue), .text(path), .text(member.idNumber),
                    .text(member.name), .text(member.status.code), .text(try encode(member)),
                ]
            }
            _ = try await c.run(sql, binds)
        }
    }

    /// Rows per multi-row statement (7 values each: within PostgreSQL's 65,535 and SQLite's 32,766 parameters).
    static let batch = 500

    /// Updates a member; when `expectedStatus` is given, only if the stored status still is
    /// that (so that two applications at once cannot both take the member).
    func update(_ member: PartyMember, path: String, expectedStatus: MemberStatus? = nil) async throws {
        var sql = "UPDATE members SET org_id = ?, org_path = ?, status = ?, name = ?, id_number = ?, doc = ? WHERE id = ?"
        var binds: [SQLValue] = [
            .text(member.organization.rawValue), .text(path), .text(member.status.code), .text(member.name),
            .text(member.idNumber), .text(try encode(member)), .text(member.id),
        ]
        if let expectedStatus {
            sql += " AND status = ?"
            binds.append(.text(expectedStatus.code))
        }
        let rows = try await c.run(sql + " RETURNING id", binds)
        guard !rows.isEmpty else {
            throw WorkflowError(.conflict, "党员 \(member.name) 的状态已被他人改变（可能已有在转接流程中的申请单），请刷新后重试")
        }
    }

    /// A member by its record id or, as people name members, by its ID number (公民身份证号).
    func member(_ id: MemberID) async throws -> PartyMember {
        guard let row = try await c.run("SELECT doc FROM members WHERE id = ? OR id_number = ?", [.text(id), .text(id.uppercased())]).first else {
            throw WorkflowError(.notFound, "没有党员 \(id)")
        }
        return try decode(PartyMember.self, row.string("doc"))
    }

    /// Members whose branch's path lies in [`low`, `high`) — a subtree — whose name contains
    /// `name` and whose ID number is `idNumber` (each when not empty), at most `limit`, by
    /// branch and ID number.
    func searchMembers(low: String, high: String, name: String, idNumber: String, limit: Int) async throws -> [PartyMember] {
        var sql = "SELECT doc FROM members WHERE org_path >= ? AND org_path < ?"
        var binds: [SQLValue] = [.text(low), .text(high)]
        if !name.isEmpty {
            sql += " AND name LIKE ? " + LikePattern.escapeClause
            binds.append(.text(LikePattern.containing(name)))
        }
        if !idNumber.isEmpty {
            sql += " AND id_number = ?"
            binds.append(.text(idNumber))
        }
        // In the index's order, so that the first `limit` found end the search (a sort would read every match).
        sql += " ORDER BY org_path LIMIT ?"
        binds.append(.int(Int64(limit)))
        return try await c.run(sql, binds).map { try decode(PartyMember.self, $0.string("doc")) }
    }

    /// The members with these ID numbers (an import compares its rows with them, a batch at a
    /// time, so that a province's register is never held whole beside the sheet).
    /// Whether a member with ID number `idNumber` is in the register.
    func idNumberTaken(_ idNumber: String) async throws -> Bool {
        try await !c.run("SELECT id FROM members WHERE id_number = ?", [.text(idNumber)]).isEmpty
    }

    func members(idNumbers: [String]) async throws -> [PartyMember] {
        guard !idNumbers.isEmpty else { return [] }
        return try await c.run("SELECT doc FROM members WHERE id_number IN (\(SQLDialect.marks(idNumbers.count)))", idNumbers.map { .text($0) })
            .map { try decode(PartyMember.self, $0.string("doc")) }
    }

    func members(in org: OrganizationID) async throws -> [PartyMember] {
        try await c.run("SELECT doc FROM members WHERE org_id = ? ORDER BY id", [.text(org.rawValue)])
            .map { try decode(PartyMember.self, $0.string("doc")) }
    }
}
