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

    /// The groups in the order pages and spreadsheets show them, with their Chinese titles.
    public var groups: [(title: String, counts: [String: Int])] {
        [
            ("年龄", ageBand), ("性别", sex), ("正式/预备", category), ("转接类型", type), ("转出单位类别", sourceKind),
            ("转入单位类别", destinationKind), ("职业", occupation), ("学历", education),
        ]
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
    static func ageBand(_ age: Int) -> String {
        switch age {
        case ..<26: "18–25"
        case 26...35: "26–35"
        case 36...45: "36–45"
        case 46...60: "46–60"
        default: "61 以上"
        }
    }

    /// Members transferred out of `org`'s subtree (accepted, completed out of system, or
    /// completed) with transfers created from the day `from` through the day `until`, grouped.
    public func statistics(under org: OrganizationID, from: Date, until: Date) async throws -> Statistics {
        let tree = try await tree()
        let range = subtreeRange(org, tree: tree)
        let end = ChinaDay.end(ofLastDay: until)
        let rows = try await store.read { try await TransferQueryRepository(c: $0).statisticsRows(outOf: range, from: from, end: end) }
        var s = Statistics(total: 0, ageBand: [:], sex: [:], category: [:], type: [:], occupation: [:], education: [:], sourceKind: [:])
        let unknown = "未登记"
        for row in rows {
            // A member is counted as the register has them; one who is not in it (a transfer
            // entered from paper, of a member who has since left) by the ID number and what the
            // paper said.
            let member = row.member
            let paper = row.paper
            let id = member == nil ? (try? IDNumber.parse(row.memberIDNumber).get()) : nil
            let created = row.createdAt.chinaDay
            let birthYear = Int((member?.birthDate ?? id?.birthDate.description ?? "").prefix(4)) ?? created.year
            s.total += 1
            s.ageBand[Self.ageBand(created.year - birthYear), default: 0] += 1
            s.sex[member?.sex ?? id?.sex.rawValue ?? unknown, default: 0] += 1
            s.category[member?.category ?? paper?.category ?? unknown, default: 0] += 1
            s.type[row.type, default: 0] += 1
            s.occupation[member?.occupation ?? unknown, default: 0] += 1
            s.education[member?.education ?? unknown, default: 0] += 1
            let source = row.source
            let kind = tree.basicCommittee(of: source).flatMap { tree.organizations[$0]?.level.label } ?? "其他"
            s.sourceKind[kind, default: 0] += 1
            let destination = row.destination
            let handTyped = TransferType(rawValue: row.type).map(TransferType.offTree.contains) == true ? "省内（组织树外）" : "省外"
            let toKind = destination.map { tree.basicCommittee(of: $0).flatMap { tree.organizations[$0]?.level.label } ?? "其他" } ?? handTyped
            s.destinationKind[toKind, default: 0] += 1
        }
        return s
    }

    /// The overview of `org`: queue counts and this year's outgoing and incoming counts.
    public func overview(of org: OrganizationID) async throws -> Overview {
        let tree = try await tree()
        let range = subtreeRange(org, tree: tree)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 8 * 3600)!
        let year = calendar.dateInterval(of: .year, for: clock.now())!.start
        let (out, into) = try await store.read { try await TransferQueryRepository(c: $0).yearCounts(of: range, since: year) }
        return Overview(queue: try await queueCounts(of: org), outgoingThisYear: out, incomingThisYear: into)
    }
}
