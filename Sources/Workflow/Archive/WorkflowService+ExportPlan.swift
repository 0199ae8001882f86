import Crypto
import Foundation
import Render

/// One file an export writes for a stored document: the document as stored, or the parts the
/// archive grants laid out from its stored values.
struct ExportItem: Sendable {
    let transfer: Transfer
    let entry: ArchiveEntry
    let chainHash: String
    let folder: String
    let fileName: String
    /// `letter`, `parts` or `receipt`.
    let kind: String
    let from: String
    let to: String
    let issuedAt: Date
    /// The bytes to write as they are, or nil when `parts` are to be laid out.
    let stored: Data?
    let parts: Set<LetterPart>
    let letterJSON: Data?
    let issuer: OrganizationID
    let sealVersion: Int?
}

extension WorkflowService {
    static let partNames: [LetterPart: String] = [.stub: "存根", .letter: "第二联", .receipt: "回执"]

    /// Decides, for each chain entry of a page, which file (if any) the export holds of it.
    func plan(_ rows: [ArchiveRepository.ExportRow], request: ArchiveExportRequest, tree: OrganizationTree) throws -> [ExportItem] {
        var transfers: [String: Transfer] = [:]
        var items: [ExportItem] = []
        for row in rows {
            let (entry, chainHash) = (row.entry, row.chainHash)
            let t: Transfer
            if let known = transfers[entry.transferID] {
                t = known
            } else {
                t = try Repository.decoder.decode(Transfer.self, from: Data(row.transferDocument.utf8))
                transfers[entry.transferID] = t
            }
            guard t.hops.indices.contains(entry.hop), let document = row.document else {
                throw WorkflowError(.storage, "存档记录第 \(entry.seq) 条所指的文件不在库中；请运行 letters archive check")
            }
            guard ArchiveEntry.hex(SHA256.hash(data: document)) == entry.sha256 else {
                throw WorkflowError(.storage, "第 \(entry.number) 号的 PDF 与存档哈希不符，导出中止；请运行 letters archive check")
            }
            let hop = t.hops[entry.hop]
            let path = t.path.organizations
            var parts = Set(LetterPart.allCases)
            var issuerSide = true
            if let org = request.organization {
                let inScope = { (o: OrganizationID) in request.includeDescendants ? tree.isSelfOrAncestor(org, of: o) : o == org }
                parts = []
                for actor in t.actors where inScope(actor) {
                    for granted in ArchiveRules.parts(for: actor, in: t) where granted.hop == entry.hop { parts.insert(granted.part) }
                }
                issuerSide = inScope(path[hop.from])
            }
            let name = { (o: Int?) in o.map { tree.organizations[path[$0]]?.name ?? path[$0].rawValue } ?? t.destinationName(tree) }
            let folder = ZIPName.segment(t.memberName, limit: 20) + "-" + t.id
            let base = "\(folder)/第\(entry.hop + 1)封-\(ZIPName.segment(entry.number))"
            var kind = entry.kind == .receipt ? "receipt" : "letter"
            var fileName = base + (entry.kind == .receipt ? "-退回的回执.pdf" : "-三联.pdf")
            var stored: Data? = document
            if entry.kind == .receipt {
                guard parts.contains(.receipt), issuerSide else { continue }
            } else if parts.isEmpty {
                continue
            } else if parts != Set(LetterPart.allCases) {
                kind = "parts"
                stored = nil
                fileName = base + "-" + LetterPart.allCases.filter(parts.contains).compactMap { Self.partNames[$0] }.joined(separator: "+") + ".pdf"
            }
            items.append(
                ExportItem(
                    transfer: t, entry: entry, chainHash: chainHash, folder: folder, fileName: fileName, kind: kind,
                    from: name(hop.from), to: name(hop.to), issuedAt: hop.issuedAt, stored: stored, parts: parts,
                    letterJSON: row.letterJSON, issuer: row.issuer,
                    sealVersion: row.sealVersion))
        }
        return items
    }

    /// The bytes of each item: stored ones as they are, part sets laid out in parallel.
    func renderParts(_ items: [ExportItem]) async throws -> [Data?] {
        try await withThrowingTaskGroup(of: (Int, Data).self) { group in
            var out = items.map(\.stored)
            for (i, item) in items.enumerated() where item.stored == nil {
                group.addTask {
                    let pdf = try await self.print(
                        json: item.letterJSON, issuer: item.issuer, sealVersion: item.sealVersion,
                        hop: item.entry.hop, parts: item.parts, template: .one, printer: nil
                    ).pdf
                    return (i, pdf)
                }
            }
            for try await (i, pdf) in group { out[i] = pdf }
            return out
        }
    }

    /// A transfer's log as CSV (UTF-8 with BOM, for Excel).
    static func logCSV(_ t: Transfer, tree: OrganizationTree) -> Data {
        let f = DateFormatter()
        f.dateFormat = "yyyy-MM-dd HH:mm:ss"
        f.timeZone = TimeZone(secondsFromGMT: 8 * 3600)
        var lines = [["时间", "办理", "操作", "从", "至", "备注"]]
        for e in t.log {
            lines.append([
                f.string(from: e.at), tree.name(of: e.actor), e.operation, e.from.map { tree.organizations[$0]?.name ?? $0.rawValue } ?? "",
                e.to.map(tree.name(ofDestination:)) ?? "", e.note ?? "",
            ])
        }
        return Data(
            ("\u{FEFF}" + lines.map { $0.map { ManifestFiles.csvField(FormulaGuard.neutralised($0)) }.joined(separator: ",") }.joined(separator: "\r\n")
                + "\r\n").utf8)
    }
}
