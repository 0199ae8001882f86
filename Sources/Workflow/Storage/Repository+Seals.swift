import Foundation

/// The organizations' seals in SQL: every upload kept, by version.
extension Repository {
    func insertSeal(org: OrganizationID, jpeg: Data, uploader: String, at: Date) async throws -> Int {
        let latest = try await c.aggregate("SELECT MAX(version) AS n FROM seals WHERE org_id = ?", [.text(org.rawValue)], empty: 0)
        _ = try await c.run(
            "INSERT INTO seals (org_id, version, uploaded_at, uploader, jpeg) VALUES (?, ?, ?, ?, ?)",
            [
                .text(org.rawValue), .int(Int64(latest + 1)), .text(ISO8601DateFormatter().string(from: at)),
                .text(uploader), .blob([UInt8](jpeg)),
            ])
        return latest + 1
    }

    func currentSeal(org: OrganizationID) async throws -> (version: Int, jpeg: Data)? {
        guard
            let row = try await c.run(
                "SELECT version, jpeg FROM seals WHERE org_id = ? ORDER BY version DESC LIMIT 1",
                [.text(org.rawValue)]
            ).first,
            let version = row.int("version"), let bytes = row.bytes("jpeg")
        else { return nil }
        return (version, Data(bytes))
    }

    func currentSealVersion(org: OrganizationID) async throws -> Int? {
        try await c.run("SELECT MAX(version) AS v FROM seals WHERE org_id = ?", [.text(org.rawValue)]).first?.int("v")
    }

    func seal(org: OrganizationID, version: Int) async throws -> Data? {
        try await c.run("SELECT jpeg FROM seals WHERE org_id = ? AND version = ?", [.text(org.rawValue), .int(Int64(version))])
            .first?.bytes("jpeg").map { Data($0) }
    }

    func sealHistory(org: OrganizationID) async throws -> [(version: Int, uploadedAt: String, uploader: String)] {
        try await c.run("SELECT version, uploaded_at, uploader FROM seals WHERE org_id = ? ORDER BY version", [.text(org.rawValue)])
            .map { row in
                let version = try row.integer("version", of: "seals", key: org.rawValue)
                let key = "\(org.rawValue) 第 \(version) 版"
                return (version, try row.text("uploaded_at", of: "seals", key: key), try row.text("uploader", of: "seals", key: key))
            }
    }
}
