import Foundation

extension TransferTally {
    /// Fills the counted values of transfers stored before migration 16 (or by a server of an
    /// older version since): from the register's present entry, which is what the statistics
    /// counted until then. The triggers count each row as it is filled. Run at every open
    /// (one indexed query when there is nothing to fill).
    static func backfill(_ store: any WorkflowStore) async throws {
        try await store.transaction { c in
            let rows = try await c.run(
                """
                SELECT t.id, t.created_at, t.member_id_number, t.doc AS transfer_doc, m.doc AS member_doc
                FROM transfers t LEFT JOIN members m ON m.id = t.member_id WHERE t.stat_sex IS NULL
                """, [])
            guard !rows.isEmpty else { return }
            let repository = Repository(c: c)
            let tree = try OrganizationTree(try await repository.organizations())
            for row in rows {
                let id = try row.text("id", of: "transfers", key: "?")
                let t = try repository.decode(Transfer.self, try row.text("transfer_doc", of: "transfers", key: id))
                let member = try row.string("member_doc").map { try repository.decode(PartyMember.self, $0) }
                let profile = profile(member: member, paper: t.paper, idNumber: t.memberIDNumber, createdAt: t.createdAt)
                let kinds = kinds(type: t.type, source: t.source, destination: t.destination, tree: tree)
                let values = [profile.ageBand, profile.sex, profile.category, profile.occupation, profile.education, kinds.source, kinds.destination]
                _ = try await c.run(
                    """
                    UPDATE transfers SET stat_age = ?, stat_sex = ?, stat_category = ?, stat_occupation = ?, stat_education = ?,
                      stat_source_kind = ?, stat_destination_kind = ?, tally_path1 = ?, tally_path2 = ?, tally_path3 = ? WHERE id = ?
                    """, values.map { .text($0) } + tallyPaths(source: t.source, tree: tree).map { .optional($0) } + [.text(id)])
            }
        }
    }
}
