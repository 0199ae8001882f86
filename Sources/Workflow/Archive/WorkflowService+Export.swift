import Crypto
import Foundation
import Render

extension WorkflowService {
    /// Writes the archive export `request` asks for as a ZIP into `sink`, streaming: documents
    /// are read a page at a time in chain order, and the manifests grow in temporary files, so
    /// memory stays flat however large the export. A stored document whose bytes no longer
    /// match the chain stops the export (an export never ships an altered letter).
    public func exportArchive(
        _ request: ArchiveExportRequest, to sink: @escaping (Data) async throws -> Void,
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) async throws -> ArchiveExportSummary {
        let tree = try await tree()
        if let org = request.organization { _ = try tree.organization(org) }
        var filter = ArchiveRepository.ExportFilter(from: request.from, until: request.until, state: request.status, organization: request.organization)
        if let org = request.organization, request.includeDescendants { filter.subtree = subtreeRange(org, tree: tree) }
        let selected = filter
        // The export is the archive as of this head: documents stored while it runs (by this
        // server or another) come after it in the chain and are left for the next export, so the
        // manifest never carries an entry past the head it records. Each transfer's log is read
        // after the head, so it holds every operation whose letter is exported.
        let (head, total) = try await store.read { c -> (ArchiveManifest.ChainHead, Int) in
            let archive = ArchiveRepository(c: c)
            let h = try await archive.head() ?? (0, "")
            return (ArchiveManifest.ChainHead(seq: h.seq, hash: h.hash), try await archive.exportCount(upTo: h.seq, selected))
        }
        let now = clock.now()
        let manifest = ArchiveManifest(
            format: "letters-archive-1", exportedAt: ISO8601DateFormatter().string(from: now), requestedBy: request.requestedBy,
            organization: request.organization?.rawValue, includeDescendants: request.includeDescendants,
            from: request.from.map { $0.chinaISODay }, until: request.until.map { $0.chinaISODay }, status: request.status,
            complete: selected.isEverything, chainHead: head, files: [])
        let key = try await exportSigningKey()
        let writer = try ZIPWriter(sink: sink)
        let manifests = try ManifestFiles(manifest)
        var summary = ArchiveExportSummary()
        var logged = Set<TransferID>()
        var done = 0
        // One page is read, checked and laid out while the one before is written: reading
        // and hashing, the renders and the ZIP's writing overlap on the two cores.
        var current = try await exportPage(after: 0, upTo: head.seq, selected, request: request, tree: tree, logged: logged)
        while let page = current {
            let loggedBefore = logged
            async let following = exportPage(after: page.last, upTo: head.seq, selected, request: request, tree: tree, logged: loggedBefore)
            for (item, bytes) in zip(page.planned, page.rendered) {
                let t = item.transfer
                if logged.insert(t.id).inserted {
                    let log = Self.logCSV(t, tree: tree)
                    try await add(
                        log, name: "\(item.folder)/日志.csv", kind: "log", item: item, chain: false, writer: writer,
                        manifests: manifests, summary: &summary, at: now)
                    for file in page.files[t.id] ?? [] {
                        try await add(
                            file.bytes, name: "\(item.folder)/\(file.name)", kind: "attachment", item: item, chain: false,
                            writer: writer, manifests: manifests, summary: &summary, at: now, sha: file.sha256)
                    }
                    summary.transfers += 1
                }
                guard let bytes else { continue }
                try await add(
                    bytes, name: item.fileName, kind: item.kind, item: item, chain: true, writer: writer,
                    manifests: manifests, summary: &summary, at: item.issuedAt,
                    sha: item.stored != nil ? item.entry.sha256 : nil)  // stored bytes were hashed when read
                summary.documents += 1
            }
            done += page.entries
            progress?(done, total)
            current = try await following
        }
        try await manifests.write(into: writer, at: now, signedWith: key)
        summary.files += 4
        try await writer.finish()
        summary.bytes = writer.bytesWritten
        return summary
    }

    /// A page of the export, ready to write: the chain's entries after `after`, planned, their
    /// part sets laid out and their transfers' attachments read; nil past the last.
    private struct ExportPage: Sendable {
        let entries: Int
        let last: Int
        let planned: [ExportItem]
        let rendered: [Data?]
        let files: [TransferID: [(name: String, sha256: String, bytes: Data)]]
    }

    private func exportPage(
        after: Int, upTo head: Int, _ filter: ArchiveRepository.ExportFilter, request: ArchiveExportRequest, tree: OrganizationTree,
        logged: Set<TransferID>
    ) async throws -> ExportPage? {
        let rows = try await store.read { try await ArchiveRepository(c: $0).exportPage(after: after, upTo: head, filter) }
        guard let last = rows.last?.entry.seq else { return nil }
        let planned = try plan(rows, request: request, tree: tree)
        let rendered = try await renderParts(planned)
        // Transfers logged by the page being written meanwhile may be read again: unused, harmless.
        let files = try await attachments(of: planned.map(\.transfer).filter { !logged.contains($0.id) })
        return ExportPage(entries: rows.count, last: last, planned: planned, rendered: rendered, files: files)
    }

    /// The files kept with those of `transfers` that have any (the ID card's photo reviewed by
    /// hand, the returned receipt's scan), named for the export and checked against the hash
    /// stored with them: an export never ships an altered file.
    private func attachments(of transfers: [Transfer]) async throws -> [TransferID: [(name: String, sha256: String, bytes: Data)]] {
        let holders = transfers.filter { t in
            if t.returnedReceipt != nil { return true }
            if case .intoProvince(_, _, true) = t.direction { return true }
            return false
        }.map(\.id)
        guard !holders.isEmpty else { return [:] }
        let rows = try await store.read { try await Repository(c: $0).attachments(of: Array(Set(holders))) }
        var out: [TransferID: [(name: String, sha256: String, bytes: Data)]] = [:]
        for row in rows {
            guard ArchiveEntry.hex(SHA256.hash(data: row.bytes)) == row.sha256 else {
                throw WorkflowError(.storage, "转接 \(row.transfer) 保存的\(row.kind)与其哈希不符，导出中止")
            }
            let pdf = row.bytes.starts(with: Array("%PDF-".utf8))
            let png = row.bytes.starts(with: [0x89, 0x50, 0x4E, 0x47])
            let suffix = pdf ? "pdf" : png ? "png" : "jpg"
            let name = row.kind == "id-card-photo" ? "身份证照片（人工审核）.\(suffix)" : "退回的回执-扫描件.\(suffix)"
            out[row.transfer, default: []].append((name, row.sha256, row.bytes))
        }
        return out
    }

    private func add(
        _ data: Data, name: String, kind: String, item: ExportItem, chain: Bool, writer: ZIPWriter,
        manifests: ManifestFiles, summary: inout ArchiveExportSummary, at: Date, sha known: String? = nil
    ) async throws {
        try await writer.add(name: name, data: data, modified: at)
        let sha = known ?? ArchiveEntry.hex(SHA256.hash(data: data))
        try manifests.append(
            ArchiveManifest.File(
                path: name, kind: kind, sha256: sha, size: data.count, transferID: item.transfer.id, number: chain ? item.entry.number : "",
                member: item.transfer.memberName, idNumber: item.transfer.memberIDNumber, from: chain ? item.from : "", to: chain ? item.to : "",
                issuedOn: chain ? item.issuedAt.chinaISODay : "", chain: chain ? item.entry : nil, chainHash: chain ? item.chainHash : nil))
        summary.files += 1
    }
}
