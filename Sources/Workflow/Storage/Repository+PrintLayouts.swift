import Foundation

/// The SQL of an organization's print layouts (`print_layouts`).
extension Repository {
    /// The organization's layouts, by name, without their scans.
    func printLayouts(of org: OrganizationID) async throws -> [PrintLayout] {
        try await c.run("SELECT doc FROM print_layouts WHERE org_id = ? ORDER BY name", [.text(org.rawValue)])
            .map { try decodeLayout($0, org: org) }
    }

    /// One layout, by its exact name.
    func printLayout(of org: OrganizationID, named name: String) async throws -> PrintLayout? {
        try await c.run("SELECT doc FROM print_layouts WHERE org_id = ? AND name = ?", [.text(org.rawValue), .text(name)])
            .first.map { try decodeLayout($0, org: org) }
    }

    /// The layout the organization uses when a download names none.
    func printLayoutInUse(of org: OrganizationID) async throws -> PrintLayout? {
        try await c.run("SELECT doc FROM print_layouts WHERE org_id = ? AND in_use = 1", [.text(org.rawValue)])
            .first.map { try decodeLayout($0, org: org) }
    }

    /// The name of another layout whose name reads the same (`NameKey`), if any.
    func printLayoutClash(of org: OrganizationID, key: String, other name: String) async throws -> String? {
        try await c.run(
            "SELECT name FROM print_layouts WHERE org_id = ? AND name_key = ? AND name <> ?",
            [.text(org.rawValue), .text(key), .text(name)]
        ).first?.string("name")
    }

    /// Saves `layout`; `scan` replaces the kept scan when given (kept as it was when nil). One
    /// in use at most: marking this one clears the others first.
    func savePrintLayout(_ layout: PrintLayout, of org: OrganizationID, key: String, scan: Data?) async throws {
        if layout.inUse {
            _ = try await c.run("UPDATE print_layouts SET in_use = 0 WHERE org_id = ? AND name <> ?", [.text(org.rawValue), .text(layout.name)])
        }
        let doc = try encode(layout)
        let kept = try await c.run("SELECT name FROM print_layouts WHERE org_id = ? AND name = ?", [.text(org.rawValue), .text(layout.name)])
        if kept.isEmpty {
            _ = try await c.run(
                "INSERT INTO print_layouts (org_id, name, name_key, doc, in_use, scan) VALUES (?, ?, ?, ?, ?, ?)",
                [
                    .text(org.rawValue), .text(layout.name), .text(key), .text(doc), .int(layout.inUse ? 1 : 0),
                    scan.map { .blob([UInt8]($0)) } ?? .null,
                ])
        } else {
            _ = try await c.run(
                "UPDATE print_layouts SET doc = ?, in_use = ? WHERE org_id = ? AND name = ?",
                [.text(doc), .int(layout.inUse ? 1 : 0), .text(org.rawValue), .text(layout.name)])
            if let scan {
                _ = try await c.run(
                    "UPDATE print_layouts SET scan = ? WHERE org_id = ? AND name = ?",
                    [.blob([UInt8](scan)), .text(org.rawValue), .text(layout.name)])
            }
        }
    }

    /// Removes a layout; false when there was none by that name.
    func deletePrintLayout(of org: OrganizationID, named name: String) async throws -> Bool {
        let found = try await c.run("SELECT name FROM print_layouts WHERE org_id = ? AND name = ?", [.text(org.rawValue), .text(name)])
        _ = try await c.run("DELETE FROM print_layouts WHERE org_id = ? AND name = ?", [.text(org.rawValue), .text(name)])
        return !found.isEmpty
    }

    /// The scan kept with a layout, if any.
    func printLayoutScan(of org: OrganizationID, named name: String) async throws -> Data? {
        try await c.run("SELECT scan FROM print_layouts WHERE org_id = ? AND name = ?", [.text(org.rawValue), .text(name)])
            .first?.bytes("scan").map { Data($0) }
    }

    private func decodeLayout(_ row: SQLRow, org: OrganizationID) throws -> PrintLayout {
        let doc = try row.text("doc", of: "print_layouts", key: org.rawValue)
        do {
            return try Repository.decoder.decode(PrintLayout.self, from: Data(doc.utf8))
        } catch {
            throw WorkflowError(.storage, "print_layouts 表中 \(org) 的一行 doc 无法读取：\(error)", cause: error)
        }
    }
}
