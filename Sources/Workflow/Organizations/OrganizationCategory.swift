/// Organization categories (组织类别) with their official codes (seed 004 §5.1).
public enum OrganizationCategory: String, Sendable, Codable, CaseIterable {
    /// 1 各级委员会.
    case committee = "1"
    /// 2 工作委员会.
    case workCommittee = "2"
    /// 3 党组.
    case partyGroup = "3"
    /// 4 政府工作部门党委.
    case governmentDepartment = "4"
    /// 5 军队委员会.
    case army = "5"
    /// 611 党委 (basic committee).
    case basicCommittee = "611"
    /// 621 党总支 (general branch).
    case generalBranch = "621"
    /// 631 党支部 (branch).
    case branch = "631"
    /// 632 联合党支部 (joint branch).
    case jointBranch = "632"
    /// 9 临时基层党组织.
    case temporary = "9"

    /// Only branches hold members.
    public var holdsMembers: Bool { self == .branch || self == .jointBranch }

    /// Rank for the rule that a lower category may not hold a higher one beneath it
    /// (committees above basic committees above general branches above branches).
    var rank: Int {
        switch self {
        case .committee, .workCommittee, .partyGroup, .governmentDepartment, .army: 4
        case .basicCommittee: 3
        case .generalBranch, .temporary: 2
        case .branch, .jointBranch: 1
        }
    }
}

/// The level of an organization in the hierarchy, used for routing and transfer types
/// (seed 002 附三).
public enum OrganizationLevel: String, Sendable, Codable, CaseIterable {
    /// 省委.
    case province
    /// 省直属工委.
    case provinceWork
    /// 市委.
    case city
    /// 市直属工委.
    case cityWork
    /// 县（市、区）委.
    case county
    /// 一级党（工）委: township, street, county organs — may approve probationary members.
    case firstLevelBasic
    /// 二级党委.
    case secondLevelBasic
    /// 党总支.
    case generalBranch
    /// 党支部.
    case branch

    /// The level as the seed's table names it, for statistics and pages.
    public var label: String {
        switch self {
        case .province: "省委"
        case .provinceWork: "省直属工委"
        case .city: "市委"
        case .cityWork: "市直属工委"
        case .county: "县（市、区）委"
        case .firstLevelBasic: "一级党（工）委"
        case .secondLevelBasic: "二级党委"
        case .generalBranch: "党总支"
        case .branch: "党支部"
        }
    }
}
