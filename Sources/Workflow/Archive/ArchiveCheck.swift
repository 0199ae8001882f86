import Crypto
import Foundation

/// What walking the archive's hash chain found.
public struct ArchiveCheck: Sendable {
    /// Entries walked.
    public var entries = 0
    /// The first break, in words naming the entry (nil when the chain is whole).
    public var firstBreak: String?
    /// Where it is: the sequence number of the entry at which the chain breaks.
    public var breakSeq: Int?

    /// Whether the chain is whole and every document matches it.
    public var isIntact: Bool { firstBreak == nil }
}

extension ArchiveChain {
    /// Walks the chain in order: each entry must follow the previous one without a gap, carry
    /// its hash, hash to what it records, and name a stored document whose bytes still have the
    /// recorded SHA-256; the head must point at the last entry, and every stored document must
    /// be in the chain. Stops at the first break. Pages through the store, so memory stays flat.
    public static func check(_ store: any WorkflowStore, progress: (@Sendable (Int, Int) -> Void)? = nil) async throws -> ArchiveCheck {
        var report = ArchiveCheck()
        let (total, head) = try await store.read { c -> (Int, (Int, String)) in
            let archive = ArchiveRepository(c: c)
            // A missing head is reported as a head that points nowhere.
            return (try await archive.count(), try await archive.head() ?? (-1, ""))
        }
        var expectedSeq = 1
        var previous = ArchiveEntry.genesis
        func fail(_ seq: Int, _ message: String) -> ArchiveCheck {
            report.firstBreak = message
            report.breakSeq = seq
            return report
        }
        while true {
            let from = expectedSeq
            let page = try await store.read { try await ArchiveRepository(c: $0).page(from: from, limit: 200) }
            if page.isEmpty { break }
            for row in page {
                let entry: ArchiveEntry
                let stored: String
                switch row.decoded {
                case .success(let decoded): (entry, stored) = decoded
                case .failure(let error): return fail(row.seq ?? expectedSeq, "第 \(row.seq ?? expectedSeq) 条存档记录无法读取：\(error.message)")
                }
                if entry.seq != expectedSeq {
                    return fail(expectedSeq, "第 \(expectedSeq) 条存档记录缺失（下一条是第 \(entry.seq) 条）：记录被删除")
                }
                if entry.previousHash != previous {
                    return fail(entry.seq, "第 \(entry.seq) 条记录的前一哈希与第 \(entry.seq - 1) 条不符：其前的记录被改动、删除或调换")
                }
                if entry.hash != stored {
                    return fail(entry.seq, "第 \(entry.seq) 条记录（第 \(entry.number) 号\(entry.kind == .receipt ? "回执" : "介绍信")）的内容与其哈希不符：记录被改动")
                }
                guard let document = row.document else {
                    return fail(entry.seq, "第 \(entry.seq) 条记录所指的第 \(entry.number) 号\(entry.kind == .receipt ? "回执" : "介绍信")不在库中：文件被删除")
                }
                if ArchiveEntry.hex(SHA256.hash(data: document)) != entry.sha256 {
                    return fail(entry.seq, "第 \(entry.number) 号\(entry.kind == .receipt ? "回执" : "介绍信")（第 \(entry.seq) 条）的 PDF 与存档时的 SHA-256 不符：文件被改动")
                }
                previous = stored
                expectedSeq += 1
                report.entries += 1
            }
            progress?(report.entries, total)
        }
        if head.0 != expectedSeq - 1 || head.1 != previous {
            return fail(expectedSeq, "链头指向第 \(head.0) 条，而最后一条是第 \(expectedSeq - 1) 条：链尾的记录被删除或改动")
        }
        if let number = try await store.read({ try await ArchiveRepository(c: $0).firstUnchainedNumber() }) {
            return fail(expectedSeq, "第 \(number) 号介绍信（或其回执）在库中却不在存档哈希链上：被绕过系统写入")
        }
        return report
    }
}
