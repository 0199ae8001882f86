import Foundation
import LetterModel

/// Transferred members grouped over a period (分组统计, §8).
public struct Statistics: Sendable, Hashable, Codable {
    /// Transfers counted.
    public var total: Int
    /// By age band (“18–25”, “26–35” …).
    public var ageBand: [String: Int]
    /// By sex.
    public var sex: [String: Int]
    /// 正式 / 预备.
    public var category: [String: Int]
    /// By transfer type.
    public var type: [String: Int]
    /// By occupation.
    public var occupation: [String: Int]
    /// By education.
    public var education: [String: Int]
    /// By the level of the source's basic committee (source kind).
    public var sourceKind: [String: Int]
    /// By the level of the destination's basic committee (destination kind; 省外 for letters
    /// out of the province).
    public var destinationKind: [String: Int] = [:]

    /// The groups in the order pages and spreadsheets show them, with their Chinese titles; each
    /// group's values the largest count first (ties by value).
    public var groups: [(title: String, counts: [(value: String, count: Int)])] {
        [
            ("年龄", ageBand), ("性别", sex), ("正式/预备", category), ("转接类型", type), ("转出单位类别", sourceKind),
            ("转入单位类别", destinationKind), ("职业", occupation), ("学历", education),
        ].map { title, counts in
            (title, counts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { (value: $0.key, count: $0.value) })
        }
    }
}

extension Statistics {
    /// Statistics from counted (dimension, value, count) rows.
    init(counts: [(dimension: String, value: String, n: Int)]) {
        self.init(total: 0, ageBand: [:], sex: [:], category: [:], type: [:], occupation: [:], education: [:], sourceKind: [:])
        for (name, value, n) in counts where n != 0 {
            guard let dimension = TransferTally.Dimension(rawValue: name) else { continue }
            switch dimension {
            case .total: total += n
            case .age: ageBand[value, default: 0] += n
            case .sex: sex[value, default: 0] += n
            case .category: category[value, default: 0] += n
            case .type: type[value, default: 0] += n
            case .source: sourceKind[value, default: 0] += n
            case .destination: destinationKind[value, default: 0] += n
            case .occupation: occupation[value, default: 0] += n
            case .education: education[value, default: 0] += n
            }
        }
    }
}

/// The home page's overview (信息概况, §8).
public struct Overview: Sendable, Hashable, Codable {
    /// Queue counts.
    public var queue: QueueCounts
    /// Transfers out of the subtree created this year.
    public var outgoingThisYear: Int
    /// Transfers into the subtree created this year.
    public var incomingThisYear: Int
}

extension WorkflowService {
    /// Members transferred out of `org`'s subtree (accepted, completed out of system, or
    /// completed) with transfers created on the days (China time) from that of `from` through
    /// that of `until`, grouped — each as the register had them when the transfer was started
    /// (`TransferTally`).
    public func statistics(under org: OrganizationID, from: Date, until: Date) async throws -> Statistics {
        let range = subtreeRange(org, tree: try await tree())
        let (first, last) = (ChinaDay.daysSinceEpoch(of: from), ChinaDay.daysSinceEpoch(of: until))
        let counts = try await store.read { c in
            // Counters for the province, its cities and counties; a smaller subtree's few
            // transfers are counted from their columns.
            TransferTally.isKept(range.0)
                ? try await TransferQueryRepository(c: c).tallies(of: range.0, from: first, through: last)
                : try await TransferQueryRepository(c: c).tallies(outOf: range, from: first, through: last)
        }
        return Statistics(counts: counts)
    }

    /// The overview of `org`: queue counts and this year's outgoing and incoming counts.
    public func overview(of org: OrganizationID) async throws -> Overview {
        let tree = try await tree()
        let range = subtreeRange(org, tree: tree)
        let year = ChinaDay.startOfYear(of: clock.now())
        let (out, into) = try await store.read { try await TransferQueryRepository(c: $0).yearCounts(of: range, since: year) }
        return Overview(queue: try await queueCounts(of: org), outgoingThisYear: out, incomingThisYear: into)
    }
}
