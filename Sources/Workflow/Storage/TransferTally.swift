import Foundation
import LetterModel

/// What the statistics (分组统计, §8) count of one transfer: the values it is grouped by, kept
/// beside it as columns (`stat_…`, migration 16) so that a province's year is counted from
/// counters rather than by decoding a million members.
///
/// The member's values are those of the register when the transfer was started (the member
/// the letters were printed for), not the register's present entry; the two kinds are the
/// tree's when the transfer last changed.
@_spi(Storage) public struct TransferTally: Sendable, Hashable {
    /// The states in which a transfer has gone through and is counted, as an SQL list (migration
    /// 16's triggers spell the same list).
    static let countedStatesSQL = "('awaiting-report', 'completed', 'awaiting-receipt')"
    /// Counters (`transfer_tallies`) are kept per day for a source's ancestors down to this
    /// depth — the province, its cities, their counties — whose subtrees are too large to count
    /// row by row; below it a subtree's few transfers are counted from their columns. (Deeper
    /// counters would hold about as many rows as the transfers they count.)
    static let keptDepth = 3
    /// Written for a value the register does not have.
    static let unknown = "未登记"

    /// Age band (“18–25” …) at the transfer's creation.
    public var ageBand: String
    /// Sex.
    public var sex: String
    /// 正式 / 预备.
    public var category: String
    /// Occupation.
    public var occupation: String
    /// Education.
    public var education: String
    /// The level of the source's basic committee.
    public var sourceKind: String
    /// The level of the destination's basic committee, or 省外 / 省内（组织树外） for a letter off the tree.
    public var destinationKind: String

    /// The member's values: the register's entry, or for a member not in it (a transfer entered
    /// from paper) the ID number and what the paper said.
    @_spi(Storage) public static func profile(member: PartyMember?, paper: PaperRecord?, idNumber: String, createdAt: Date) -> (
        ageBand: String, sex: String, category: String, occupation: String, education: String
    ) {
        let id = member == nil ? (try? IDNumber.parse(idNumber).get()) : nil
        let created = createdAt.chinaDay
        let birthYear = Int((member?.birthDate ?? id?.birthDate.description ?? "").prefix(4)) ?? created.year
        return (
            ageBand(created.year - birthYear), member?.sex ?? id?.sex.rawValue ?? unknown, member?.category ?? paper?.category ?? unknown,
            member?.occupation ?? unknown, member?.education ?? unknown
        )
    }

    /// The levels of the basic committees a transfer leaves and enters, in the seed's words.
    @_spi(Storage) public static func kinds(type: TransferType, source: OrganizationID, destination: OrganizationID?, tree: OrganizationTree) -> (
        source: String, destination: String
    ) {
        func kind(_ org: OrganizationID) -> String {
            tree.basicCommittee(of: org).flatMap { tree.organizations[$0]?.level.label } ?? "其他"
        }
        let offTree = TransferType.offTree.contains(type) ? "省内（组织树外）" : "省外"
        return (kind(source), destination.map(kind) ?? offTree)
    }

    /// The ancestors of `source` (itself included) whose counters count it: the paths at depths
    /// 1 … `keptDepth`, nil below the source's own depth.
    @_spi(Storage) public static func tallyPaths(source: OrganizationID, tree: OrganizationTree) -> [String?] {
        let lineage = Array(tree.lineage(source).reversed())
        return (1...keptDepth).map { depth in
            depth <= lineage.count ? "/" + lineage.prefix(depth).map(\.rawValue).joined(separator: "/") + "/" : nil
        }
    }

    /// Whether the statistics of the organization at `path` are read from counters.
    static func isKept(_ path: String) -> Bool {
        path.split(separator: "/").count <= keptDepth
    }

    static func ageBand(_ age: Int) -> String {
        switch age {
        case ..<26: "18–25"
        case 26...35: "26–35"
        case 36...45: "36–45"
        case 46...60: "46–60"
        default: "61 以上"
        }
    }

    /// What is counted, by the names `transfer_tallies.dimension` holds (migration 16's
    /// triggers spell the same names in SQL).
    enum Dimension: String, CaseIterable {
        case total, age, sex, category, type, source, destination, occupation, education
    }

    /// The counted (dimension, value) pairs; `type` is the transfer's own column.
    func pairs(type: String) -> [(Dimension, String)] {
        [
            (.total, ""), (.age, ageBand), (.sex, sex), (.category, category), (.type, type), (.source, sourceKind),
            (.destination, destinationKind), (.occupation, occupation), (.education, education),
        ]
    }
}
