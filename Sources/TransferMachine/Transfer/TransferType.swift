/// Transfer types (转出类型 / 接收类型, §7).
public enum TransferType: String, Sendable, Codable, CaseIterable {
    /// 转往本省其他市党组织.
    case otherCity = "转往本省其他市党组织"
    /// 转本省直属的其他单位党组织.
    case provinceDirect = "转本省直属的其他单位党组织"
    /// 转往本市其他县(市、区)党组织.
    case otherCounty = "转往本市其他县(市、区)党组织"
    /// 转往本市直属的其他单位党组织.
    case cityDirect = "转往本市直属的其他单位党组织"
    /// 转往本县(市、区)其他乡镇（街道）党组织.
    case otherTownship = "转往本县(市、区)其他乡镇（街道）党组织"
    /// 转往本县(市、区)直属的其他单位党组织.
    case countyDirect = "转往本县(市、区)直属的其他单位党组织"
    /// 转往本系统内的其他党组织.
    case sameSystem = "转往本系统内的其他党组织"
    /// 转往本乡镇（街道）直属的其他单位党组织.
    case townshipDirect = "转往本乡镇（街道）直属的其他单位党组织"
    /// 转往外省(区、市).
    case otherProvince = "转往外省(区、市)"
    /// 转往军队.
    case army = "转往军队"
    /// 转往武警部队.
    case armedPolice = "转往武警部队"
    /// 转往国（境）外.
    case abroad = "转往国（境）外"
    /// 自外省(区、市)转入.
    case fromOtherProvince = "自外省(区、市)转入"
    /// 自军队转入.
    case fromArmy = "自军队转入"
    /// 自武警部队转入.
    case fromArmedPolice = "自武警部队转入"
    /// 自国（境）外转入.
    case fromAbroad = "自国（境）外转入"

    /// Types chosen by hand for transfers leaving the province.
    public static let outOfProvince: [TransferType] = [.otherProvince, .army, .armedPolice, .abroad]
    /// Types chosen by hand for a destination in the province that is not on the tree (seed 001:
    /// 隐蔽党组织), typed by hand and completed out of system like a letter out of the province.
    public static let offTree: [TransferType] = allCases.filter { !outOfProvince.contains($0) && !incoming.contains($0) }

    /// Types chosen by hand for transfers entering it.
    public static let incoming: [TransferType] = [.fromOtherProvince, .fromArmy, .fromArmedPolice, .fromAbroad]

    /// The type of an in-province transfer (domain spec §7), from where the destination sits
    /// under the lowest common ancestor of source and destination:
    ///
    /// | the common ancestor | the destination's side, just below it | type |
    /// |---|---|---|
    /// | province committee | a city committee / anything else | 其他市 / 省直属的其他单位 |
    /// | city committee | a county committee / anything else | 本市其他县 / 市直属的其他单位 |
    /// | county committee | a township or street committee / anything else (organs, units) | 本县其他乡镇（街道） / 县直属的其他单位 |
    /// | a province- or city-direct work committee, or anything within a first-level committee that is not a township's | — | 本系统内 |
    /// | within a township's or street's committee | — | 本乡镇（街道）直属的其他单位 |
    public static func derive(source: OrganizationID, destination: OrganizationID, tree: OrganizationTree) -> TransferType {
        guard let lca = tree.lowestCommonAncestor(source, destination), let ancestor = tree.organizations[lca] else {
            return .sameSystem
        }
        // The organization just below the common ancestor on the destination's side.
        let below = tree.lineage(destination).first { tree.organizations[$0]?.parentID == lca }
        let belowOrganization = below.flatMap { tree.organizations[$0] }
        switch ancestor.level {
        case .province:
            return belowOrganization?.level == .city ? .otherCity : .provinceDirect
        case .city:
            return belowOrganization?.level == .county ? .otherCounty : .cityDirect
        case .county:
            return belowOrganization.map(\.isTownship) == true ? .otherTownship : .countyDirect
        case .provinceWork, .cityWork:
            return .sameSystem
        case .firstLevelBasic, .secondLevelBasic, .generalBranch, .branch:
            // Within a first-level committee: a township's or street's own units, or one system
            // (an organs work committee, a company's or a school's committee).
            let firstLevel = tree.lineage(lca).compactMap { tree.organizations[$0] }.first { $0.level == .firstLevelBasic }
            return firstLevel?.isTownship == true ? .townshipDirect : .sameSystem
        }
    }
}
