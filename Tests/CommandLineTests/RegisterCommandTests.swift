import DemoData
import Foundation
import TestSupport
import Testing

/// The register from the command line, as a new county department would use it: loading its
/// own organizations, the first security officer, members and accounts from the spreadsheets
/// it keeps, and getting them back out.
@Suite(.enabled(if: Requirements.python, Comment(rawValue: Requirements.pythonReason))) struct RegisterCommandTests {
    let cli = CommandLineTests()

    func path(_ name: String) -> String {
        CommandLineTests.scratch.appendingPathComponent("register-\(UUID().uuidString.prefix(8))-\(name)").path
    }

    /// A valid 18-digit ID number (GB 11643) born on `birth` (`YYYYMMDD`), serial `n`.
    static func idNumber(_ birth: String, _ n: Int) -> String {
        let body = "370102" + birth + String(format: "%03d", n % 1000)
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(body, weights).reduce(0) { $0 + Int(String($1.0))! * $1.1 }
        return body + String(Array("10X98765432")[sum % 11])
    }

    /// CSV text (fields quoted where needed) as UTF-8 with a BOM, as Excel's “CSV UTF-8” saves it.
    static func csv(_ rows: [[String]]) -> Data {
        Data(
            ("\u{FEFF}"
                + rows.map {
                    $0.map { $0.contains(",") || $0.contains("\"") ? "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : $0 }
                        .joined(separator: ",")
                }.joined(separator: "\r\n") + "\r\n").utf8)
    }

    static let organizationHeaders = [
        "党组织统一编码代码", "上级党组织统一编码代码", "党组织名称", "简称", "组织类别", "党组织书记", "党组织联系人",
        "联系电话", "介绍信抬头", "通讯地址", "传真", "邮编", "所在单位统一社会信用代码", "可转接", "全国转接权限", "省内转接权限", "自动审批",
    ]
    static let organizations: [[String]] = [
        ["37", "", "中共山东省委", "", "1", "", "张三", "0531-86001000", "中共山东省委组织部", "济南市省府前街1号", "0531-86001001", "250011", "", "是", "是", "是", "是"],
        ["3701", "37", "中共济南市委", "济南市委", "1中共各级委员会", "", "李四", "0531-86002000", "中共济南市委组织部", "", "", "", "", "是", "是", "是", "是"],
        ["370102", "3701", "中共济南市历下区委", "", "中共各级委员会", "", "王五", "0531-86003000", "中共济南市历下区委组织部", "", "", "", "", "是", "否", "是", "是"],
        [
            "37010201", "370102", "中共济南市历下区解放路街道工作委员会", "解放路街道党工委", "611", "赵六", "钱七", "13606406636", "",
            "济南市历下区解放路1号", "0531-86004001", "250014", "", "是", "否", "否", "是",
        ],
        ["3701020101", "37010201", "中共解放路第一社区支部委员会", "", "631党支部", "", "孙八", "13606406637", "", "", "", "", "", "是", "否", "否", "是"],
        ["3701020102", "37010201", "中共解放路第二社区支部委员会", "", "631", "", "周九", "13606406638", "", "", "", "", "", "是", "否", "否", "是"],
    ]

    static let memberHeaders = [
        "姓名", "公民身份证号", "民族", "学历", "人员类别", "所在党支部统一编码代码", "加入党组织日期", "转正时间", "工作岗位",
        "联系电话", "家庭住址", "党籍状态", "是否为失联党员", "是否流动党员", "党费交至", "性别", "出生日期",
    ]

    static func member(
        _ name: String, _ id: String, branch: String = "3701020101", category: String = "正式党员", joined: String = "2001-07-01",
        full: String = "2002-07-01"
    ) -> [String] {
        [name, id, "汉族", "大学本科", category, branch, joined, full, "在岗职工", "13606406636", "济南市历下区某路1号", "正常", "否", "否", "2026-10", "", ""]
    }

    /// Makes an .xlsx with openpyxl (an independent writer: shared strings, deflate, date cells).
    func xlsx(_ headers: [String], _ rows: [[Any]], to out: String) throws {
        let json = path("sheet.json")
        try JSONSerialization.data(withJSONObject: ["headers": headers, "rows": rows]).write(to: URL(fileURLWithPath: json))
        let python = Process()
        python.executableURL = URL(fileURLWithPath: Requirements.pythonPath)
        python.arguments = [CommandLineTests.root.appendingPathComponent("Tests/spreadsheet/make_xlsx.py").path, out, json]
        try python.run()
        python.waitUntilExit()
        #expect(python.terminationStatus == 0)
    }

    /// The rows of an .xlsx read with openpyxl, and whether it holds any formula.
    func readXLSX(_ file: String) throws -> (rows: [[String]], formulas: Bool) {
        let python = Process()
        python.executableURL = URL(fileURLWithPath: Requirements.pythonPath)
        python.arguments = [CommandLineTests.root.appendingPathComponent("Tests/spreadsheet/read_xlsx.py").path, file]
        let pipe = Pipe()
        python.standardOutput = pipe
        try python.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        python.waitUntilExit()
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
        return (object["rows"] as? [[String]] ?? [], object["formulas"] as? Bool ?? true)
    }

    @Test func aDepartmentStartsFromNothingAndItsRegisterComesBackOutAsItWent() throws {
        let db = path("county.sqlite")
        let organizations = path("orgs.csv")
        try Self.csv([Self.organizationHeaders] + Self.organizations).write(to: URL(fileURLWithPath: organizations))

        let early = try cli.letters(["init", "--db", db, "--officer", "chief", "--org", "37"])
        #expect(early.status == 1 && early.stderr.contains("letters import organizations"), "\(early.stderr)")

        let dry = try cli.letters(["import", "organizations", organizations, "--db", db, "--dry-run"])
        #expect(dry.status == 0 && dry.stdout.contains("新增 6") && dry.stdout.contains("试运行"), "\(dry.stderr)")
        let loaded = try cli.letters(["import", "organizations", organizations, "--db", db])
        #expect(loaded.status == 0 && loaded.stdout.contains("新增 6，修改 0，未变 0"), "\(loaded.stdout)\(loaded.stderr)")
        let again = try cli.letters(["import", "organizations", organizations, "--db", db])
        #expect(again.stdout.contains("新增 0，修改 0，未变 6"), "importing again changes nothing: \(again.stdout)")

        let initialized = try cli.letters(["init", "--db", db, "--officer", "chief", "--org", "37"])
        let code = initialized.stdout.split(separator: "\n").last.map(String.init) ?? ""
        #expect(
            initialized.status == 0 && code.range(of: #"^[0-9A-F]{8}$"#, options: .regularExpression) != nil,
            "the code alone on the last line: \(initialized.stdout)")
        let twice = try cli.letters(["init", "--db", db, "--officer", "other", "--org", "37"])
        #expect(twice.status == 1 && twice.stderr.contains("系统已有账号"))

        // Members from an .xlsx as Excel writes it: shared strings, a date cell, an ID typed as text.
        let members = path("members.xlsx")
        var rows: [[Any]] = (0..<25).map { Self.member("党员\($0)", Self.idNumber("19800101", $0), branch: $0 % 2 == 0 ? "3701020101" : "3701020102") }
        rows[0][6] = ["date": "2001-07-01"]
        rows[1][4] = "预备党员"
        rows[1][7] = ""
        try xlsx(Self.memberHeaders, rows, to: members)
        let imported = try cli.letters(["import", "members", members, "--db", db])
        #expect(imported.status == 0 && imported.stdout.contains("新增 25"), "\(imported.stdout)\(imported.stderr)")

        let accounts = path("accounts.csv")
        try Self.csv([
            ["账号", "姓名", "手机", "角色", "党组织统一编码代码"], ["admin-lx", "王五", "13606406639", "管理员", "370102"],
            ["admin-jf", "钱七", "13606406640", "管理员", "37010201"],
        ]).write(to: URL(fileURLWithPath: accounts))
        let codes = path("codes.xlsx")
        let made = try cli.letters(["import", "accounts", accounts, "--db", db, "--codes", codes])
        #expect(made.status == 0 && made.stdout.contains("新增 2"), "\(made.stdout)\(made.stderr)")
        let handed = try readXLSX(codes)
        #expect(handed.rows.count == 3 && handed.rows[1][0] == "admin-jf" || handed.rows[1][0] == "admin-lx")
        #expect(handed.rows.dropFirst().allSatisfy { $0[3].range(of: #"^[0-9A-F]{8}$"#, options: .regularExpression) != nil } && !handed.formulas)

        // Out, into an empty store, and out again: the same bytes.
        for kind in ["organizations", "members", "accounts"] {
            let first = path("\(kind)-1.csv")
            let second = path("\(kind)-2.csv")
            let empty = path("empty-\(kind).sqlite")
            #expect(try cli.letters(["export", kind, "--db", db, "--out", first]).status == 0)
            if kind != "organizations" {
                #expect(try cli.letters(["import", "organizations", organizations, "--db", empty]).status == 0)
            }
            let back = try cli.letters(["import", kind, first, "--db", empty])
            #expect(back.status == 0, "\(kind): \(back.stderr)")
            #expect(try cli.letters(["export", kind, "--db", empty, "--out", second]).status == 0)
            #expect(try Data(contentsOf: URL(fileURLWithPath: first)) == Data(contentsOf: URL(fileURLWithPath: second)), "\(kind) round trip")
        }
        let exported = path("members.xlsx")
        #expect(try cli.letters(["export", "members", "--db", db, "--out", exported]).status == 0)
        let sheet = try readXLSX(exported)
        #expect(sheet.rows.count == 26 && sheet.rows[0] == Self.memberHeaders && !sheet.formulas)
        #expect(sheet.rows.contains { $0[1] == Self.idNumber("19800101", 0) && $0[6] == "2001-07-01" }, "the date cell came in as its day")
    }

    @Test func everyBrokenRowIsNamedAndNothingIsWritten() throws {
        let db = path("broken.sqlite")
        let organizations = path("orgs.csv")
        try Self.csv([Self.organizationHeaders] + Self.organizations).write(to: URL(fileURLWithPath: organizations))
        #expect(try cli.letters(["import", "organizations", organizations, "--db", db]).status == 0)
        let good = Self.idNumber("19800101", 1)
        var wrongCheck = Self.idNumber("19800101", 2)
        wrongCheck = String(wrongCheck.dropLast()) + (wrongCheck.last == "1" ? "2" : "1")
        let rows: [[String]] = [
            Self.member("甲", good),
            Self.member("乙", "3.70102E+17"),
            Self.member("丙", wrongCheck),
            Self.member("丁", Self.idNumber("19800101", 3), branch: "37010201"),
            Self.member("戊", Self.idNumber("19800101", 4), joined: "2023-02-30"),
            Self.member("己", good),
            {
                var r = Self.member("庚", Self.idNumber("19800101", 6))
                r[2] = "火星族"
                return r
            }(),
        ]
        let file = path("members.csv")
        let report = path("report.xlsx")
        try Self.csv([Self.memberHeaders] + rows).write(to: URL(fileURLWithPath: file))
        let outcome = try cli.letters(["import", "members", file, "--db", db, "--report", report])
        #expect(outcome.status == 1)
        for expected in [
            "第 3 行「公民身份证号」[stored-as-number]", "第 4 行「公民身份证号」", "第 5 行「所在党支部统一编码代码」[branch]",
            "第 6 行「加入党组织日期」[date]", "第 7 行「公民身份证号」[unique]：身份证号与第 2 行重复", "第 8 行「民族」[known-ethnicity]",
        ] {
            #expect(outcome.stderr.contains(expected), "\(expected) in \(outcome.stderr)")
        }
        #expect(!outcome.stderr.contains("第 2 行「"), "the good row is not blamed")
        #expect(outcome.stderr.contains("未写入任何内容"))
        let exported = path("after.csv")
        #expect(try cli.letters(["export", "members", "--db", db, "--out", exported]).status == 0)
        #expect(
            String(decoding: try Data(contentsOf: URL(fileURLWithPath: exported)), as: UTF8.self).split(separator: "\r\n").count == 1, "nothing was written")
        let copy = try readXLSX(report)
        #expect(copy.rows.first?.last == "问题" && copy.rows.count == 8)
        #expect(copy.rows[2].last?.contains("丢失了位数") == true && copy.rows[1].last == "", "\(copy.rows)")
    }

    @Test func aGB18030SheetKeepsRareCharactersAndAnOddFileIsRefusedInWords() throws {
        let db = path("gb.sqlite")
        let organizations = path("orgs.csv")
        try Self.csv([Self.organizationHeaders] + Self.organizations).write(to: URL(fileURLWithPath: organizations))
        #expect(try cli.letters(["import", "organizations", organizations, "--db", db]).status == 0)
        // What Excel on a Chinese Windows saves: GB18030, no BOM; 𠀀 is CJK Extension B (four bytes in GB18030).
        let text = ([Self.memberHeaders, Self.member("王𠀀", Self.idNumber("19800101", 9))].map { $0.joined(separator: ",") }.joined(separator: "\r\n")) + "\r\n"
        let gb = text.data(using: String.Encoding(rawValue: 0x8000_0632))!
        #expect(String(data: gb, encoding: .utf8) == nil, "the file really is not UTF-8")
        let file = path("gb.csv")
        try gb.write(to: URL(fileURLWithPath: file))
        let imported = try cli.letters(["import", "members", file, "--db", db])
        #expect(imported.status == 0, "\(imported.stderr)")
        let out = path("out.csv")
        #expect(try cli.letters(["export", "members", "--db", db, "--out", out]).status == 0)
        #expect(String(decoding: try Data(contentsOf: URL(fileURLWithPath: out)), as: UTF8.self).contains("王𠀀"))

        let empty = path("empty.csv")
        try Data().write(to: URL(fileURLWithPath: empty))
        #expect(try cli.letters(["import", "members", empty, "--db", db]).stderr.contains("空文件"))
        let pdf = path("letter.pdf")
        try Data("%PDF-1.4".utf8).write(to: URL(fileURLWithPath: pdf))
        #expect(try cli.letters(["import", "members", pdf, "--db", db]).stderr.contains("既不是 .csv 也不是 .xlsx"))
        let missing = path("missing.csv")
        try Self.csv([Array(Self.memberHeaders.dropFirst(1)), Array(Self.member("甲", Self.idNumber("19800101", 1)).dropFirst(1))]).write(
            to: URL(fileURLWithPath: missing))
        #expect(try cli.letters(["import", "members", missing, "--db", db]).stderr.contains("第 1 行「姓名」[required-column]"))
    }

    @Test func aWorkbookThatExpandsPastASaneSizeIsRefusedUnread() throws {
        // sharedStrings.xml of 100 MB of spaces deflates to about 100 kB: a zip bomb in miniature.
        let bomb = path("bomb.xlsx")
        let python = Process()
        python.executableURL = URL(fileURLWithPath: Requirements.pythonPath)
        python.arguments = [
            "-c",
            """
            import zipfile, sys
            with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
                z.writestr("xl/worksheets/sheet1.xml", '<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>')
                z.writestr("xl/sharedStrings.xml", "<sst><si><t>" + " " * (100 * 1024 * 1024) + "</t></si></sst>")
            """, bomb,
        ]
        try python.run()
        python.waitUntilExit()
        let outcome = try cli.letters(["import", "members", bomb, "--db", path("bomb.sqlite")])
        #expect(outcome.status == 1 && outcome.stderr.contains("展开后超过 64 MB"), "\(outcome.stderr)")
    }

    @Test func theTreesRulesNameTheRowThatBreaksThem() throws {
        let db = path("tree.sqlite")
        var rows = Self.organizations
        rows.append(["3701020103", "99999", "中共某支部委员会", "", "631", "", "吴十", "13606406641", "", "", "", "", "", "是", "否", "否", "是"])
        rows.append([
            "3701020104", "3701020101", "中共某党委", "", "611", "", "郑十一", "13606406642", "", "济南市某路2号", "0531-86005001", "250014", "", "是", "否", "否", "是",
        ])
        rows.append(["3701020105", "37010201", "中共某社区支部委员会", "", "631", "", "冯十二", "12345", "", "", "", "", "91350100M000100Y4X", "是", "否", "否", "是"])
        rows.append(["3701", "37", "中共济南市委（重复）", "", "1", "", "李四", "0531-86002000", "", "", "", "", "", "是", "是", "是", "是"])
        let file = path("orgs.csv")
        try Self.csv([Self.organizationHeaders] + rows).write(to: URL(fileURLWithPath: file))
        let outcome = try cli.letters(["import", "organizations", file, "--db", db])
        #expect(outcome.status == 1)
        for expected in [
            "第 8 行「上级党组织统一编码代码」[exists]", "第 9 行「组织类别」[category-rank]",
            "第 10 行「联系电话」[phone]", "第 10 行「所在单位统一社会信用代码」[check-digit]",
            "第 11 行「党组织统一编码代码」[unique]",
        ] {
            #expect(outcome.stderr.contains(expected), "\(expected) in \(outcome.stderr)")
        }
    }
}

