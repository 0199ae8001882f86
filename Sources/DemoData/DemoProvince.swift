import Foundation
import LetterModel
import Render
import Workflow

/// Builds a realistic demo province into a store: the worked example's tree grown with an
/// enterprise, county organs, a university and more branches; a few thousand members with
/// valid, distinct ID numbers; a demo seal (样章) for every organization that may transfer;
/// and transfers in every state of the machine.
public struct DemoProvince {
    /// Progress messages, for the command line.
    public var report: @Sendable (String) -> Void = { _ in }

    /// Creates a generator.
    public init() {}

    /// The organizations: the worked example plus more.
    public static var organizations: [Organization] {
        var orgs = ExampleProvince.organizations
        func add(
            _ id: String, _ parent: String, _ name: String, _ category: OrganizationCategory,
            _ level: OrganizationLevel, provincial: Bool = false, code: Int
        ) {
            orgs.append(ExampleProvince.org(OrganizationID(id), OrganizationID(parent), name, category, level, provincial: provincial, code: code))
        }
        add("DL", "J", "中共山东电力设备有限公司委员会", .basicCommittee, .firstLevelBasic, code: 400)
        add("DL-G", "DL", "中共山东电力设备有限公司管理总支部委员会", .generalBranch, .generalBranch, code: 401)
        for i in 1...3 { add("DL-B\(i)", "DL-G", "中共山东电力设备有限公司管理第\(i)支部委员会", .branch, .branch, code: 410 + i) }
        add("DL-B4", "DL", "中共山东电力设备有限公司生产支部委员会", .branch, .branch, code: 420)
        add("LXJG", "LX", "中共济南市历下区直属机关工作委员会", .basicCommittee, .firstLevelBasic, code: 500)
        for (i, name) in ["区委办公室", "区政府办公室", "区教育局", "区卫生健康局"].enumerated() {
            add("LXJG-B\(i + 1)", "LXJG", "中共历下区\(name)支部委员会", .branch, .branch, code: 510 + i)
        }
        add("QD", "Q", "中共青岛市市南区委", .committee, .county, provincial: true, code: 600)
        add("QDX", "QD", "中共青岛市市南区八大峡街道工作委员会", .basicCommittee, .firstLevelBasic, code: 610)
        for i in 1...3 { add("QDX-B\(i)", "QDX", "中共八大峡街道第\(i)社区支部委员会", .branch, .branch, code: 620 + i) }
        add("U", "Q", "中共青岛某大学委员会", .basicCommittee, .firstLevelBasic, code: 700)
        for (i, school) in ["计算机学院", "经济学院", "外国语学院"].enumerated() {
            add("U-\(i + 1)", "U", "中共青岛某大学\(school)总支部委员会", .generalBranch, .generalBranch, code: 710 + 10 * i)
            add("U-\(i + 1)-G", "U-\(i + 1)", "中共\(school)研究生支部委员会", .branch, .branch, code: 711 + 10 * i)
            add("U-\(i + 1)-U", "U-\(i + 1)", "中共\(school)本科生支部委员会", .branch, .branch, code: 712 + 10 * i)
        }
        for i in 4...6 { add("B\(i)", "JF", "中共解放路第\(i)社区支部委员会", .branch, .branch, code: 170 + i) }
        return orgs
    }

    static let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严")
    static let given = Array("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚华建国文红梅玉辉鹏飞宇浩然欣怡梓涵轩泽思远晨曦嘉俊")
    /// 工作岗位 as the register allows them.
    static let occupations = ["在岗职工", "农牧渔民", "学生", "离退休人员", "其他"]
    static let educations = ["研究生", "大学本科", "大学专科", "中专", "高中", "初中"]

    /// A valid ID number for serial `n` (distinct for distinct `n` below 1,000,000).
    public static func idNumber(_ n: Int) -> String {
        let year = 1960 + n % 40
        let month = 1 + (n / 40) % 12
        let day = 1 + (n / 480) % 28
        let body = String(format: "370102%04d%02d%02d%03d", year, month, day, (n / 13_440) % 1000)
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(body, weights).reduce(0) { $0 + Int(String($1.0))! * $1.1 }
        return body + String(Array("10X98765432")[sum % 11])
    }

    /// The fewest members the demo's transfers can be drawn from (each of its paths needs an
    /// active member in its branch).
    public static let minimumMembers = 60

    /// Who loads the demo: the machine's operator, as a department loads its first register.
    static let loader = Caller(
        account: Account(name: "demo", role: .administrator, organization: "", active: true), address: "demo",
        isLocalOperator: true)

