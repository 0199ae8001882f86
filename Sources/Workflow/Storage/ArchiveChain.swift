import Crypto
import Foundation

/// The archive's hash chain over every stored letter and returned receipt, in the order they
/// were stored. Appends happen in the transaction that stores the document; the head row is
/// updated first, which makes concurrent appenders (PostgreSQL) wait for each other instead of
/// forking the chain.
public enum ArchiveChain {
    /// Appends an entry for a document stored in the transaction `c` is in. For bulk loaders
    /// outside the service too (the benchmarks' archive, `DemoData`, through `@_spi(Storage)`): a
    /// letter they store is chained by this one function, as the service's are.
    @_spi(Storage) public static func append(
        _ c: any StoreConnection, transferID: String, hop: Int, kind: ArchiveEntry.Kind,
        number: String, sha256: String, at: Date
    ) async throws {
        try await append(c, [Document(transferID: transferID, hop: hop, kind: kind, number: number, sha256: sha256, at: at)])
    }

    /// A document to chain.
    struct Document: Sendable {
        let transferID: String
        let hop: Int
        let kind: ArchiveEntry.Kind
        let number: String
        let sha256: String
        let at: Date
    }

    /// Appends entries for `documents`, in order, with three statements however many there are
    /// (a step that issues a letter and takes a receipt stores two): the head advanced by
    /// their count, the entries in one insert, the head's new hash (on PostgreSQL the last two
    /// in one statement).
    static func append(_ c: any StoreConnection, _ documents: [Document]) async throws {
        guard !documents.isEmpty else { return }
        guard
            let head = try await c.run("UPDATE archive_head SET seq = seq + ? WHERE id = 1 RETURNING seq, hash", [.int(Int64(documents.count))]).first,
            let last = head.int("seq"), var previous = head.string("hash")
        else {
            throw WorkflowError(.storage, "存档哈希链的链头缺失（archive_head）")
        }
        var binds: [SQLValue] = []
        for (offset, d) in documents.enumerated() {
            let entry = ArchiveEntry(
                seq: last - documents.count + 1 + offset, transferID: d.transferID, hop: d.hop, kind: d.kind, number: d.number,
                sha256: d.sha256, at: Int64(d.at.timeIntervalSince1970), previousHash: previous)
            let hash = entry.hash
            binds += [
                .int(Int64(entry.seq)), .text(d.transferID), .int(Int64(d.hop)), .text(d.kind.rawValue), .text(d.number), .text(d.sha256),
                .int(entry.at), .text(previous), .text(hash),
            ]
            previous = hash
        }
        let values = Array(repeating: "(?, ?, ?, ?, ?, ?, ?, ?, ?)", count: documents.count).joined(separator: ", ")
        let insert = "INSERT INTO archive_chain (seq, transfer_id, hop, kind, number, sha256, at, prev_hash, hash) VALUES \(values)"
        let newHead = "UPDATE archive_head SET hash = ? WHERE id = 1"
        switch c.dialect {
        case .postgres:
            // One round trip for both while the head's row is locked: PostgreSQL runs an insert
            // in `WITH` whether or not the update reads it.
            _ = try await c.run("WITH entries AS (\(insert)) \(newHead)", binds + [.text(previous)])
        case .sqlite:
            _ = try await c.run(insert, binds)
            _ = try await c.run(newHead, [.text(previous)])
        }
    }

    /// Chains letters and receipts stored before the chain existed (schema version 4), in
    /// issue order; nothing when every document is chained.
    static func backfill(_ store: any WorkflowStore) async throws {
        try await store.transaction { c in
            let letters = try await c.run(
                """
                SELECT l.transfer_id, l.hop, l.number, l.sha256, l.issued_at FROM letters l
                WHERE NOT EXISTS (SELECT 1 FROM archive_chain a WHERE a.transfer_id = l.transfer_id AND a.hop = l.hop AND a.kind = 'letter')
                ORDER BY l.issued_at, l.transfer_id, l.hop
                """, [])
            for row in letters {
                let key = try row.text("number", of: "letters", key: "?")
                try await append(
                    c, transferID: try row.text("transfer_id", of: "letters", key: key), hop: try row.integer("hop", of: "letters", key: key), kind: .letter,
                    number: key, sha256: try row.text("sha256", of: "letters", key: key),
                    at: Date(timeIntervalSince1970: Double(try row.integer("issued_at", of: "letters", key: key))))
            }
            let receipts = try await c.run(
                """
                SELECT l.transfer_id, l.hop, l.number, l.receipt_sha256, l.issued_at FROM letters l
                WHERE l.receipt_sha256 IS NOT NULL AND NOT EXISTS
                  (SELECT 1 FROM archive_chain a WHERE a.transfer_id = l.transfer_id AND a.hop = l.hop AND a.kind = 'receipt')
                ORDER BY l.issued_at, l.transfer_id, l.hop
                """, [])
            for row in receipts {
                let key = try row.text("number", of: "letters", key: "?")
                try await append(
                    c, transferID: try row.text("transfer_id", of: "letters", key: key), hop: try row.integer("hop", of: "letters", key: key),
                    kind: .receipt, number: key, sha256: try row.text("receipt_sha256", of: "letters", key: key),
                    at: Date(timeIntervalSince1970: Double(try row.integer("issued_at", of: "letters", key: key))))
            }
        }
    }

    /// An entry as stored, with its stored hash.
    static func entry(_ row: SQLRow) throws(WorkflowError) -> (entry: ArchiveEntry, hash: String) {
        let seq = try row.integer("seq", of: "archive_chain", key: "?")
        let key = "seq \(seq)"
        let kindText = try row.text("kind", of: "archive_chain", key: key)
        guard let kind = ArchiveEntry.Kind(rawValue: kindText) else {
            throw WorkflowError(.storage, field: "kind", rule: "stored", "表 archive_chain 中 \(key) 的 kind 为“\(kindText)”，应为 letter 或 receipt")
        }
        return (
            ArchiveEntry(
                seq: seq, transferID: try row.text("transfer_id", of: "archive_chain", key: key),
                hop: try row.integer("hop", of: "archive_chain", key: key), kind: kind,
                number: try row.text("number", of: "archive_chain", key: key), sha256: try row.text("sha256", of: "archive_chain", key: key),
                at: Int64(try row.integer("at", of: "archive_chain", key: key)),
                previousHash: try row.text("prev_hash", of: "archive_chain", key: key)),
            try row.text("hash", of: "archive_chain", key: key)
        )
    }
}
