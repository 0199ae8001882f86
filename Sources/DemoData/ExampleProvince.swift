import Workflow

/// The worked example of the spec (§3): a province, two cities, counties, streets, a general
/// branch and branches, with the permissions the example gives them.
public enum ExampleProvince {
    /// Contact data made up from the organization's name and a code.
    public static func contact(_ name: String, _ code: Int) -> ContactInfo {
        ContactInfo(
            person: "联系人", phone: String(format: "0531-8%07d", code), fax: String(format: "0531-8%07d", code + 1),
            postcode: "250001", address: "\(name)办公室")
    }

    /// An organization of the example (or of a test's tree grown from it), every one sealed
    /// with its name as letterhead and made-up contact data.
    public static func org(
        _ id: OrganizationID, _ parent: OrganizationID?, _ name: String, _ category: OrganizationCategory,
        _ level: OrganizationLevel, national: Bool = false, provincial: Bool = false, auto: Bool = true,
        code: Int
    ) -> Organization {
        Organization(
            id: id, parentID: parent, name: name, letterhead: name, category: category, level: level,
            contact: contact(name, code), permissions: TransferPermissions(national: national, provincial: provincial, autoApprove: auto))
    }

    /// The organizations of the worked example.
    public static var organizations: [Organization] {
        [
            org("P", nil, "中共山东省委", .committee, .province, national: true, code: 100),
            org("J", "P", "中共济南市委", .committee, .city, national: true, code: 110),
            org("LX", "J", "中共济南市历下区委", .committee, .county, provincial: true, code: 120),
            org("JF", "LX", "中共济南市历下区解放路街道工作委员会", .basicCommittee, .firstLevelBasic, auto: true, code: 130),
            org("Z1", "JF", "中共解放路第一社区总支部委员会", .generalBranch, .generalBranch, code: 140),
            org("B1", "Z1", "中共解放路第一社区第一支部委员会", .branch, .branch, code: 150),
            org("B2", "Z1", "中共解放路第一社区第二支部委员会", .branch, .branch, code: 160),
            org("B3", "JF", "中共解放路街道机关支部委员会", .branch, .branch, code: 170),
            org("QF", "LX", "中共济南市历下区泉城路街道工作委员会", .basicCommittee, .firstLevelBasic, auto: false, code: 180),
            org("QB", "QF", "中共泉城路街道某社区支部委员会", .branch, .branch, code: 190),
            org("PY", "J", "中共平阴县委", .committee, .county, provincial: true, code: 200),
            org("YS", "PY", "中共平阴县榆山街道工作委员会", .basicCommittee, .firstLevelBasic, code: 210),
            org("YB", "YS", "中共榆山街道某社区支部委员会", .branch, .branch, code: 220),
            org("Q", "P", "中共青岛市委", .committee, .city, national: true, code: 300),
            org("HD", "Q", "中共青岛市黄岛区委", .committee, .county, provincial: true, code: 310),
            org("CJ", "HD", "中共青岛市黄岛区长江路街道工作委员会", .basicCommittee, .firstLevelBasic, code: 320),
            org("CB", "CJ", "中共长江路街道某支部委员会", .branch, .branch, code: 330),
        ]
    }
}
