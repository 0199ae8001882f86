import Foundation

/// The archive's reads in SQL: the hash chain's head and pages (with the documents they name),
/// what an export selects, the export signing key. Rows come back decoded: a row that cannot
/// be is an error naming the table, column and entry.
struct ArchiveRepository {
    let c: any StoreConnection

    /// One entry of the chain with the document it names (nil when the document is gone).
    struct ChainRow: Sendable {
        /// The entry's sequence number, when even that could be read.
        let seq: Int?
        /// The entry and its stored hash, or why the row could not be read.
        let decoded: Result<(entry: ArchiveEntry, hash: String), WorkflowError>
        let document: [UInt8]?
    }

    /// One entry of an export's page: the chain entry, the letter's stored values and the transfer.
    struct ExportRow: Sendable {
        let entry: ArchiveEntry
        let chainHash: String
        let document: Data?
        let letterJSON: Data?
        let issuer: OrganizationID
        let sealVersion: Int?
        let transferDocument: String
    }

    /// What an export selects besides the chain order: a time window, a state, an organization
    /// (and its subtree as the range `low ..< high` of its path).
    struct ExportFilter: Sendable {
        var from: Date?
        var until: Date?
        var state: String?
        var organization: OrganizationID?
        var subtree: (low: String, high: String)?

        /// Whether it selects the whole archive.
        var isEverything: Bool { from == nil && until == nil && state == nil && organization == nil }
    }

    /// The chain's head: its last sequence number and hash (nil when the head row is gone).
    func head() async throws -> (seq: Int, hash: String)? {
        guard let r = try await c.run("SELECT seq, hash FROM archive_head WHERE id = 1", []).first else { return nil }
        return (try r.integer("seq", of: "archive_head", key: "1"), try r.text("hash", of: "archive_head", key: "1"))
    }

    /// How many entries the chain has.
    func count() async throws -> Int {
        try await c.aggregate("SELECT COUNT(*) AS n FROM archive_chain", [])
    }

    /// Up to `limit` entries from `seq` on, in order, with their documents.
    func page(from seq: Int, limit: Int) async throws -> [ChainRow] {
        let rows = try await c.run(
            """
            SELECT a.*, CASE a.kind WHEN 'letter' THEN l.pdf ELSE l.receipt_pdf END AS document,
              CASE a.kind WHEN 'letter' THEN l.pdf_cut ELSE l.receipt_cut END AS cut
            FROM archive_chain a LEFT JOIN letters l ON l.transfer_id = a.transfer_id AND l.hop = a.hop
            WHERE a.seq >= ? ORDER BY a.seq LIMIT ?
            """, [.int(Int64(seq)), .int(Int64(limit))]
        )
        var seals = SealJPEGs(c: c)
        var out: [ChainRow] = []
        for row in rows {
            let decoded: Result<(entry: ArchiveEntry, hash: String), WorkflowError>
            do throws(WorkflowError) { decoded = .success(try ArchiveChain.entry(row)) } catch { decoded = .failure(error) }
            // The document as issued: a seal that cannot be put back leaves it missing, which the check reports.
            var document: [UInt8]?
            if let stored = row.bytes("document") { document = (try? await seals.issued(stored, cut: row.string("cut"))).map { [UInt8]($0) } }
            out.append(ChainRow(seq: row.int("seq"), decoded: decoded, document: document))
        }
        return out
    }

    /// The number of a letter (or of the letter whose receipt it is) stored but not chained, if any.
    func firstUnchainedNumber() async throws -> String? {
        try await c.run(
            """
            SELECT l.number FROM letters l WHERE NOT EXISTS
              (SELECT 1 FROM archive_chain a WHERE a.transfer_id = l.transfer_id AND a.hop = l.hop AND a.kind = 'letter')
            UNION ALL
            SELECT l.number FROM letters l WHERE l.receipt_sha256 IS NOT NULL AND NOT EXISTS
              (SELECT 1 FROM archive_chain a WHERE a.transfer_id = l.transfer_id AND a.hop = l.hop AND a.kind = 'receipt')
            LIMIT 1
            """, []
        ).first.map { try $0.text("number", of: "letters", key: "unchained") }
    }

