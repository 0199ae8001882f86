/// A unit (单位) in which party organizations are set up (register spec §2): keyed by its
/// 统一社会信用代码 (GB 32100).
public struct PartyUnit: Sendable, Hashable, Codable {
    /// 统一社会信用代码.
    public var code: String
    /// 单位名称 (full).
    public var name: String
    /// 单位类别 (乡镇, 城市社区（居委会）, 非公有经济控制, 事业单位 …).
    public var category: String
    /// 单位建立党组织情况.
    public var partyOrganization: String
    /// 是否成立党组.
    public var hasPartyGroup: Bool

    /// A unit.
    public init(code: String, name: String, category: String, partyOrganization: String, hasPartyGroup: Bool) {
        self.code = code
        self.name = name
        self.category = category
        self.partyOrganization = partyOrganization
        self.hasPartyGroup = hasPartyGroup
    }
}