extension RegisterCommandTests {
    @Test func aBasicCommitteeWithoutTheAddressItsLettersPrintIsRefused() throws {
        var rows = Self.organizations
        rows[3][9] = ""
        rows[3][11] = ""
        let file = path("orgs.csv")
        try Self.csv([Self.organizationHeaders] + rows).write(to: URL(fileURLWithPath: file))
        let outcome = try cli.letters(["import", "organizations", file, "--db", path("committee.sqlite")])
        #expect(outcome.status == 1 && outcome.stderr.contains("第 5 行「通讯地址」[required]") && outcome.stderr.contains("第 5 行「邮编」[required]"), "\(outcome.stderr)")
    }
}

extension RegisterCommandTests {
    /// A valid 统一社会信用代码 (GB 32100) from its first 17 characters.
    static func creditCode(_ body: String) -> String {
        let characters = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
        let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
        let sum = zip(body, weights).reduce(0) { $0 + characters.firstIndex(of: $1.0)! * $1.1 }
        return body + String(characters[(31 - sum % 31) % 31])
    }

    @Test func unitsComeBeforeTheOrganizationsThatLinkThem() throws {
        let db = path("units.sqlite")
        let community = Self.creditCode("91370102MA3C00001")
        let school = Self.creditCode("12370100MB2800002")
        let units = path("units.csv")
        try Self.csv([
            ["统一社会信用代码", "单位名称", "单位类别", "单位建立党组织情况", "是否成立党组"],
            [community, "解放路第一社区居民委员会", "城市社区（居委会）", "建立党支部的", "否"],
            [school, "济南市某中学", "事业单位", "建立党支部的", "否"],
        ]).write(to: URL(fileURLWithPath: units))
        var rows = Self.organizations
        rows[4][12] = community + "；" + school
        let organizations = path("orgs.csv")
        try Self.csv([Self.organizationHeaders] + rows).write(to: URL(fileURLWithPath: organizations))
        let early = try cli.letters(["import", "organizations", organizations, "--db", db])
        #expect(early.status == 1 && early.stderr.contains("第 6 行「所在单位统一社会信用代码」[exists]"), "\(early.stderr)")
        let broken = path("broken-units.csv")
        try Self.csv([
            ["统一社会信用代码", "单位名称", "单位类别", "单位建立党组织情况", "是否成立党组"],
            [String(community.dropLast()) + (community.last == "1" ? "2" : "1"), "某单位", "事业单位", "建立党支部的", "否"],
            ["9.13701E+17", "某单位", "事业单位", "建立了", "也许"],
        ]).write(to: URL(fileURLWithPath: broken))
        let refused = try cli.letters(["import", "units", broken, "--db", db])
        for expected in [
            "第 2 行「统一社会信用代码」[check-digit]", "第 3 行「统一社会信用代码」[stored-as-number]",
            "第 3 行「单位建立党组织情况」[allowed-values]", "第 3 行「是否成立党组」[yes-no]",
        ] {
            #expect(refused.status == 1 && refused.stderr.contains(expected), "\(expected) in \(refused.stderr)")
        }
        #expect(try cli.letters(["import", "units", units, "--db", db]).stdout.contains("新增 2"))
        #expect(try cli.letters(["import", "organizations", organizations, "--db", db]).status == 0)
        let first = path("units-1.csv")
        let second = path("units-2.csv")
        let empty = path("units-empty.sqlite")
        #expect(try cli.letters(["export", "units", "--db", db, "--out", first]).status == 0)
        #expect(try cli.letters(["import", "units", first, "--db", empty]).status == 0)
        #expect(try cli.letters(["export", "units", "--db", empty, "--out", second]).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: first)) == Data(contentsOf: URL(fileURLWithPath: second)))
    }
}

