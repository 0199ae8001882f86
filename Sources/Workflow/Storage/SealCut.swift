import Foundation

/// Where a stored PDF had its seal's JPEG cut out. Every letter and receipt embeds its seal's
/// JPEG byte for byte (as issued), and the store keeps that JPEG once per seal version in
/// `seals`; so a PDF is stored without it, with this note, and the seal is spliced back on
/// every read — the bytes read are the bytes issued (their SHA-256 is what the archive chain
/// holds, and every reader checks it), about two thirds fewer bytes are written and kept.
/// Stored as `version:offset:organization` (`letters.pdf_cut`, `letters.receipt_cut`).
struct SealCut: Sendable {
    /// The sealing organization.
    let organization: OrganizationID
    /// Its seal's version.
    let version: Int
    /// Where in the issued PDF the JPEG begins.
    let offset: Int
    /// The JPEG's length (known from `seals` when reading; not part of the stored note).
    var length = 0

    /// Where `jpeg` lies in `pdf`, if it does, by the seal of `organization` at `version`.
    static func find(_ jpeg: Data, in pdf: Data, organization: OrganizationID, version: Int) -> SealCut? {
        guard jpeg.count >= 4, pdf.count >= jpeg.count else { return nil }
        // memchr for the first byte, memcmp for the rest: Foundation's `range(of:)` is far slower
        // here, and glibc's memmem is a GNU extension Swift's Glibc module does not export.
        let offset: Int? = pdf.withUnsafeBytes { (p: UnsafeRawBufferPointer) in
            jpeg.withUnsafeBytes { (j: UnsafeRawBufferPointer) -> Int? in
                guard let pBase = p.baseAddress, let jBase = j.baseAddress else { return nil }
                let first = Int32(j[0])
                var at = 0
                let last = p.count - j.count
                while at <= last {
                    guard let hit = memchr(pBase + at, first, last - at + 1) else { return nil }
                    let index = pBase.distance(to: UnsafeRawPointer(hit))
                    if memcmp(pBase + index, jBase, j.count) == 0 { return index }
                    at = index + 1
                }
                return nil
            }
        }
        return offset.map { SealCut(organization: organization, version: version, offset: $0, length: jpeg.count) }
    }

    /// The note as stored.
    var stored: String { "\(version):\(offset):\(organization.rawValue)" }

    /// A stored note, or nil for a PDF stored whole.
    init?(stored text: String?) {
        guard let text else { return nil }
        let parts = text.split(separator: ":", maxSplits: 2).map(String.init)
        guard parts.count == 3, let version = Int(parts[0]), let offset = Int(parts[1]) else { return nil }
        self.init(organization: OrganizationID(parts[2]), version: version, offset: offset)
    }

    init(organization: OrganizationID, version: Int, offset: Int, length: Int = 0) {
        self.organization = organization
        self.version = version
        self.offset = offset
        self.length = length
    }

    /// `pdf` without the seal's bytes.
    func cut(_ pdf: Data) -> Data {
        var out = Data(capacity: pdf.count - length)
        out.append(pdf[pdf.startIndex..<(pdf.startIndex + offset)])
        out.append(pdf[(pdf.startIndex + offset + length)...])
        return out
    }

    /// The issued PDF: `stored` with `jpeg` put back. Bytes too short for their note were
    /// altered behind the system's back: they are given as they are, so that the SHA-256 every
    /// reader checks (the archive check, the export, the backup's check) reports them.
    func splice(_ stored: [UInt8], _ jpeg: [UInt8]) -> Data {
        guard offset <= stored.count else { return Data(stored) }
        var out = Data(capacity: stored.count + jpeg.count)
        out.append(contentsOf: stored[0..<offset])
        out.append(contentsOf: jpeg)
        out.append(contentsOf: stored[offset...])
        return out
    }
}

/// The seals' JPEGs read once per call, for splicing several PDFs.
struct SealJPEGs {
    let c: any StoreConnection
    /// By `organization version`.
    private var known: [String: [UInt8]] = [:]

    init(c: any StoreConnection) { self.c = c }

    /// The issued bytes of a PDF stored as `stored` with the note `cut` (nil: stored whole).
    mutating func issued(_ stored: [UInt8], cut note: String?) async throws -> Data {
        guard let note else { return Data(stored) }
        guard let cut = SealCut(stored: note) else {
            throw WorkflowError(.storage, rule: "stored", "印章位置记录“\(Limits.clipped(note, to: 60))”无法读取：库中数据已损坏")
        }
        let key = "\(cut.organization.rawValue) \(cut.version)"
        if let jpeg = known[key] { return cut.splice(stored, jpeg) }
        guard let jpeg = try await Repository(c: c).seal(org: cut.organization, version: cut.version).map({ [UInt8]($0) }) else {
            throw WorkflowError(.storage, rule: "stored", "\(cut.organization) 第 \(cut.version) 版印章不在库中，PDF 无法还原：请运行 letters archive check")
        }
        known[key] = jpeg
        return cut.splice(stored, jpeg)
    }
}