    /// How many entries up to `head` the filter selects.
    func exportCount(upTo head: Int, _ filter: ExportFilter) async throws -> Int {
        let (sql, binds) = Self.condition(filter)
        return try await c.aggregate(
            "SELECT COUNT(*) AS n FROM archive_chain a JOIN transfers t ON t.id = a.transfer_id WHERE a.seq <= ?" + sql, [.int(Int64(head))] + binds)
    }

    /// Up to 100 entries after `after` up to `head` that the filter selects, in chain order.
    func exportPage(after: Int, upTo head: Int, _ filter: ExportFilter) async throws -> [ExportRow] {
        let (sql, binds) = Self.condition(filter)
        let rows = try await c.run(
            """
            SELECT a.seq, a.transfer_id, a.hop, a.kind, a.number, a.sha256, a.at, a.prev_hash, a.hash,
              CASE a.kind WHEN 'letter' THEN l.pdf ELSE l.receipt_pdf END AS document,
              CASE a.kind WHEN 'letter' THEN l.pdf_cut ELSE l.receipt_cut END AS cut,
              l.letter_json, l.issuer_id, l.seal_version, t.doc AS transfer_doc
            FROM archive_chain a JOIN letters l ON l.transfer_id = a.transfer_id AND l.hop = a.hop
            JOIN transfers t ON t.id = a.transfer_id
            WHERE a.seq > ? AND a.seq <= ?\(sql) ORDER BY a.seq LIMIT 100
            """, [.int(Int64(after)), .int(Int64(head))] + binds
        )
        var seals = SealJPEGs(c: c)
        var out: [ExportRow] = []
        for row in rows {
            let (entry, hash) = try ArchiveChain.entry(row)
            let key = "seq \(entry.seq)"
            var document: Data?
            if let stored = row.bytes("document") { document = try await seals.issued(stored, cut: row.string("cut")) }
            out.append(
                ExportRow(
                    entry: entry, chainHash: hash, document: document,
                    letterJSON: row.string("letter_json").map { Data($0.utf8) },
                    issuer: OrganizationID(try row.text("issuer_id", of: "letters", key: key)), sealVersion: row.int("seal_version"),
                    transferDocument: try row.text("transfer_doc", of: "transfers", key: entry.transferID)))
        }
        return out
    }

    private static func condition(_ f: ExportFilter) -> (String, [SQLValue]) {
        var conditions: [String] = []
        var binds: [SQLValue] = []
        if let from = f.from {
            conditions.append("a.at >= ?")
            binds.append(.int(Int64(from.timeIntervalSince1970)))
        }
        if let until = f.until {
            conditions.append("a.at < ?")
            binds.append(.int(Int64(ChinaDay.end(ofLastDay: until).timeIntervalSince1970)))
        }
        if let state = f.state {
            conditions.append("t.state = ?")
            binds.append(.text(state))
        }
        if let (low, high) = f.subtree {
            conditions.append("EXISTS (SELECT 1 FROM transfer_orgs o WHERE o.transfer_id = a.transfer_id AND o.org_path >= ? AND o.org_path < ?)")
            binds += [.text(low), .text(high)]
        } else if let org = f.organization {
            conditions.append("EXISTS (SELECT 1 FROM transfer_orgs o WHERE o.transfer_id = a.transfer_id AND o.org_id = ?)")
            binds.append(.text(org.rawValue))
        }
        return (conditions.map { " AND " + $0 }.joined(), binds)
    }

    /// The export signing key as stored (base64), when there is one.
    func signingKey() async throws -> String? {
        try await c.run("SELECT private_key FROM signing_keys WHERE id = 1", []).first?.string("private_key")
    }

    /// Stores `key` unless a key is stored already (the first insert wins).
    func insertSigningKey(_ key: String, at now: Int64) async throws {
        _ = try await c.run("INSERT INTO signing_keys (id, private_key, created_at) VALUES (1, ?, ?) ON CONFLICT (id) DO NOTHING", [.text(key), .int(now)])
    }
}