extension RegisterCommandTests {
    @Test func theDemoProvinceIsLoadedThroughTheRegistersImportAndItsRegisterRoundTrips() throws {
        let demo = path("demo.sqlite")
        let empty = path("empty.sqlite")
        let made = try cli.letters(["demo-db", "--db", demo, "--members", "100"])
        #expect(made.status == 0 && made.stdout.contains("demo/organizations.csv") && made.stdout.contains("经名册导入"), "\(made.stdout)\(made.stderr)")
        for kind in ["organizations", "members"] {
            let first = path("demo-\(kind)-1.csv")
            let second = path("demo-\(kind)-2.csv")
            #expect(try cli.letters(["export", kind, "--db", demo, "--out", first]).status == 0)
            let back = try cli.letters(["import", kind, first, "--db", empty])
            #expect(back.status == 0, "\(kind): \(back.stderr)")
            #expect(try cli.letters(["export", kind, "--db", empty, "--out", second]).status == 0)
            #expect(try Data(contentsOf: URL(fileURLWithPath: first)) == Data(contentsOf: URL(fileURLWithPath: second)), "\(kind)")
        }
    }

    @Test func transfersCompletedOnPaperComeInFromASheetAndGoBackOutAsTheyWent() throws {
        let db = path("paper.sqlite")
        let organizations = path("orgs.csv")
        try Self.csv([Self.organizationHeaders] + Self.organizations).write(to: URL(fileURLWithPath: organizations))
        #expect(try cli.letters(["import", "organizations", organizations, "--db", db]).status == 0)
        let headers = [
            "姓名", "公民身份证号", "转出党组织统一编码代码", "原所在党组织（省外）", "接收党组织统一编码代码", "接收党组织（省外）",
            "转接类型", "介绍信编号", "开具日期", "办结日期", "人员类别",
        ]
        let sheet = path("paper.csv")
        try Self.csv([
            headers,
            ["张纸", Self.idNumber("19750505", 1), "3701020101", "", "3701020102", "", "", "2015000001", "2015/3/1", "2015/3/9", "正式党员"],
            [
                "李纸", Self.idNumber("19760606", 2), "3701020102", "", "", "中共北京市委组织部", "转往外省(区、市)", "2015000002", "2015-04-01",
                "2015-04-20", "",
            ],
        ]).write(to: URL(fileURLWithPath: sheet))
        let imported = try cli.letters(["import", "transfers", sheet, "--db", db, "--as", "37010201"])
        #expect(imported.status == 0 && imported.stdout.contains("转接历史：新增 2"), "\(imported.stdout)\(imported.stderr)")
        let listed = try cli.letters(["transfer", "list", "--db", db, "--as", "3701020102"])
        #expect(listed.stdout.contains("李纸") && listed.stdout.contains("completed"), "\(listed.stdout)\(listed.stderr)")

        let first = path("paper-1.csv")
        let second = path("paper-2.csv")
        let empty = path("paper-empty.sqlite")
        #expect(try cli.letters(["export", "transfers", "--db", db, "--out", first]).status == 0)
        #expect(try cli.letters(["import", "organizations", organizations, "--db", empty]).status == 0)
        #expect(try cli.letters(["import", "transfers", first, "--db", empty]).status == 0)
        #expect(try cli.letters(["export", "transfers", "--db", empty, "--out", second]).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: first)) == Data(contentsOf: URL(fileURLWithPath: second)))
        #expect(String(decoding: try Data(contentsOf: URL(fileURLWithPath: first)), as: UTF8.self).contains("2015-03-09"), "days as the register writes them")
    }
}
