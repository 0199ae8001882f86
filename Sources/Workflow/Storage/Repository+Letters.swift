import Foundation

/// The issued letters, their receipts and the files kept with a transfer, in SQL.
extension Repository {
    func nextNumbers(_ count: Int, prefix: String) async throws -> [String] {
        let rows = try await c.run(
            """
            INSERT INTO counters (name, value) VALUES ('letter', ?)
            ON CONFLICT (name) DO UPDATE SET value = counters.value + ? RETURNING value
            """, [.int(Int64(count)), .int(Int64(count))])
        let last = rows.first?.int("value") ?? count
        return (0..<count).map { prefix + String(format: "%012d", last - count + 1 + $0) }
    }

    func insertLetter(
        transfer: TransferID, hop: Int, number: String, issuer: OrganizationID, sealVersion: Int?,
        issuedAt: Date, pdf: Data, cut: SealCut?, sha256: String, letterDoc: String, letterJSON: Data
    ) async throws {
        let (stored, note) = storedForm(pdf, cut: cut)
        _ = try await c.run(
            """
            INSERT INTO letters (transfer_id, hop, number, issuer_id, seal_version, issued_at, pdf, sha256, letter_doc, letter_json, pdf_cut)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .text(transfer), .int(Int64(hop)), .text(number), .text(issuer.rawValue), sealVersion.map { .int(Int64($0)) } ?? .null,
                .int(Int64(issuedAt.timeIntervalSince1970)), .blob([UInt8](stored)), .text(sha256), .text(letterDoc),
                .text(String(decoding: letterJSON, as: UTF8.self)), .optional(note),
            ])
    }

    /// The bytes to store for `pdf` and the note of its cut: without the seal's JPEG when the
    /// render found it there (`SealCut.find`, against the bytes of that seal version as the store
    /// holds them — a version's bytes never change, so they need not be read again here).
    private func storedForm(_ pdf: Data, cut: SealCut?) -> (Data, String?) {
        guard let cut, cut.length > 0, cut.offset + cut.length <= pdf.count else { return (pdf, nil) }
        return (cut.cut(pdf), cut.stored)
    }

    func insertAttachment(transfer: TransferID, kind: String, bytes: Data, sha256: String) async throws {
        _ = try await c.run(
            "INSERT INTO attachments (transfer_id, kind, sha256, bytes) VALUES (?, ?, ?, ?)",
            [.text(transfer), .text(kind), .text(sha256), .blob([UInt8](bytes))])
    }

    /// A file kept with a transfer (the ID card's photo, the returned receipt's scan), if any.
    func attachment(transfer: TransferID, kind: String) async throws -> Data? {
        try await c.run("SELECT bytes FROM attachments WHERE transfer_id = ? AND kind = ?", [.text(transfer), .text(kind)])
            .first?.bytes("bytes").map { Data($0) }
    }

    /// Every file kept with `transfers`, as stored: for an archive export, which ships them
    /// beside the letters with their hashes in the signed manifest.
    func attachments(of transfers: [TransferID]) async throws -> [(transfer: TransferID, kind: String, sha256: String, bytes: Data)] {
        guard !transfers.isEmpty else { return [] }
        return try await c.run(
            "SELECT transfer_id, kind, sha256, bytes FROM attachments WHERE transfer_id IN (\(SQLDialect.marks(transfers.count))) ORDER BY transfer_id, kind",
            transfers.map { .text($0) }
        ).map { row in
            guard let id = row.string("transfer_id"), let kind = row.string("kind"), let sha = row.string("sha256"), let bytes = row.bytes("bytes") else {
                throw WorkflowError(.storage, "attachments 表中转接 \(row.string("transfer_id") ?? "?") 的一行缺少 transfer_id、kind、sha256 或 bytes")
            }
            return (id, kind, sha, Data(bytes))
        }
    }

    func setReceipt(transfer: TransferID, hop: Int, pdf: Data, cut: SealCut?, sha256: String) async throws {
        let (stored, note) = storedForm(pdf, cut: cut)
        _ = try await c.run(
            "UPDATE letters SET receipt_pdf = ?, receipt_sha256 = ?, receipt_cut = ? WHERE transfer_id = ? AND hop = ? AND receipt_pdf IS NULL",
            [.blob([UInt8](stored)), .text(sha256), .optional(note), .text(transfer), .int(Int64(hop))])
    }

    func letter(transfer: TransferID, hop: Int) async throws -> StoredLetter {
        guard let row = try await c.run("SELECT * FROM letters WHERE transfer_id = ? AND hop = ?", [.text(transfer), .int(Int64(hop))]).first else {
            throw WorkflowError(.notFound, "转接 \(transfer) 没有第 \(hop + 1) 封介绍信")
        }
        var seals = SealJPEGs(c: c)
        return try await StoredLetter(row, seals: &seals)
    }

    func letters(transfer: TransferID) async throws -> [StoredLetter] {
        var seals = SealJPEGs(c: c)
        var out: [StoredLetter] = []
        for row in try await c.run("SELECT * FROM letters WHERE transfer_id = ? ORDER BY hop", [.text(transfer)]) {
            out.append(try await StoredLetter(row, seals: &seals))
        }
        return out
    }
}
