import Foundation

/// The blank templates of the register's sheets (register spec §5): a header row (required
/// columns marked `*`), an example row, and a sheet 填写说明 with each column's rule — what a
/// department downloads from the 导入 page and fills in.
public enum RegisterTemplate {
    /// The sheets a template is made of.
    public static func sheets(_ kind: RegisterSheetKind) -> [Spreadsheet] {
        let (columns, example, rules) = content(kind)
        let headers = columns.map { $0.required ? $0.header + "*" : $0.header }
        let template = Spreadsheet(name: kind.label, headers: headers, rows: [example.map { .text($0) }])
        let notes = Spreadsheet(
            name: "填写说明", headers: ["列", "是否必填", "规则"],
            rows: columns.map { column in
                [.text(column.header), .text(column.required ? "必填" : "选填"), .text(rules[column.header] ?? "")]
            } + [[.text("（全部）"), .text(""), .text("第 1 行为列名，列的先后不限；编码和身份证号请设为文本格式（Excel 当作数字保存会丢失位数）；全部行正确才导入。")]])
        return [template, notes]
    }

    /// The template as an `.xlsx` workbook.
    public static func workbook(_ kind: RegisterSheetKind) async throws -> Data {
        try await Spreadsheet.workbook(sheets(kind))
    }

    static func content(_ kind: RegisterSheetKind) -> ([RegisterSheet.Column], [String], [String: String]) {
        switch kind {
        case .organizations:
            let o = OrganizationSheet.self
            return (
                o.columns,
                [
                    "3701020101", "37010201", "中共解放路第一社区支部委员会", "第一社区支部", "631", "张书记", "李联系", "13606406636", "", "", "", "", "",
                    "是", "否", "否", "是",
                ],
                [
                    o.code: "1–32 位数字（通常为上级编码后加 2–4 位）；导入以它为准，再导入即修改", o.parent: "上级的统一编码代码；根组织留空；已有组织的上级不能通过导入改变",
                    o.name: "全称（中共……委员会 / 支部委员会），最多 100 字", o.shortName: "列表中显示的名称",
                    o.category: "1、2、3、4、5、611、621、631、632、9 或其名称（如 631党支部）；下级的类别不能高于上级",
                    o.contact: "联系人姓名", o.phone: "手机号码，或带区号的固定电话（0531-86001234）",
                    o.letterhead: "其他组织开给本组织的介绍信上写的名称（常为组织部）；留空则同全称",
                    o.address: "基层党委（611）必填：印在其党支部开具的每封介绍信上", o.fax: "基层党委（611）必填：带区号的固定电话",
                    o.postcode: "基层党委（611）必填：6 位数字", o.units: "统一社会信用代码（GB 32100，18 位），多个用“；”分隔",
                    o.mayTransfer: "是 / 否；由安全员设置，管理员的表格不改变它", o.national: "是 / 否；系统数据", o.provincial: "是 / 否；系统数据",
                    o.autoApprove: "是 / 否；由安全员设置",
                ]
            )
        case .members:
            let m = MemberSheet.self
            return (
                m.columns,
                [
                    "王伟", "370102198001010011", "汉族", "大学本科", "正式党员", "3701020101", "2001-07-01", "2002-07-01", "在岗职工", "13606406636",
                    "济南市历下区某路1号", "正常", "否", "否", "2026-10", "", "",
                ],
                [
                    m.name: "最多 40 字", m.idNumber: "18 位公民身份证号（GB 11643，末位为校验码）；导入以它为准", m.ethnicity: "56 个民族之一（汉族或汉）",
                    m.education: "如 大学本科", m.category: "正式党员 或 预备党员", m.branch: "631 党支部或 632 联合党支部的统一编码代码",
                    m.joined: "YYYY-MM-DD", m.madeFull: "正式党员必填，预备党员留空；不早于加入党组织日期",
                    m.post: "在岗职工、农牧渔民、学生、离退休人员 或 其他", m.phone: "手机号码或带区号的固定电话", m.address: "最多 200 字",
                    m.status: "正常 或 停止党籍", m.lostContact: "是 / 否", m.mobile: "是 / 否", m.dues: "YYYY-MM",
                    m.sex: "只在与身份证号不符、经核实须更正时填写", m.birthDate: "只在与身份证号不符、经核实须更正时填写",
                ]
            )
        case .units:
            let u = UnitSheet.self
            return (
                u.columns, ["91370102MA3C0000X1", "某某社区居民委员会", "城市社区（居委会）", "建立党支部的", "否"],
                [
                    u.code: "18 位统一社会信用代码（GB 32100，末位为校验码）；导入以它为准", u.name: "全称",
                    u.category: "如 乡镇、城市社区（居委会）、非公有经济控制、事业单位", u.partyOrganization: u.partyOrganizations.joined(separator: "、"),
                    u.partyGroup: "是 / 否",
                ]
            )
        case .accounts:
            let a = AccountService.self
            return (
                AccountService.sheetColumns, ["admin-3701020101", "张三", "13606406636", "管理员", "3701020101"],
                [
                    a.accountColumn: "3–32 个字母、数字、下划线、点或连字符；不区分大小写和全角半角", a.personColumn: "使用人姓名",
                    a.phoneColumn: "11 位手机号码（授权码交付用）", a.roleColumn: "安全员、审计员 或 管理员", a.orgColumn: "本组织及下级的统一编码代码",
                ]
            )
        case .transfers:
            let t = TransferSheet.self
            return (
                t.columns,
                ["王伟", "370102198001010011", "3701020101", "", "3701030201", "", "", "2019001234", "2019-03-01", "2019-03-12", "正式党员"],
                [
                    t.name: "最多 40 字", t.idNumber: "18 位公民身份证号（GB 11643）；党员不在名册中也可补录",
                    t.source: "转出党支部的统一编码代码（已撤销的也可）；自省外转入时留空", t.origin: "自省外转入时填写原所在党组织，否则留空",
                    t.destination: "接收党支部的统一编码代码；转往省外时留空", t.destinationName: "转往省外时填写接收党组织，否则留空",
                    t.type: "省内转接可留空（按组织树推算）；转往省外须为 " + TransferType.outOfProvince.map(\.rawValue).joined(separator: "、")
                        + "之一，自省外转入须为 " + TransferType.incoming.map(\.rawValue).joined(separator: "、") + "之一",
                    t.letter: "纸质介绍信上的编号，最多 \(TransferSheet.letterNumberLength) 个字符；导入以它为准，再导入即修改",
                    t.issued: "YYYY-MM-DD", t.completed: "YYYY-MM-DD，不早于开具日期、不晚于今天", t.category: "正式党员 或 预备党员；党员不在名册中时用于统计",
                ]
            )
        }
    }
}

/// The register's sheets.
public enum RegisterSheetKind: String, Sendable, CaseIterable {
    /// 党组织.
    case organizations
    /// 党员.
    case members
    /// 单位.
    case units
    /// 账号.
    case accounts
    /// 转接历史: transfers completed on paper before the system.
    case transfers

    /// The sheet's name.
    public var label: String {
        switch self {
        case .organizations: "党组织"
        case .members: "党员"
        case .units: "单位"
        case .accounts: "账号"
        case .transfers: "转接历史"
        }
    }

    /// The role that imports it: accounts are the security officer's, the rest an administrator's.
    public var role: Role { self == .accounts ? .securityOfficer : .administrator }
}
