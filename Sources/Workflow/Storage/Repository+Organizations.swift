import Foundation

/// The organizations and units, and the organizations' version, in SQL.
extension Repository {
    func save(_ org: Organization, path: String) async throws {
        _ = try await c.run("DELETE FROM organizations WHERE id = ?", [.text(org.id.rawValue)])
        _ = try await c.run(
            "INSERT INTO organizations (id, parent_id, path, doc) VALUES (?, ?, ?, ?)",
            [.text(org.id.rawValue), .optional(org.parentID?.rawValue), .text(path), .text(try encode(org))])
        try await bumpOrganizationsVersion()
    }

    /// The organizations' version: changed by every change to any organization, in its
    /// transaction (migration 7), so that a cached tree can be checked with one small read.
    func organizationsVersion() async throws -> Int {
        // Migration 7 made the row: without it no server could tell another's change.
        try await c.aggregate("SELECT value AS n FROM counters WHERE name = 'organizations'", [])
    }

    func bumpOrganizationsVersion() async throws {
        _ = try await c.run(
            """
            INSERT INTO counters (name, value) VALUES ('organizations', 1)
            ON CONFLICT (name) DO UPDATE SET value = counters.value + 1
            """, [])
    }

    /// One organization as stored now, with its stored document (the version an update is
    /// checked against).
    func organization(_ id: OrganizationID, locking dialect: SQLDialect? = nil) async throws -> (org: Organization, doc: String)? {
        guard
            let doc = try await c.run(
                "SELECT doc FROM organizations WHERE id = ?" + (dialect?.rowLock ?? ""),
                [.text(id.rawValue)]
            ).first?.string("doc")
        else { return nil }
        return (try decode(Organization.self, doc), doc)
    }

    /// Replaces the document of `org` if it is still `expected`; false when someone changed it
    /// in the meantime.
    func replace(_ org: Organization, expected: String) async throws -> Bool {
        let rows = try await c.run(
            "UPDATE organizations SET doc = ? WHERE id = ? AND doc = ? RETURNING id",
            [.text(try encode(org)), .text(org.id.rawValue), .text(expected)])
        guard !rows.isEmpty else { return false }
        try await bumpOrganizationsVersion()
        return true
    }

    /// Every unit, by code.
    func units() async throws -> [PartyUnit] {
        try await c.run("SELECT doc FROM units ORDER BY code", []).map { try decode(PartyUnit.self, $0.string("doc")) }
    }

    /// Adds or replaces a unit.
    func save(_ unit: PartyUnit) async throws {
        _ = try await c.run("DELETE FROM units WHERE code = ?", [.text(unit.code)])
        _ = try await c.run("INSERT INTO units (code, doc) VALUES (?, ?)", [.text(unit.code), .text(try encode(unit))])
    }

    /// Removes an organization's row (one created by mistake: the caller checked it has nothing).
    func deleteOrganization(_ id: OrganizationID) async throws {
        _ = try await c.run("DELETE FROM organizations WHERE id = ?", [.text(id.rawValue)])
        try await bumpOrganizationsVersion()
    }

    /// What still refers to an organization: its members, its accounts, the transfers (and, with
    /// `inFlightOnly`, only those not ended) whose path, holder, source or destination it is.
    func references(to id: OrganizationID, inFlightOnly: Bool) async throws -> (members: Int, accounts: Int, transfers: Int) {
        let members =
            try await c.aggregate("SELECT COUNT(*) AS n FROM members WHERE org_id = ? AND status IN ('active', 'in-transfer', 'stopped')", [.text(id.rawValue)])
        let accounts = try await c.aggregate("SELECT COUNT(*) AS n FROM accounts WHERE org_id = ?", [.text(id.rawValue)])
        // The path lives in the document: a quoted code there is the organization on the path (codes are
        // letters, digits and '-'; a false match refuses, never allows).
        let ended = inFlightOnly ? " AND state NOT IN ('completed', 'recalled', 'void', 'recovered')" : ""
        let transfers = try await c.aggregate(
            "SELECT COUNT(*) AS n FROM transfers WHERE (holder_id = ? OR source_id = ? OR destination_id = ? OR doc LIKE ?)\(ended)",
            [.text(id.rawValue), .text(id.rawValue), .text(id.rawValue), .text("%\"\(id.rawValue)\"%")])
        return (members, accounts, transfers)
    }

    func organizations() async throws -> [Organization] {
        try await c.run("SELECT doc FROM organizations", []).map { try decode(Organization.self, $0.string("doc")) }
    }
}