    /// Fills `service` (an empty store) with the demo province: its organizations from the
    /// register's sheet `organizationsSheet` (the project's `demo/organizations.csv`) and its
    /// members as a members sheet, both loaded through the register's import — the path a
    /// department takes —, then seals and transfers.
    public func generate(
        into service: WorkflowService, clock: ManualClock, members count: Int, sealMaker: DemoSealMaker,
        organizationsSheet: Data
    ) async throws {
        guard count >= Self.minimumMembers else {
            throw WorkflowError(.invalid, field: "members", rule: "minimum", "演示省至少需要 \(Self.minimumMembers) 名党员，实为 \(count)")
        }
        let loaded = try await service.importOrganizations(try SheetTable.read(organizationsSheet, name: "organizations.csv"), dryRun: false, for: Self.loader)
        guard loaded.problems.isEmpty else {
            throw WorkflowError(
                .invalid, field: "demo/organizations.csv", rule: "register", loaded.problems.prefix(3).map(\.description).joined(separator: "；"))
        }
        let orgs = Array(try await service.tree().organizations.values).sorted { $0.id < $1.id }
        report("组织：\(orgs.count) 个（demo/organizations.csv）")
        for org in orgs where org.permissions.mayTransfer {
            try await service.uploadSeal(org: org.id, jpeg: try sealMaker.make(name: org.letterhead), uploader: "安全员")
        }
        report("演示印章（样章）：\(orgs.count) 枚")
        let branches = orgs.filter { $0.category.holdsMembers }.map(\.id)
        // The members as a members sheet, through the same import.
        let rows = (0..<count).map { n -> SheetTable.Row in
            let name =
                String(DemoProvince.surnames[n % DemoProvince.surnames.count])
                + String(DemoProvince.given[(n / 7) % DemoProvince.given.count])
                + (n % 3 == 0 ? "" : String(DemoProvince.given[(n / 3) % DemoProvince.given.count]))
            let id = DemoProvince.idNumber(n)
            let birthYear = Int(id.dropFirst(6).prefix(4)) ?? 1970
            let probationary = n % 9 == 0
            let joined = String(format: "%04d-%@", birthYear + 25, String(id.dropFirst(10).prefix(2)) + "-" + String(id.dropFirst(12).prefix(2)))
            let full =
                probationary ? "" : String(format: "%04d-%@", birthYear + 26, String(id.dropFirst(10).prefix(2)) + "-" + String(id.dropFirst(12).prefix(2)))
            return SheetTable.Row(
                number: n + 2,
                cells: [
                    name, id, n % 17 == 0 ? "回族" : "汉族", DemoProvince.educations[n % DemoProvince.educations.count], probationary ? "预备党员" : "正式党员",
                    branches[n % branches.count].rawValue, joined, full, DemoProvince.occupations[n % DemoProvince.occupations.count],
                    String(format: "139%08d", n), "山东省济南市历下区某路\(n % 500 + 1)号", "正常", "否", n % 23 == 0 ? "是" : "否", "", "", "",
                ])
        }
        let members = try await service.importMembers(SheetTable(headers: SheetTable.memberHeaders, rows: rows), dryRun: false, for: Self.loader)
        guard members.problems.isEmpty else {
            throw WorkflowError(.invalid, field: "members", rule: "register", members.problems.prefix(3).map(\.description).joined(separator: "；"))
        }
        report("党员：\(count) 名（经名册导入）")
        try await transfers(service: service, clock: clock, branches: branches)
    }

