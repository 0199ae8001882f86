import Foundation
import Render

/// The SQL of an organization's printer profiles (`printer_profiles`).
extension Repository {
    /// The organization's profiles, by name.
    func printerProfiles(of org: OrganizationID) async throws -> [PrinterProfile] {
        try await c.run("SELECT name, doc FROM printer_profiles WHERE org_id = ? ORDER BY name", [.text(org.rawValue)]).map { row in
            let key = "\(org.rawValue)/\(row.string("name") ?? "?")"
            do {
                return try Repository.decoder.decode(PrinterProfile.self, from: Data(try row.text("doc", of: "printer_profiles", key: key).utf8))
            } catch let error as WorkflowError {
                throw error
            } catch {
                throw WorkflowError(.storage, field: "doc", rule: "stored", "表 printer_profiles 中 \(key) 的 doc 无法读取：\(error)", cause: error)
            }
        }
    }

    /// The name of another profile of `org` whose name reads the same (`NameKey`), if any.
    func printerProfileClash(of org: OrganizationID, key: String, other name: String) async throws -> String? {
        try await c.run(
            "SELECT name FROM printer_profiles WHERE org_id = ? AND name_key = ? AND name <> ?",
            [.text(org.rawValue), .text(key), .text(name)]
        ).first?.string("name")
    }

    /// Adds or replaces `profile` of `org`.
    func savePrinterProfile(_ profile: PrinterProfile, of org: OrganizationID, key: String) async throws {
        _ = try await c.run("DELETE FROM printer_profiles WHERE org_id = ? AND name = ?", [.text(org.rawValue), .text(profile.name)])
        _ = try await c.run(
            "INSERT INTO printer_profiles (org_id, name, doc, name_key) VALUES (?, ?, ?, ?)",
            [.text(org.rawValue), .text(profile.name), .text(try encode(profile)), .text(key)])
    }

    /// Removes a profile; false when there was none by that name.
    func deletePrinterProfile(of org: OrganizationID, named name: String) async throws -> Bool {
        let found = try await c.run("SELECT name FROM printer_profiles WHERE org_id = ? AND name = ?", [.text(org.rawValue), .text(name)])
        _ = try await c.run("DELETE FROM printer_profiles WHERE org_id = ? AND name = ?", [.text(org.rawValue), .text(name)])
        return !found.isEmpty
    }
}
