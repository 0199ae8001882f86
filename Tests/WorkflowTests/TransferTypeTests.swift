import DemoData
import TestSupport
import Testing

@testable import Workflow

/// Transfer types (domain spec §7) for every ordered pair of branches on the worked example's
/// tree, widened by the organs and systems the example leaves out: a county's organs work
/// committee, a company's committee under the city, a province-direct organs work committee with
/// two departments' committees, and a branch directly under a city-direct work committee.
@Suite(.scratch) struct TransferTypeTests {
    static let extra: [Organization] = [
        ExampleProvince.org("LXJG", "LX", "中共济南市历下区直属机关工作委员会", .basicCommittee, .firstLevelBasic, code: 500),
        ExampleProvince.org("LXJG-B1", "LXJG", "中共历下区区委办公室支部委员会", .branch, .branch, code: 510),
        ExampleProvince.org("LXJG-B2", "LXJG", "中共历下区财政局支部委员会", .branch, .branch, code: 520),
        ExampleProvince.org("DL", "J", "中共山东电力设备有限公司委员会", .basicCommittee, .firstLevelBasic, code: 600),
        ExampleProvince.org("DL-B1", "DL", "中共山东电力设备有限公司生产支部委员会", .branch, .branch, code: 610),
        ExampleProvince.org("DL-B2", "DL", "中共山东电力设备有限公司机关支部委员会", .branch, .branch, code: 620),
        ExampleProvince.org("SZ", "P", "中共山东省委省直机关工作委员会", .workCommittee, .provinceWork, code: 700),
        ExampleProvince.org("SZJ", "SZ", "中共山东省财政厅机关委员会", .basicCommittee, .firstLevelBasic, code: 710),
        ExampleProvince.org("SZJ-B1", "SZJ", "中共山东省财政厅预算处支部委员会", .branch, .branch, code: 711),
        ExampleProvince.org("SZJ-B2", "SZJ", "中共山东省财政厅国库处支部委员会", .branch, .branch, code: 712),
        ExampleProvince.org("SZK", "SZ", "中共山东省科技厅机关委员会", .basicCommittee, .firstLevelBasic, code: 720),
        ExampleProvince.org("SZK-B1", "SZK", "中共山东省科技厅综合处支部委员会", .branch, .branch, code: 721),
        ExampleProvince.org("JZ", "J", "中共济南市直属机关工作委员会", .workCommittee, .cityWork, code: 800),
        ExampleProvince.org("JZ-B1", "JZ", "中共济南市直属机关工作委员会机关支部委员会", .branch, .branch, code: 810),
    ]

    /// What each organization above a branch is, written down from the example rather than
    /// read from the tree's levels or names.
    enum Kind { case province, city, county, work, township, otherFirstLevel, below }
    static let kinds: [OrganizationID: Kind] = [
        "P": .province, "J": .city, "Q": .city, "LX": .county, "PY": .county, "HD": .county, "SZ": .work, "JZ": .work,
        "JF": .township, "QF": .township, "YS": .township, "CJ": .township, "LXJG": .otherFirstLevel, "DL": .otherFirstLevel,
        "SZJ": .otherFirstLevel, "SZK": .otherFirstLevel, "Z1": .below,
    ]

    /// §7 read from the kinds: where the destination sits below the common ancestor.
    static func expected(_ s: [OrganizationID], _ d: [OrganizationID]) -> TransferType {
        let common = zip(s, d).prefix { $0 == $1 }.count
        let lca = s[common - 1]
        let below = d[common]
        switch kinds[lca]! {
        case .province: return kinds[below] == .city ? .otherCity : .provinceDirect
        case .city: return kinds[below] == .county ? .otherCounty : .cityDirect
        case .county: return kinds[below] == .township ? .otherTownship : .countyDirect
        case .work: return .sameSystem
        case .township: return .townshipDirect
        case .otherFirstLevel: return .sameSystem
        case .below:
            let first = s[..<common].last { kinds[$0] == .township || kinds[$0] == .otherFirstLevel }!
            return kinds[first] == .township ? .townshipDirect : .sameSystem
        }
    }

    @Test func everyPairOfBranchesGetsTheTypeOfTheSpec() throws {
        let tree = try OrganizationTree(ExampleProvince.organizations + Self.extra)
        let branches = tree.organizations.values.filter { $0.category.holdsMembers }.map(\.id).sorted { $0.rawValue < $1.rawValue }
        #expect(branches.count == 14)
        var seen: [TransferType: Int] = [:]
        for s in branches {
            for d in branches where d != s {
                let got = TransferType.derive(source: s, destination: d, tree: tree)
                let want = Self.expected(tree.lineage(s).reversed(), tree.lineage(d).reversed())
                #expect(got == want, "\(s) → \(d): \(got.rawValue), the spec says \(want.rawValue)")
                seen[got, default: 0] += 1
            }
        }
        // Every in-province type occurs on this tree.
        #expect(Set(seen.keys) == Set(TransferType.allCases).subtracting(TransferType.outOfProvince + TransferType.incoming), "\(seen)")
        #expect(TransferType.derive(source: "B1", destination: "LXJG-B1", tree: tree) == .countyDirect, "to the district's organs: not a township")
        #expect(TransferType.derive(source: "LXJG-B1", destination: "B1", tree: tree) == .otherTownship)
        #expect(TransferType.derive(source: "SZJ-B1", destination: "SZK-B1", tree: tree) == .sameSystem)
    }
}
