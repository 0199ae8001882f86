import Foundation
@_spi(Storage) import Workflow

/// A large archive for benchmarks: real transfers run through the workflow (letters rendered,
/// sealed and chained), then copied in the database — each copy a new transfer with new letter
/// numbers and its own chain entries — until the archive holds the number of letters asked for.
/// The copies' PDFs are byte-for-byte those of the originals (their numbers are not re-printed),
/// which is all an export benchmark needs: real sizes, real hashes, a real chain.
public enum ArchiveBenchData {
    /// Fills `service`'s (empty) store with at least `letters` letters.
    public static func generate(
        _ service: WorkflowService, letters: Int, seal: Data,
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) async throws {
        try await service.save(organizations: ExampleProvince.organizations)
        for org in ExampleProvince.organizations { _ = try await service.uploadSeal(org: org.id, jpeg: seal, uploader: "bench") }
        var originals: [TransferID] = []
        let month = Transfer.Application.thisMonth(service.clock.now())
        for n in 0..<8 {
            let m = try PartyMember(
                id: "a\(n)", organization: n % 2 == 0 ? "B1" : "B2", name: "党员\(n)", idNumber: DemoProvince.idNumber(n),
                ethnicity: "汉族", category: .full, occupation: "工人", education: "大学本科", phone: "13606406636")
            try await service.add(member: m)
            var t = try await service.applyOut(
                member: m.id, direction: .inProvince(destination: n < 4 ? "B3" : "QB"),
                application: .init(duesPaidUpTo: month), by: .organization(m.organization))
            let destination: OrganizationID = n < 4 ? "B3" : "QB"
            while let holder = t.currentHolder, holder != destination { t = try await service.approve(t.id, by: .organization(holder)) }
            t = try await service.accept(t.id, by: .organization(destination))
            originals.append(t.id)
        }
        let sources = originals
        let perOriginal = try await service.store.read { c in
            try await sources.asyncMap { try await c.run("SELECT COUNT(*) AS n FROM letters WHERE transfer_id = ?", [.text($0)]).first?.int("n") ?? 0 }
        }
        var made = perOriginal.reduce(0, +)
        var copy = 0
        while made < letters {
            let (first, wanted) = (copy, letters - made)
            let added = try await service.store.transaction { c -> Int in
                var added = 0
                for k in 0..<100 where added < wanted {
                    let source = sources[(first + k) % sources.count]
                    let id = UUID().uuidString.lowercased()
                    let serial = first + k + 1
                    _ = try await c.run(
                        """
                        INSERT INTO transfers (id, member_id, state, holder_id, holder_path, expires_at, created_at, updated_at, source_id,
                          source_path, destination_id, destination_path, type, member_name, member_id_number, version, doc,
                          stat_age, stat_sex, stat_category, stat_occupation, stat_education, stat_source_kind, stat_destination_kind,
                          tally_path1, tally_path2, tally_path3)
                        SELECT ?, member_id, state, holder_id, holder_path, expires_at, created_at, updated_at, source_id, source_path,
                          destination_id, destination_path, type, member_name, member_id_number, version, REPLACE(doc, ?, ?),
                          stat_age, stat_sex, stat_category, stat_occupation, stat_education, stat_source_kind, stat_destination_kind,
                          tally_path1, tally_path2, tally_path3
                        FROM transfers WHERE id = ?
                        """, [.text(id), .text(source), .text(id), .text(source)])
                    _ = try await c.run(
                        """
                        INSERT INTO transfer_orgs (org_id, transfer_id, org_path, automatic, at)
                        SELECT org_id, ?, org_path, automatic, at FROM transfer_orgs WHERE transfer_id = ?
                        """, [.text(id), .text(source)])
                    _ = try await c.run(
                        """
                        INSERT INTO letters (transfer_id, hop, number, issuer_id, seal_version, issued_at, pdf, pdf_cut, sha256, letter_doc,
                          letter_json)
                        SELECT ?, hop, number || '-' || ?, issuer_id, seal_version, issued_at, pdf, pdf_cut, sha256, letter_doc, letter_json
                        FROM letters WHERE transfer_id = ?
                        """, [.text(id), .text(String(serial)), .text(source)])
                    for row in try await c.run("SELECT hop, number, sha256, issued_at FROM letters WHERE transfer_id = ? ORDER BY hop", [.text(id)]) {
                        try await ArchiveChain.append(
                            c, transferID: id, hop: row.int("hop") ?? 0, kind: .letter, number: row.string("number") ?? "",
                            sha256: row.string("sha256") ?? "",
                            at: Date(timeIntervalSince1970: Double(row.int("issued_at") ?? 0)))
                        added += 1
                    }
                }
                return added
            }
            made += added
            copy += 100
            progress?(min(made, letters), letters)
        }
    }
}

extension Array {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var out: [T] = []
        for element in self { out.append(try await transform(element)) }
        return out
    }
}
