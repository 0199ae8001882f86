import Foundation
import LetterModel
import TransferMachine

/// A small province with no store, no renderer and no clock but a fixed instant: the province
/// committee P (national) over two counties, each with one basic committee; S1 and S2 are
/// branches of B1 in county C1, S3 the branch of B2 in county C2.
///
///     P ─┬─ C1 ── B1 ─┬─ S1   (the member's branch)
///        │            └─ S2   (a sibling, never on the path)
///        └─ C2 ── B2 ─── S3   (the destination)
enum MachineFixture {
    /// The organizations by the names the tables use.
    static let names: [OrganizationID] = ["P", "C1", "B1", "S1", "S2", "C2", "B2", "S3"]

    static let tree: OrganizationTree = {
        func o(_ id: OrganizationID, _ parent: OrganizationID?, _ category: OrganizationCategory, _ level: OrganizationLevel, national: Bool = false)
            -> Organization
        {
            Organization(
                id: id, parentID: parent, name: "组织\(id.rawValue)", category: category, level: level,
                permissions: TransferPermissions(national: national))
        }
        return try! OrganizationTree([
            o("P", nil, .committee, .province, national: true),
            o("C1", "P", .committee, .county), o("B1", "C1", .basicCommittee, .firstLevelBasic),
            o("S1", "B1", .branch, .branch), o("S2", "B1", .branch, .branch),
            o("C2", "P", .committee, .county), o("B2", "C2", .basicCommittee, .firstLevelBasic),
            o("S3", "B2", .branch, .branch),
        ])
    }()

    /// 2017-06-01 10:00 China time; every step of a scenario is a minute later.
    static let start = Date(timeIntervalSince1970: 1_496_282_400)

    static func idNumber(serial: Int) -> String {
        let body = "370102" + "1980" + String(format: "%02d%02d", 1 + serial % 12, 1 + serial % 28) + String(format: "%03d", serial % 1000)
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(body, weights).reduce(0) { $0 + Int(String($1.0))! * $1.1 }
        return body + String(Array("10X98765432")[sum % 11])
    }

    static func member(_ id: MemberID = "m1", at branch: OrganizationID = "S1", serial: Int = 1) -> PartyMember {
        try! PartyMember(
            id: id, organization: branch, name: "张三", idNumber: idNumber(serial: serial), ethnicity: "汉族",
            category: .full, occupation: "职员", education: "大学本科", phone: "13606406636")
    }

    static let application = Transfer.Application(duesPaidUpTo: "2017-05", validityDays: 15)
}
