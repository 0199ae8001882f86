import DemoData
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing
import Workflow

@testable import Server

/// The web pages, driven as a browser would: a form login, the queue, a transfer's page and
/// its action forms, with CSRF fields and escaped values.
@Suite(.scratch) struct PageTests {
    @Test func anAdministratorLogsInAppliesAndTheNextOrganizationApprovesThroughForms() async throws {
        let f = try await ServerFixture.make()
        try await f.workflow.add(
            member: try PartyMember(
                id: "evil", organization: "B1", name: "<script>alert(1)</script>",
                idNumber: "110105198001010016", ethnicity: "汉族", category: .full,
                occupation: "", education: "", phone: "13606406636"))
        try await Application(router: f.router).test(.router) { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .seeOther && response.headers[.location] == "/login")
            }
            func login(_ name: String) async throws -> String {
                try await client.execute(
                    uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                    body: form(["name": name, "password": password])
                ) { response in
                    #expect(response.status == .seeOther)
                    return String((response.headers[.setCookie] ?? "").split(separator: ";")[0])
                }
            }
            try await client.execute(
                uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: form(["name": "<b>x</b>", "password": "nope"])
            ) { response in
                let html = String(buffer: response.body)
                #expect(response.status == .forbidden && html.contains("&lt;b&gt;x&lt;/b&gt;") && !html.contains("<b>x</b>"))
            }
            let b1 = try await login("admin-B1")
            try await client.execute(uri: "/apply?member=evil", method: .get, headers: [.cookie: b1]) { response in
                #expect(!String(buffer: response.body).contains("已核实党员信息同本人和档案资料等一致"), "no confirmation before the path is shown")
            }
            let csrf: String = try await client.execute(uri: "/apply?member=evil&to=B3&dues=2017-06&validity=15", method: .get, headers: [.cookie: b1]) {
                response in
                let html = String(buffer: response.body)
                #expect(html.contains("已核实党员信息同本人和档案资料等一致") && html.contains("<svg") && html.contains("解放路街道机关支部"))
                #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !html.contains("<script>alert"), "names are escaped")
                let marker = html.range(of: "name=\"_csrf\" value=\"")!
                return String(html[marker.upperBound...].prefix { $0 != "\"" })
            }
            let month = Transfer.Application.thisMonth(Date())
            try await client.execute(
                uri: "/apply", method: .post, headers: [.cookie: b1, .contentType: "application/x-www-form-urlencoded"],
                body: form(["_csrf": csrf, "member": "evil", "to": "B3", "dues": month, "validity": "15"])
            ) { response in
                #expect(response.status == .unprocessableContent, "not without the confirmation box")
            }
            try await client.execute(
                uri: "/apply", method: .post, headers: [.cookie: b1, .contentType: "application/x-www-form-urlencoded"],
                body: form(["_csrf": "forged", "member": "evil", "to": "B3", "dues": month, "confirmed": "yes"])
            ) { response in
                #expect(response.status == .forbidden)
            }
            let location: String = try await client.execute(
                uri: "/apply", method: .post, headers: [.cookie: b1, .contentType: "application/x-www-form-urlencoded"],
                body: form(["_csrf": csrf, "member": "evil", "to": "B3", "dues": month, "validity": "15", "confirmed": "yes"])
            ) { response in
                #expect(response.status == .seeOther)
                return response.headers[.location] ?? ""
            }
            #expect(location.hasPrefix("/transfers/"))
            let z1 = try await login("admin-Z1")
            try await client.execute(uri: "/", method: .get, headers: [.cookie: z1]) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("待办业务 <b>1</b> 件") && html.contains(location))
            }
            let z1csrf: String = try await client.execute(uri: location, method: .get, headers: [.cookie: z1]) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("同意并开新信") && html.contains("<svg") && html.contains("<iframe"))
                let marker = html.range(of: "name=\"_csrf\" value=\"")!
                return String(html[marker.upperBound...].prefix { $0 != "\"" })
            }
            try await client.execute(
                uri: location + "/do", method: .post, headers: [.cookie: z1, .contentType: "application/x-www-form-urlencoded"],
                body: form(["_csrf": z1csrf, "op": "approve", "validity": "30"])
            ) { response in
                #expect(
                    response.status == .unprocessableContent && String(buffer: response.body).contains("已审核过党员基本信息"),
                    "not without confirming the member's data was reviewed")
            }
            try await client.execute(
                uri: location + "/do", method: .post, headers: [.cookie: z1, .contentType: "application/x-www-form-urlencoded"],
                body: form(["_csrf": z1csrf, "op": "approve", "validity": "30", "reviewed": "yes"])
            ) { response in
                #expect(response.status == .seeOther)
            }
            let id = String(location.dropFirst("/transfers/".count))
            #expect(try await f.workflow.transfer(id).hops.last?.validityDays == 30)
        }
    }

    @Test(.enabled(if: Requirements.python, Comment(rawValue: Requirements.pythonReason)))
    func listsExportsAndTheRolesOwnPages() async throws {
        let f = try await ServerFixture.make()
        let month = Transfer.Application.thisMonth(Date())
        let t = try await f.workflow.applyOut(
            member: "m1", direction: .inProvince(destination: "B3"), application: .init(duesPaidUpTo: month),
            by: .organization("B1"))
        _ = try await f.workflow.perform(.approve, on: t.id, by: .organization("Z1"))
        _ = try await f.workflow.perform(.accept, on: t.id, by: .organization("B3"))  // counted in the statistics from here
        try await Application(router: f.router).test(.router) { client in
            func login(_ name: String) async throws -> String {
                try await client.execute(
                    uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                    body: form(["name": name, "password": password])
                ) { String((($0.headers[.setCookie]) ?? "").split(separator: ";")[0]) }
            }
            let b1 = try await login("admin-B1")
            for uri in [
                "/history?direction=out", "/history?direction=out&name=%E5%88%98", "/views/mine", "/views/automatic", "/not-reported",
                "/statistics", "/statistics?from=2000-01-01&until=2100-01-01",
            ] {
                try await client.execute(uri: uri, method: .get, headers: [.cookie: b1]) { #expect($0.status == .ok, "\(uri)") }
            }
            try await client.execute(uri: "/history?direction=out", method: .get, headers: [.cookie: b1]) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("刘忠鹏"))
                // The search form and the export links are what a user has to see (the template hid them once).
                #expect(html.contains("<form method=\"get\"") && html.contains("name=\"idNumber\"") && html.contains("format=xlsx\">Excel"))
            }
            let key = try await f.workflow.exportSigningKey()
            try await client.execute(uri: "/archive", method: .get, headers: [.cookie: b1]) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("<option value=\"returned\">已退回</option>") && html.contains(key.fingerprint), "every state, and the key to check with")
            }
            try await client.execute(uri: "/views/mine", method: .get, headers: [.cookie: b1]) { response in
                #expect(String(buffer: response.body).contains("href=\"/views/automatic\">自动审批的</a>"), "the three views' tabs")
            }
            try await client.execute(uri: "/transfers/\(t.id)", method: .get, headers: [.cookie: b1]) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("本组织存档可见："), "what the organization's archive holds")
                // A transfer made here, in the province, with a verified identity: none of the boxes
                // of what it does not have.
                for absent in ["<h3>退回的回执</h3>", "<h3>身份人工审核</h3>", "<h3>省外转入</h3>", "<h3>纸质介绍信"] {
                    #expect(!html.contains(absent), "no empty box \(absent)")
                }
                #expect(
                    html.contains("<td>中共解放路第一社区第一支部委员会</td>") && !html.contains("<td>B1</td>") && !html.contains("<td>Z1</td>"),
                    "the log names organizations, not their ids")
            }
            try await client.execute(uri: "/history?direction=out&format=csv", method: .get, headers: [.cookie: b1]) { response in
                #expect(response.headers[.contentType] == "text/csv; charset=utf-8")
                #expect(String(buffer: response.body).contains("\"刘忠鹏\",\"37011119621019441X\""))
            }
            // The same history as .xlsx, read back by openpyxl and compared with the CSV cell by cell.
            let dir = NSTemporaryDirectory() + "sheets-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            for format in ["csv", "xlsx"] {
                try await client.execute(uri: "/history?direction=out&format=\(format)", method: .get, headers: [.cookie: b1]) { response in
                    #expect(response.status == .ok)
                    try Data(buffer: response.body).write(to: URL(fileURLWithPath: "\(dir)/history.\(format)"))
                }
            }
            var output = try compareSpreadsheets(dir + "/history.xlsx", dir + "/history.csv")
            #expect(output.hasPrefix("same\n") && output.contains("转出历史"), "\(output)")
            try await client.execute(uri: "/statistics?from=2000-01-01&until=2100-01-01", method: .get, headers: [.cookie: b1]) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("<svg") && html.contains("转入单位类别") && html.contains("<rect"), "bar charts drawn on the server")
            }
            for format in ["csv", "xlsx"] {
                try await client.execute(uri: "/statistics?from=2000-01-01&until=2100-01-01&format=\(format)", method: .get, headers: [.cookie: b1]) {
                    response in
                    #expect(response.status == .ok)
                    try Data(buffer: response.body).write(to: URL(fileURLWithPath: "\(dir)/statistics.\(format)"))
                }
            }
            output = try compareSpreadsheets(dir + "/statistics.xlsx", dir + "/statistics.csv", "--no-dates")
            #expect(output.hasPrefix("same\n") && output.contains("分组统计"), "\(output)")
            let officer = try await login("security")
            try await client.execute(uri: "/", method: .get, headers: [.cookie: officer]) { #expect($0.headers[.location] == "/accounts") }
            let csrf: String = try await client.execute(uri: "/accounts", method: .get, headers: [.cookie: officer]) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("admin-B1"))
                let marker = html.range(of: "name=\"_csrf\" value=\"")!
                return String(html[marker.upperBound...].prefix { $0 != "\"" })
            }
            let flash: String = try await client.execute(
                uri: "/accounts", method: .post, headers: [.cookie: officer, .contentType: "application/x-www-form-urlencoded"],
                body: form(["_csrf": csrf, "name": "admin-B2", "organization": "B2", "role": "administrator"])
            ) { response in
                // The activation code travels in a short-lived cookie, never in the address.
                #expect(response.status == .seeOther && response.headers[.location] == "/accounts")
                return String((response.headers[.setCookie] ?? "").split(separator: ";")[0])
            }
            try await client.execute(uri: "/accounts", method: .get, headers: [.cookie: officer + "; " + flash]) { response in
                let html = String(buffer: response.body)
                #expect(flash.hasPrefix("letters_flash=") && html.contains("class=\"msg\">已创建账号 admin-B2，授权码 "))
                #expect((response.headers[.setCookie] ?? "").contains("letters_flash=;"), "shown once, then cleared")
            }
            try await client.execute(uri: "/accounts?msg=%E7%B3%BB%E7%BB%9F%E5%8D%87%E7%BA%A7", method: .get, headers: [.cookie: officer]) { response in
                #expect(!String(buffer: response.body).contains("class=\"msg\""), "no message can be put on a page through a link")
            }
            try await client.execute(uri: "/accounts", method: .get, headers: [.cookie: b1]) { #expect($0.status == .forbidden) }
            // A county's security officer sees and creates accounts of its county only, picking the organization from its tree.
            let province = Account(name: "security", role: .securityOfficer, organization: "P", active: true)
            let code = try await f.accounts.createAccount(
                name: "security-LX", role: .securityOfficer, organization: "LX", tree: try await f.workflow.tree(),
                for: Caller(account: province, address: "test"))
            try await f.accounts.activate(name: "security-LX", code: code, password: password)
            let county = try await login("security-LX")
            try await client.execute(uri: "/accounts", method: .get, headers: [.cookie: county]) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("admin-JF") && html.contains("admin-B1") && html.contains("admin-QF") && !html.contains("admin-PY"))
                #expect(!html.contains(">security<") && !html.contains(">auditor<"), "the province's accounts are not the county's business")
                #expect(html.contains("<option value=\"JF\">") && !html.contains("<option value=\"PY\">") && html.contains(">管理员<"))
            }
            let auditor = try await login("auditor")
            try await client.execute(uri: "/audit", method: .get, headers: [.cookie: auditor]) { response in
                let html = String(buffer: response.body)
                #expect(response.status == .ok && html.contains("登录（login）") && html.contains("创建账号（create-account）"))
            }
            try await client.execute(uri: "/audit", method: .get, headers: [.cookie: b1]) { #expect($0.status == .forbidden) }
            let permissionsCSRF: String = try await client.execute(uri: "/permissions", method: .get, headers: [.cookie: officer]) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("中共济南市历下区委"))
                let marker = html.range(of: "name=\"_csrf\" value=\"")!
                return String(html[marker.upperBound...].prefix { $0 != "\"" })
            }
            try await client.execute(
                uri: "/permissions", method: .post, headers: [.cookie: officer, .contentType: "application/x-www-form-urlencoded"],
                body: form(["_csrf": permissionsCSRF, "id": "LX", "mayTransfer": "yes"])
            ) { #expect($0.status == .seeOther) }
            #expect(try await f.workflow.tree().organizations["LX"]?.permissions.autoApprove == false)
            try await client.execute(uri: "/permissions", method: .get, headers: [.cookie: b1]) { #expect($0.status == .forbidden) }
        }
    }

    @Test func aHistoryExportHoldsEveryRowAndTheSearchesOfTheManualNarrowIt() async throws {
        let f = try await ServerFixture.make()
        // 450 transfers of the past, entered from paper: more than the page's 200.
        var csv = "姓名,公民身份证号,转出党组织统一编码代码,接收党组织统一编码代码,介绍信编号,开具日期,办结日期\n"
        for i in 0..<450 {
            let body = "370102" + "1980" + String(format: "%02d%02d", 1 + i % 12, 1 + i % 28) + String(format: "%03d", (200 + i) % 1000)
            let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
            let sum = zip(body, weights).reduce(0) { $0 + Int(String($1.0))! * $1.1 }
            csv += "党员\(i),\(body + String(Array("10X98765432")[sum % 11])),\(i % 2 == 0 ? "B1" : "B2"),QB,P\(i),2015-05-01,2015-05-20\n"
        }
        let jf = Caller(account: Account(name: "admin-JF", role: .administrator, organization: "JF", active: true), address: "test")
        let imported = try await f.workflow.importPaperTransfers(try SheetTable.read(Data(csv.utf8), name: "paper.csv"), dryRun: false, for: jf)
        #expect(imported.written && imported.added == 450, "\(imported.problems.prefix(3))")
        try await Application(router: f.router).test(.router) { client in
            let jfCookie = try await client.execute(
                uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: form(["name": "admin-JF", "password": password])
            ) { String((($0.headers[.setCookie]) ?? "").split(separator: ";")[0]) }
            func lines(_ query: String) async throws -> [Substring] {
                try await client.execute(uri: "/history?direction=out&format=csv" + query, method: .get, headers: [.cookie: jfCookie]) { response in
                    #expect(response.status == .ok)
                    return String(buffer: response.body).split(separator: "\r\n")
                }
            }
            #expect(try await lines("").count == 451, "every row and the header: none cut off at the page's 200")
            let fromB2 = try await lines("&source=B2")
            #expect(fromB2.count == 226 && fromB2.dropFirst().allSatisfy { $0.contains("第一社区第二支部") })
            let men = try await lines("&sex=%E7%94%B7")
            let women = try await lines("&sex=%E5%A5%B3")
            #expect(men.count + women.count == 452 && men.count > 1 && women.count > 1)
            try await client.execute(uri: "/history?direction=out&from=2015-05-01&until=2015-05-01", method: .get, headers: [.cookie: jfCookie]) { response in
                let html = String(buffer: response.body)
                #expect(
                    html.components(separatedBy: "2015-05-01").count > 200 && html.contains("name=\"source\"") && html.contains("name=\"ethnicity\""),
                    "自 D 至 D shows the day D")
            }
            try await client.execute(uri: "/history?direction=out&sex=x", method: .get, headers: [.cookie: jfCookie]) { response in
                #expect(response.status == .badRequest && String(buffer: response.body).contains("性别应为 男 或 女"))
            }
        }
    }

    @Test func thePagesSendAMemberOutOfTheProvinceAndChangeADestination() async throws {
        let f = try await ServerFixture.make()
        let month = Transfer.Application.thisMonth(Date())
        let qb2 = Organization(
            id: "QB2", parentID: "QF", name: "中共泉城路街道另一社区支部委员会", category: .branch, level: .branch,
            contact: ContactInfo(person: "联系人", phone: "0531-80000191", fax: "0531-80000192", postcode: "250001", address: "泉城路"))
        try await f.workflow.save(organizations: ExampleProvince.organizations + [qb2])
        for (id, card) in [("out1", "110105198001010016"), ("in1", "110105198001010032")] {
            try await f.workflow.add(
                member: try PartyMember(
                    id: id, organization: "B1", name: "党员\(id)", idNumber: card, ethnicity: "汉族",
                    category: .full, occupation: "", education: "", phone: "13606406636"))
        }
        try await Application(router: f.router).test(.router) { client in
            func login(_ name: String) async throws -> String {
                try await client.execute(
                    uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                    body: form(["name": name, "password": password])
                ) { String((($0.headers[.setCookie]) ?? "").split(separator: ";")[0]) }
            }
            func csrf(_ html: String) -> String {
                let marker = html.range(of: "name=\"_csrf\" value=\"")!
                return String(html[marker.upperBound...].prefix { $0 != "\"" })
            }
            let b1 = try await login("admin-B1")
            let outType = TransferType.otherProvince.rawValue.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let query =
                "/apply?member=out1&mode=out&outside=%E4%B8%AD%E5%85%B1%E5%8C%97%E4%BA%AC%E5%B8%82%E5%A7%94&letterhead=%E7%BB%84%E7%BB%87%E9%83%A8&type=\(outType)&dues=\(month)&validity=15"
            let token: String = try await client.execute(uri: query, method: .get, headers: [.cookie: b1]) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("→ 中共北京市委") && html.contains("已核实党员信息同本人和档案资料等一致"), "the path out of the province is shown first")
                return csrf(html)
            }
            let out: String = try await client.execute(
                uri: "/apply", method: .post, headers: [.cookie: b1, .contentType: "application/x-www-form-urlencoded"],
                body: form([
                    "_csrf": token, "member": "out1", "mode": "out", "outside": "中共北京市委", "letterhead": "组织部",
                    "type": TransferType.otherProvince.rawValue, "dues": month, "validity": "15", "confirmed": "yes",
                    "memberPhone": "13912345678", "address": "", "letterReason": "随配偶迁居",
                ])
            ) { response in
                #expect(response.status == .seeOther)
                return String((response.headers[.location] ?? "").dropFirst("/transfers/".count))
            }
            let sent = try await f.workflow.transfer(out)
            #expect(sent.type == .otherProvince && sent.destination == nil)
            #expect(
                sent.hops.first?.amendments == LetterAmendments(memberPhone: "13912345678", reason: "随配偶迁居"),
                "what the page completed, and only that: \(String(describing: sent.hops.first?.amendments))")
            if case .outOfProvince(let name, let letterhead) = sent.direction {
                #expect(name == "中共北京市委" && letterhead == "组织部")
            } else {
                Issue.record("\(sent.direction)")
            }

            // In the province, to B3; JF (the receiving side, above B3) sends it to B2 instead.
            var t = try await f.workflow.applyOut(
                member: "in1", direction: .inProvince(destination: "QB"), application: .init(duesPaidUpTo: month), by: .organization("B1"))
            for holder in ["Z1", "JF", "LX"] as [OrganizationID] where t.currentHolder == holder {
                t = try await f.workflow.perform(.approve, on: t.id, by: .organization(holder))
            }
            #expect(t.currentHolder == "QF")
            let qf = try await login("admin-QF")
            let qfToken: String = try await client.execute(uri: "/transfers/\(t.id)", method: .get, headers: [.cookie: qf]) { response in
                let html = String(buffer: response.body)
                #expect(
                    html.contains("调整接收党组织为") && html.contains("<option value=\"QB2\">") && !html.contains("<option value=\"QB\">"),
                    "the receiving side's other branches are offered, not the present destination")
                return csrf(html)
            }
            try await client.execute(
                uri: "/transfers/\(t.id)/do", method: .post, headers: [.cookie: qf, .contentType: "application/x-www-form-urlencoded"],
                body: form(["_csrf": qfToken, "op": "change-destination", "to": "QB2"])
            ) { #expect($0.status == .seeOther) }
            #expect(try await f.workflow.transfer(t.id).destination == "QB2")
        }
    }

    @Test func aMembersAccountIsMadeOnTheMembersPageAndTheMemberAppliesAndFollowsIt() async throws {
        let f = try await ServerFixture.make()
        try await f.workflow.add(
            member: try PartyMember(
                id: "own1", organization: "B1", name: "自己申请", idNumber: "110105198001010016", ethnicity: "汉族",
                category: .full, occupation: "", education: "", phone: "13606406636"))
        try await Application(router: f.router).test(.router) { client in
            func login(_ name: String, _ secret: String = password) async throws -> String {
                try await client.execute(
                    uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                    body: form(["name": name, "password": secret])
                ) { String((($0.headers[.setCookie]) ?? "").split(separator: ";")[0]) }
            }
            func csrf(_ html: String) -> String {
                let marker = html.range(of: "name=\"_csrf\" value=\"")!
                return String(html[marker.upperBound...].prefix { $0 != "\"" })
            }
            let b1 = try await login("admin-B1")
            let token: String = try await client.execute(uri: "/members/own1", method: .get, headers: [.cookie: b1]) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("创建党员账号"))
                return csrf(html)
            }
            let flash: String = try await client.execute(
                uri: "/members/own1/account", method: .post, headers: [.cookie: b1, .contentType: "application/x-www-form-urlencoded"],
                body: form(["_csrf": token, "name": "own-1"])
            ) { response in
                #expect(response.status == .seeOther)
                return try await client.execute(
                    uri: response.headers[.location] ?? "/", method: .get,
                    headers: [.cookie: b1 + "; " + ((response.headers[.setCookie] ?? "").split(separator: ";").first.map(String.init) ?? "")]
                ) {
                    String(buffer: $0.body)
                }
            }
            let code = try #require(
                flash.range(of: #"授权码 ([0-9A-F]{8})"#, options: .regularExpression).map { String(flash[$0].suffix(8)) }, "\(flash.prefix(600))")
            try await client.execute(
                uri: "/activate", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: form(["name": "own-1", "code": code, "password": "member-password-1", "again": "member-password-1"])
            ) { #expect($0.status == .ok) }
            let me = try await login("own-1", "member-password-1")
            try await client.execute(uri: "/", method: .get, headers: [.cookie: me]) { #expect($0.headers[.location] == "/mine") }
            let mine: String = try await client.execute(uri: "/mine", method: .get, headers: [.cookie: me]) { response in
                let html = String(buffer: response.body)
                #expect(response.status == .ok && html.contains("申请转出") && html.contains("还没有转接") && html.contains("我的转接"))
                return csrf(html)
            }
            try await client.execute(
                uri: "/mine", method: .post, headers: [.cookie: me, .contentType: "application/x-www-form-urlencoded"],
                body: form(["_csrf": mine, "to": "B3", "dues": Transfer.Application.thisMonth(Date())])
            ) { #expect($0.status == .seeOther) }
            try await client.execute(uri: "/mine", method: .get, headers: [.cookie: me]) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("当前办理") && html.contains("撤回申请"), "the application waits at the branch; the member may withdraw it")
            }
            for uri in ["/history?direction=out", "/members", "/apply"] {
                try await client.execute(uri: uri, method: .get, headers: [.cookie: me]) { #expect($0.status == .forbidden, "\(uri)") }
            }
            try await client.execute(uri: "/", method: .get, headers: [.cookie: b1]) { response in
                #expect(String(buffer: response.body).contains("自己申请"), "the branch has it in its queue")
            }
        }
    }

    @Test func sealsAreUploadedThroughTheFormWithReasonsAndThumbnails() async throws {
        let f = try await ServerFixture.make()
        try await Application(router: f.router).test(.router) { client in
            let cookie: String = try await client.execute(
                uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: form(["name": "admin-Z1", "password": password])
            ) { String((($0.headers[.setCookie]) ?? "").split(separator: ";")[0]) }
            let csrf: String = try await client.execute(uri: "/seal", method: .get, headers: [.cookie: cookie]) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("/seals/Z1/1.jpg"))
                let marker = html.range(of: "name=\"_csrf\" value=\"")!
                return String(html[marker.upperBound...].prefix { $0 != "\"" })
            }
            func upload(_ bytes: [UInt8]) -> ByteBuffer {
                var b = ByteBuffer()
                b.writeString("--XyZ\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(csrf)\r\n")
                b.writeString("--XyZ\r\nContent-Disposition: form-data; name=\"seal\"; filename=\"seal.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n")
                b.writeBytes(bytes)
                b.writeString("\r\n--XyZ--\r\n")
                return b
            }
            let multipart: HTTPFields = [.cookie: cookie, .contentType: "multipart/form-data; boundary=XyZ"]
            try await client.execute(uri: "/seal?_csrf=\(csrf)", method: .post, headers: multipart, body: upload([0x89, 0x50, 0x4E, 0x47, 1, 2, 3])) {
                response in
                let html = String(buffer: response.body)
                #expect(response.status == .unprocessableContent && html.contains("印章未更换") && html.contains("PNG"))
            }
            try await client.execute(
                uri: "/seal?_csrf=\(csrf)", method: .post, headers: multipart, body: upload(Array(repeating: 0xFF, count: 7 * 1024 * 1024))
            ) { response in
                let html = String(buffer: response.body)
                #expect(response.status == .contentTooLarge && html.contains("印章未更换") && html.contains("5 MB"), "a page, not an empty answer")
            }
            let jpeg = try await f.workflow.sealJPEG(org: "Z1", version: 1)!
            try await client.execute(uri: "/seal?_csrf=\(csrf)", method: .post, headers: multipart, body: upload(Array(jpeg))) { response in
                #expect(response.status == .seeOther)
            }
            #expect(try await f.workflow.sealHistory(org: "Z1").map(\.version) == [1, 2])
            try await client.execute(uri: "/seals/Z1/2.jpg", method: .get, headers: [.cookie: cookie]) { response in
                #expect(response.status == .ok && response.headers[.contentType] == "image/jpeg")
            }
            let qf = try await client.token("admin-QF")
            try await client.execute(uri: "/seals/Z1/2.jpg", method: .get, headers: [.authorization: "Bearer \(qf)"]) { #expect($0.status == .notFound) }
            try await client.execute(
                uri: "/seal/letterhead", method: .post, headers: [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"],
                body: form(["_csrf": csrf, "letterhead": "中共解放路第一社区总支部委员会组织委员"])
            ) { #expect($0.status == .seeOther) }
            #expect(try await f.workflow.tree().organizations["Z1"]?.letterhead == "中共解放路第一社区总支部委员会组织委员")
        }
    }
}

extension PageTests {
    @Test func behindATLSProxyTheSessionCookieIsSecureAndBrowsersAreToldToStayOnHTTPS() async throws {
        let f = try await ServerFixture.make()
        try await Application(router: f.router).test(.router) { client in
            for (proto, secure) in [("https", true), ("http", false)] {
                try await client.execute(
                    uri: "/login", method: .post,
                    headers: [.contentType: "application/x-www-form-urlencoded", HTTPField.Name("X-Forwarded-Proto")!: proto],
                    body: form(["name": "admin-Z1", "password": password])
                ) { response in
                    let cookie = response.headers[.setCookie] ?? ""
                    #expect(cookie.hasPrefix("letters_session=") && cookie.contains("HttpOnly") && cookie.contains("; Secure") == secure, "\(proto)")
                    #expect((response.headers[HTTPField.Name("Strict-Transport-Security")!] != nil) == secure, "\(proto)")
                }
            }
        }
    }

    @Test func anAddressThatIsNoPageAndAFormTooLargeToReadAreAnsweredWithPagesInWords() async throws {
        let f = try await ServerFixture.make()
        try await Application(router: f.router).test(.router) { client in
            let cookie: String = try await client.execute(
                uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: form(["name": "admin-Z1", "password": password])
            ) { String((($0.headers[.setCookie]) ?? "").split(separator: ";")[0]) }
            try await client.execute(uri: "/no-such-page", method: .get, headers: [.cookie: cookie]) { response in
                let html = String(buffer: response.body)
                #expect(response.status == .notFound && response.headers[.contentType]?.hasPrefix("text/html") == true)
                #expect(html.contains("没有这个页面") && html.contains("admin-Z1"), "in the layout, signed in")
                #expect(response.headers[.contentSecurityPolicy]?.contains("script-src 'none'") == true)
            }
            let long = String(repeating: "长", count: 30_000)
            try await client.execute(
                uri: "/seal/letterhead", method: .post, headers: [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"],
                body: form(["_csrf": "x", "letterhead": long])
            ) { response in
                let html = String(buffer: response.body)
                #expect(response.status == .contentTooLarge && html.contains("64 KB") && html.contains("未保存"), "a page, not an empty answer")
            }
            try await client.execute(
                uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: form(["name": long, "password": "x"])
            ) { response in
                #expect(response.status == .contentTooLarge && String(buffer: response.body).contains("64 KB"))
            }
            try await client.execute(uri: "/api/no-such-route", method: .get, headers: [.cookie: cookie]) { response in
                #expect(response.status == .notFound && response.headers[.contentType]?.hasPrefix("application/json") == true, "the API keeps its JSON")
            }
        }
    }
}

/// Runs the openpyxl comparison of an .xlsx with its CSV and returns what it prints.
func compareSpreadsheets(_ arguments: String...) throws -> String {
    try runTool(Requirements.pythonPath, [root + "/Tests/spreadsheet/compare_xlsx.py"] + arguments).text
}

/// The pages' own escaping of values.
struct PageEscapingTests {
    @Test func anAbsentOptionalIsNoValueToAPageAndAPresentOneIsItsValue() {
        let none: [String: String]? = nil
        let some: [String: String]? = ["id": "T-1"]
        let nested: [String: Any] = ["inner": String?.none as Any, "kept": "x"]
        let values = PageValues.present(["none": none as Any, "some": some as Any, "nested": nested, "plain": 1, "flag": false])
        #expect(values["none"] == nil)
        #expect(values["some"] as? [String: String] == ["id": "T-1"])
        #expect((values["nested"] as? [String: Any])?["inner"] == nil)
        #expect((values["nested"] as? [String: Any])?["kept"] as? String == "x")
        #expect(values["plain"] as? Int == 1 && values["flag"] as? Bool == false)
    }

    @Test func valuesAreEscapedAsMustacheWouldAndPlainTextPassesUnchanged() {
        let escaping = PageHTMLEscaping()
        #expect(escaping.escapeText(#"<a href="x">'张三' & 李四</a>"#) == "&lt;a href=&quot;x&quot;&gt;&#39;张三&#39; &amp; 李四&lt;/a&gt;")
        #expect(escaping.escapeText("党员 王𠮷（第2017号）👍🏽") == "党员 王𠮷（第2017号）👍🏽")
        #expect(escaping.escapeText("") == "")
    }
}

/// The `table` page's rows, rendered without Mustache.
struct TableRowsTests {
    @Test func rowsCarryTheirLinksAndButtonsWithEveryValueEscaped() {
        let rows = TableRows([
            [
                TableRows.Cell(text: "<b>张三</b>", link: "/transfers/T-1?a=1&b=2"), TableRows.Cell(text: "O'Brien"),
                TableRows.Cell(actions: [TableRows.Action(path: "/accounts/reset", label: "重置", name: "admin-\"x\"", csrf: "tok&en")]),
            ]
        ])
        #expect(
            rows.html
                == #"<tr><td><a href="/transfers/T-1?a=1&amp;b=2">&lt;b&gt;张三&lt;/b&gt;</a></td><td>O&#39;Brien</td>"#
                + #"<td><form method="post" action="/accounts/reset" style="display:inline"><input type="hidden" name="_csrf" value="tok&amp;en">"#
                + #"<input type="hidden" name="name" value="admin-&quot;x&quot;"><button>重置</button></form> </td></tr>"#)
        #expect(rows.child(named: "empty") as? Bool == false)
        #expect(TableRows([]).child(named: "empty") as? Bool == true && TableRows([]).html.isEmpty)
    }

    @Test func anOverdueDateInTheQueueIsMarkedForItsStyle() {
        let row = TableRows([[TableRows.Cell(text: "2017-07-01（已逾期）", cssClass: "overdue"), TableRows.Cell(text: "办理", link: "/transfers/T-1")]])
        #expect(row.html == #"<tr><td class="overdue">2017-07-01（已逾期）</td><td><a href="/transfers/T-1">办理</a></td></tr>"#)
    }
}

/// The pages' lists and diagrams rendered without Mustache: the markup the templates had, every
/// value escaped.
struct PageFragmentTests {
    @Test func aLetterListOffersTheOriginalOnlyToWhoMayHaveAllThreePartsAndOverprintsWithTheirPrinters() {
        let list = LetterList(
            transferID: "T-1",
            items: [
                .init(
                    number: "0001", hop: 1, from: "中共A<委>", to: "中共B", automatic: true, whole: true,
                    parts: [("stub", "存根（第一联）"), ("letter", "第二联"), ("receipt", "回执（第三联）")], receipt: true),
                .init(number: "0002", hop: 2, from: "中共B", to: "省外", automatic: false, whole: false, parts: [("letter", "第二联")], receipt: false),
            ],
            printers: ["三楼 \"LQ\""], layouts: ["县委 2017"])
        let html = list.html
        #expect(html.hasPrefix("<li>第 0001 号 中共A&lt;委&gt; → 中共B（系统）\n<a href=\"/api/transfers/T-1/letters/1\">下载原件（三联）</a>\n"))
        #expect(html.contains(" · <a href=\"/api/transfers/T-1/letters/1?parts=stub\">存根（第一联）</a>"))
        #expect(html.contains(" · <a href=\"/api/transfers/T-1/letters/1?part=receipt\">退回的回执</a>\n"))
        #expect(html.contains("<option value=\"\">未校准</option><option>三楼 &quot;LQ&quot;</option></select>\n"))
        #expect(html.contains("<option value=\"\">本组织使用的版式</option><option>县委 2017</option></select><button>套打（模板二）</button></form></li>"))
        // The second letter: one part, no original, no overprinting.
        #expect(html.hasSuffix("<li>第 0002 号 中共B → 省外\n\n · <a href=\"/api/transfers/T-1/letters/2?parts=letter\">第二联</a>\n\n</li>"))
        #expect(list.items[1].partList == "letter" && list.items[0].partList == "stub,letter,receipt")
        let withoutLayouts = LetterList(transferID: "T-1", items: [list.items[0]], printers: [], layouts: [])
        #expect(!withoutLayouts.html.contains("name=\"layout\""))
    }

    @Test func aFilterFormKeepsWhatWasTypedAndChosen() {
        let fields = FilterFields([
            .init(label: "姓名", name: "name", kind: .text(value: "张\"三", size: 8)),
            .init(label: "自", name: "from", kind: .text(value: "2026-01-01", size: 10, date: true)),
            .init(label: "单位", name: "source", kind: .select([.init(value: "B1", text: "中共<B1>", selected: true), .init(value: "B2", selected: false)])),
        ])
        #expect(
            fields.html
                == #"<label>姓名 <input type="text" name="name" value="张&quot;三" size="8"></label>"#
                + #"<label>自 <input type="date" name="from" value="2026-01-01" size="10"></label>"#
                + #"<label>单位 <select name="source"><option value="">全部</option><option value="B1" selected>中共&lt;B1&gt;</option><option value="B2">B2</option></select></label>"#
        )
    }

    @Test func statisticsBarsAreScaledToTheLargestAndAnEmptyGroupSaysSo() {
        let charts = StatisticsCharts([("性别", [("男", 4), ("女", 2)]), ("职业", [])])
        let html = charts.html
        #expect(html.contains(#"<svg role="img" aria-label="性别" width="540" height="92" viewBox="0 0 540 92">"#))
        #expect(html.contains(##"<rect x="0" y="22" width="440" height="16" fill="#b71c1c"><title>男：4 人</title></rect>"##))
        #expect(html.contains(##"<rect x="0" y="64" width="220" height="16" fill="#b71c1c"><title>女：2 人</title></rect>"##))
        #expect(html.contains(#"<text x="226" y="77" font-size="13">2</text></svg></div>"#))
        #expect(html.hasSuffix("<h3>职业</h3>\n<p>期间内没有已转出的党员</p></div>"))
    }

    @Test func aPathDiagramHighlightsTheHolderAndJoinsItsBoxesWithArrows() {
        let diagram = PathDiagram(
            nodes: [.init(name: "中共甲<支部>", contact: "李四 139", highlighted: false), .init(name: "中共乙", contact: "", highlighted: true)],
            arrowheads: true)
        let html = diagram.html
        #expect(diagram.width == 380)
        #expect(html.contains("<title>中共甲&lt;支部&gt;｜联系人 李四 139</title>"))
        #expect(html.contains(#"text-anchor="middle">甲&lt;支部&gt;</text>"#))
        #expect(html.contains(##"<rect x="190" y="20" width="150" height="44" rx="6" fill="#ffcdd2" stroke="#555">"##))
        #expect(html.components(separatedBy: "<line ").count == 2)
        #expect(html.contains(##"<line x1="160" y1="42" x2="188" y2="42" stroke="#555" marker-end="url(#a)"></line>"##))
        #expect(!PathDiagram(nodes: diagram.nodes, arrowheads: false).html.contains("marker-end"))
    }
}
