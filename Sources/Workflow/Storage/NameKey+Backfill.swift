import Foundation

extension NameKey {
    /// Fills the keys of rows stored before migration 7. Run at every open (cheap when there is
    /// nothing to fill), so that a server of the previous version started against the same
    /// database cannot leave a row without one for long.
    static func backfill(_ store: any WorkflowStore) async throws {
        try await store.transaction { c in
            for row in try await c.run("SELECT name FROM accounts WHERE name_key IS NULL", []) {
                guard let name = row.string("name") else { continue }
                _ = try await c.run("UPDATE accounts SET name_key = ? WHERE name = ?", [.text(of(name)), .text(name)])
            }
            for row in try await c.run("SELECT org_id, name FROM printer_profiles WHERE name_key IS NULL", []) {
                guard let org = row.string("org_id"), let name = row.string("name") else { continue }
                _ = try await c.run(
                    "UPDATE printer_profiles SET name_key = ? WHERE org_id = ? AND name = ?",
                    [.text(of(name)), .text(org), .text(name)])
            }
        }
    }
}
