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

    /// The category's name as the manuals write it.
    public var label: String {
        switch self {
        case .committee: "中共各级委员会"
        case .workCommittee: "中共各级工作委员会"
        case .partyGroup: "党组"
        case .governmentDepartment: "政府工作部门党委"
        case .army: "中共军队委员会"
        case .basicCommittee: "党委"
        case .generalBranch: "党总支"
        case .branch: "党支部"
        case .jointBranch: "联合党支部"
        case .temporary: "临时基层党组织"
        }
    }

    /// A category cell as departments type it: the code (`631`), the code and name
    /// (`631党支部`) or the name (`党支部`).
    public static func parse(_ text: String) -> OrganizationCategory? {
        let digits = String(text.prefix { $0.isASCII && $0.isNumber })
        if let byCode = OrganizationCategory(rawValue: digits) {
            let rest = text.dropFirst(digits.count).trimmingCharacters(in: .whitespaces)
            return rest.isEmpty || rest == byCode.label ? byCode : nil
        }
        return digits.isEmpty ? allCases.first { $0.label == text } : nil
    }

    /// Only branches hold members.
    public var holdsMembers: Bool { self == .branch || self == .jointBranch }

    /// Rank for the rule that a lower category may not hold a higher one beneath it
    /// (committees above basic committees above general branches above branches).
    package var rank: Int {
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

extension OrganizationLevel {
    /// The level an organization of `category` takes below a parent of `parent`'s level (nil
    /// for the root): a register's sheet names categories, and routing needs levels (seed 002
    /// 附三). Committees go province → city → county; a work committee under a province or a
    /// city is its directly-subordinate work committee; a basic committee is first-level under a
    /// county or a work committee and second-level under another basic committee.
    public static func derived(category: OrganizationCategory, parent: OrganizationLevel?) -> OrganizationLevel {
        switch category {
        case .branch, .jointBranch: return .branch
        case .generalBranch, .temporary: return .generalBranch
        case .basicCommittee: return parent == .firstLevelBasic || parent == .secondLevelBasic ? .secondLevelBasic : .firstLevelBasic
        case .committee, .workCommittee, .partyGroup, .governmentDepartment, .army:
            switch parent {
            case nil: return .province
            case .province?: return category == .committee ? .city : .provinceWork
            case .city?: return category == .committee ? .county : .cityWork
            case .provinceWork?, .cityWork?, .county?: return .firstLevelBasic
            default: return .firstLevelBasic
            }
        }
    }
}