    /// Transfers in every state, on every kind of path.
    private func transfers(service: WorkflowService, clock: ManualClock, branches: [OrganizationID]) async throws {
        let app = Transfer.Application(duesPaidUpTo: Transfer.Application.thisMonth(clock.now()), validityDays: 15)
        var next = 0
        func member(in branch: OrganizationID) async throws -> MemberID {
            let members = try await service.members(in: branch).filter { $0.status == .active }
            guard !members.isEmpty else {
                throw WorkflowError(.invalid, field: "members", rule: "minimum", "演示省的党员太少：\(branch) 已没有可转出的党员，请加大 --members")
            }
            next += 1
            return members[next % members.count].id
        }
        func o(_ id: OrganizationID) -> Actor { .organization(id) }
        func tick() { clock.advance(seconds: 3_600 * 7) }
        var made = 0
        // In flight on each kind of path.
        for (from, to) in [("B1", "B3"), ("B2", "QB"), ("B4", "YB"), ("DL-B1", "CB"), ("LXJG-B1", "QDX-B2"), ("U-1-G", "B5")]
            as [(OrganizationID, OrganizationID)]
        {
            let t = try await service.applyOut(member: try await member(in: from), direction: .inProvince(destination: to), application: app, by: o(from))
            tick()
            if let h = t.currentHolder, t.path.organizations.count > 4 { _ = try await service.approve(t.id, by: o(h)) }
            made += 1
        }
        // Completed within the county, awaiting report, returned, voided, objection, recalled.
        var t = try await service.applyOut(member: try await member(in: "B1"), direction: .inProvince(destination: "QB"), application: app, by: o("B1"))
        while let h = t.currentHolder, h != "QB" {
            t = try await service.approve(t.id, by: o(h))
            tick()
        }
        t = try await service.accept(t.id, by: o("QB"))
        t = try await service.confirmReporting(t.id, by: o("QB"))
        t = try await service.applyOut(member: try await member(in: "B2"), direction: .inProvince(destination: "B3"), application: app, by: o("B2"))
        t = try await service.approve(t.id, by: o("Z1"))
        t = try await service.accept(t.id, by: o("B3"))
        t = try await service.applyOut(member: try await member(in: "B4"), direction: .inProvince(destination: "CB"), application: app, by: o("B4"))
        t = try await service.approve(t.id, by: o("JF"))
        tick()
        t = try await service.returnLetter(t.id, by: o("LX"), reason: "党费缴纳情况需核实")
        t = try await service.applyOut(member: try await member(in: "B5"), direction: .inProvince(destination: "YB"), application: app, by: o("B5"))
        t = try await service.returnLetter(t.id, by: o("JF"), reason: "接收单位填写错误")
        t = try await service.void(t.id, by: o("B5"), reason: "重新申请")
        t = try await service.applyOut(member: try await member(in: "B6"), direction: .inProvince(destination: "B3"), application: app, by: o("B6"))
        t = try await service.object(t.id, by: o("B3"), feedback: "身份证号码与档案不一致")
        t = try await service.applyOut(member: try await member(in: "DL-B2"), direction: .inProvince(destination: "DL-B4"), application: app, by: o("DL-B2"))
        t = try await service.recall(t.id, by: o("DL-B2"))
        // Out of the province: issued, completed awaiting receipt, completed, recovered.
        let outside: [(String, String, TransferType)] = [
            ("中共北京市海淀区委", "中共北京市海淀区委组织部", .otherProvince),
            ("中国人民解放军某部党委", "中国人民解放军某部政治工作部", .army),
            ("中共上海市浦东新区委", "中共上海市浦东新区委组织部", .otherProvince),
            ("中共广州市天河区委", "中共广州市天河区委组织部", .otherProvince),
        ]
        for (i, (name, letterhead, type)) in outside.enumerated() {
            let from: OrganizationID = ["B1", "DL-B3", "U-2-U", "B2"][i]
            t = try await service.applyOut(
                member: try await member(in: from), direction: .outOfProvince(destinationName: name, letterhead: letterhead),
                type: type, application: app, by: o(from))
            while case .held = t.state, let h = t.currentHolder {
                t = try await service.approve(t.id, by: o(h))
                tick()
            }
            if i >= 1 { t = try await service.completeOutOfSystem(t.id, by: o(t.currentHolder!)) }
            if i >= 2 { t = try await service.recordReceipt(t.id, by: o(t.recordingOrganization), note: "回执已寄回") }
            if i == 3 { t = try await service.recover(t.id, by: o(t.source), reason: "误操作办结，党员未实际转出") }
        }
        // Into the province, with manual review, in flight and accepted.
        for (i, destination) in (["YB", "QDX-B1"] as [OrganizationID]).enumerated() {
            let newcomer = try PartyMember(
                id: "in\(i)", organization: destination, name: ["赵敏", "钱伟"][i], idNumber: Self.idNumber(900_000 + i),
                ethnicity: "汉族", category: .full, occupation: "在岗职工", education: "大学本科", phone: "13800000000",
                register: MemberRegister(
                    joinedOn: "2005-07-01", madeFullOn: "2006-07-01", homeAddress: "外省某市某路1号",
                    lostContact: false, mobile: false))
            let creator: OrganizationID = destination == "YB" ? "J" : "Q"
            t = try await service.registerIncoming(
                member: newcomer, origin: "中共江苏省南京市某支部", type: .fromOtherProvince,
                application: app, idCardPhoto: Data([0xFF, 0xD8, 0xFF, 0xE0]), by: o(creator))
            if i == 1 {
                while let h = t.currentHolder, h != destination { t = try await service.approve(t.id, by: o(h)) }
                t = try await service.accept(t.id, by: o(destination))
            }
        }
        report("转接：\(made + 12) 件，覆盖各种状态")
    }

}
