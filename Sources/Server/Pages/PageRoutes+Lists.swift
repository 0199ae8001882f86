import Foundation
import Hummingbird
import LetterModel
import Workflow

extension PageRoutes {
    typealias Cell = TableRows.Cell

    /// A list's rows as people read them: states in words, organizations by name.
    func summaryRows(_ items: [TransferSummary]) async throws -> TableRows {
        let tree = try await api.workflow.tree()
        return TableRows(
            items.map { s in
                [
                    Cell(text: s.memberName, link: "/transfers/\(s.id)"), Cell(text: s.memberIDNumber), Cell(text: s.type),
                    Cell(text: Transfer.stateLabel(s.state)), Cell(text: s.holder.map { tree.organizations[$0]?.name ?? $0.rawValue } ?? "—"),
                    Cell(text: s.createdAt.chinaISODay),
                ]
            })
    }

    static let summaryHeaders = ["党员", "身份证号码", "类型", "状态", "当前办理", "发起日期"]

    /// `sheet` as an `.xlsx` or CSV attachment named `fileName` (UTF-8, RFC 5987).
    static func download(_ sheet: Spreadsheet, format: String, fileName: String, asciiName: String) async throws -> Response {
        let xlsx = format == "xlsx"
        return Response(
            status: .ok,
            headers: [
                .contentType: xlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv; charset=utf-8",
                .contentDisposition: "attachment; filename=\"\(asciiName).\(format)\"; filename*=UTF-8''\(LetterDownload.percentEncoded(fileName)).\(format)",
            ],
            body: .init(byteBuffer: ByteBuffer(data: xlsx ? try await sheet.xlsx() : sheet.csv())))
    }

    /// A whole history as a spreadsheet streamed to the response: the page's rows with names for
    /// organizations and real dates, read a page at a time, none cut off.
    func historyDownload(_ export: HistoryExport, outgoing: Bool, format: String) async throws -> Response {
        let tree = try await api.workflow.tree()
        let name = { @Sendable (id: OrganizationID?) -> Spreadsheet.Value in id.map { .text(tree.organizations[$0]?.name ?? $0.rawValue) } ?? .empty }
        let stream = SpreadsheetStream(
            name: outgoing ? "转出历史" : "接收历史",
            headers: ["党员", "身份证号码", "类型", "状态", "转出组织", "转入组织", "当前办理", "发起时间", "到期时间"],
            widths: [12, 20, 40, 14, 40, 40, 40, 18, 18]
        ) { page in
            try await export.forEachPage { items in
                try await page(
                    items.map { s in
                        [
                            .text(s.memberName), .text(s.memberIDNumber), .text(s.type), .text(Transfer.stateLabel(s.state)), name(Optional(s.source)),
                            name(s.destination), name(s.holder), .date(s.createdAt), s.expiresAt.map { .date($0) } ?? .empty,
                        ]
                    })
            }
        }
        let xlsx = format == "xlsx"
        let fileName = stream.name
        return Response(
            status: .ok,
            headers: [
                .contentType: xlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv; charset=utf-8",
                .contentDisposition: "attachment; filename=\"history.\(format)\"; filename*=UTF-8''\(LetterDownload.percentEncoded(fileName)).\(format)",
            ],
            body: ResponseBody { writer in
                let box = ArchiveRoutes.WriterBox(writer)
                let sink = { (data: Data) async throws in try await box.writer.write(ByteBuffer(bytes: data)) }
                if xlsx { try await stream.writeXLSX(to: sink) } else { try await stream.writeCSV(to: sink) }
                try await box.writer.finish(nil)
            })
    }

    /// The audit entries `query` selects, all of them (up to `AccountService.exportLimit`), as a
    /// spreadsheet for an inspector.
    func auditSheet(_ caller: Caller, query: AuditQuery) async throws -> Spreadsheet {
        let entries = try await api.accounts.auditLog(query: query, exported: true, in: try await api.workflow.tree(), for: caller)
        let rows: [[Spreadsheet.Value]] = entries.map { e in
            [
                .number(Double(e.seq ?? 0)), .moment(e.at), .text(e.account), .text(e.address), .text(AuditEntry.actionLabel(e.action)), .text(e.action),
                .text(e.target), .text(e.outcome),
            ]
        }
        return Spreadsheet(name: "审计日志", headers: ["序号", "时间", "账号", "地址", "操作", "操作代码", "对象", "结果"], rows: rows)
    }

    func addLists(to router: Router<AppRequestContext>) {
        router.get("/history") { request, context in
            guard let caller = caller(context) else { return signIn() }
            let q = request.uri.queryParameters
            let outgoing = q["direction"] != "in"
            let value = { (name: String) -> String in q[Substring(name)].map { String($0) } ?? "" }
            // A filter that cannot be read is said so over an empty table, the form kept as typed:
            // dropping it would show the whole history as if it were the filtered one.
            var problem: APIError?
            func read<T>(_ name: String, _ parse: (String, String) throws(APIError) -> T) -> T? {
                guard !value(name).isEmpty else { return nil }
                do throws(APIError) { return try parse(value(name), name) } catch {
                    problem = error
                    return nil
                }
            }
            let sex = read("sex") { text, field throws(APIError) -> String in
                guard text == "男" || text == "女" else { throw APIError(.badRequest, code: "invalid", message: "性别应为 男 或 女", field: field) }
                return text
            }
            let ethnicity = read("ethnicity") { text, field throws(APIError) -> String in
                guard FieldRules.ethnicity(text) != nil else {
                    throw APIError(.badRequest, code: "invalid", message: "“\(text.prefix(20))”不是 56 个民族之一", field: field)
                }
                return text
            }
            let filter = HistoryFilter(
                name: value("name"), idNumber: value("idNumber"), type: read("type", TransferType.parse),
                from: read("from", ChinaDay.parse), until: read("until", ChinaDay.parse),
                includeDescendants: q["descendants"] != "false",
                source: value("source").isEmpty ? nil : OrganizationID(value("source")),
                destination: value("destination").isEmpty ? nil : OrganizationID(value("destination")),
                sex: sex, ethnicity: ethnicity)
            let format = q["format"].map(String.init).flatMap { $0 == "csv" || $0 == "xlsx" ? $0 : nil }
            if problem == nil, let format {
                let export = try await api.workflow.historyExport(outgoing: outgoing, filter: filter, for: caller)
                return try await historyDownload(export, outgoing: outgoing, format: format)
            }
            let items = problem != nil ? [] : try await api.workflow.history(outgoing: outgoing, filter: filter, for: caller)
            let tree = try await api.workflow.tree()
            let mine = tree.depthFirst(caller.account.organization).filter { tree.organizations[$0]?.isRevoked != true }
            let filters = FilterFields([
                .init(label: "姓名", name: "name", kind: .text(value: value("name"), size: 8)),
                .init(label: "身份证号码", name: "idNumber", kind: .text(value: value("idNumber"), size: 18)),
                .init(
                    label: "类型", name: "type",
                    kind: .select(TransferType.allCases.map { .init(value: $0.rawValue, selected: $0.rawValue == value("type")) })),
                // 转出单位 lies in the caller's subtree for the outgoing history, 接收单位 for the incoming;
                // the other end may be anywhere, typed as its code.
                .init(
                    label: outgoing ? "转出单位（含下级）" : "接收单位（含下级）", name: outgoing ? "source" : "destination",
                    kind: .select(
                        mine.map {
                            .init(
                                value: $0.rawValue, text: tree.organizations[$0]?.name ?? $0.rawValue,
                                selected: $0.rawValue == value(outgoing ? "source" : "destination"))
                        })),
                .init(
                    label: outgoing ? "接收单位编码（含下级）" : "转出单位编码（含下级）", name: outgoing ? "destination" : "source",
                    kind: .text(value: value(outgoing ? "destination" : "source"), size: 12)),
                .init(label: "性别", name: "sex", kind: .select(["男", "女"].map { .init(value: $0, selected: $0 == value("sex")) })),
                .init(label: "民族", name: "ethnicity", kind: .text(value: value("ethnicity"), size: 6)),
                .init(
                    label: "范围", name: "descendants",
                    kind: .select([.init(value: "false", text: "仅本组织", selected: value("descendants") == "false")])),
                .init(label: "自", name: "from", kind: .text(value: value("from"), size: 10, date: true)),
                .init(label: "至", name: "until", kind: .text(value: value("until"), size: 10, date: true)),
            ])
            var export = request.uri.string
            export += export.contains("?") ? "&format=" : "?format="
            return page(
                TablePage(
                    heading: outgoing ? "转出历史" : "接收历史", filters: filters,
                    hidden: [.init(name: "direction", value: outgoing ? "out" : "in")], export: export,
                    headers: Self.summaryHeaders, rows: try await summaryRows(items)),
                title: outgoing ? "转出历史" : "接收历史", context: context, error: problem?.message, status: problem?.status ?? .ok)
        }
        router.get("/views/:view") { _, context in
            guard let caller = caller(context) else { return signIn() }
            let view = WorkflowService.ActedView(rawValue: try context.parameters.require("view")) ?? .mine
            let names: [WorkflowService.ActedView: String] = [.mine: "本组织办理的（已办）", .subordinates: "下级组织办理的", .automatic: "自动审批的"]
            let items = try await api.workflow.acted(view: view, for: caller)
            return page(
                TablePage(
                    heading: "查看转接情况 · \(names[view]!)",
                    tabs: WorkflowService.ActedView.allCases.map { .init(text: names[$0]!, link: "/views/\($0.rawValue)") },
                    headers: Self.summaryHeaders, rows: try await summaryRows(items)),
                title: "查看转接情况", context: context)
        }
        router.get("/statistics") { request, context in
            guard let caller = caller(context) else { return signIn() }
            let q = request.uri.queryParameters
            let value = { (name: String) -> String in q[Substring(name)].map { String($0) } ?? "" }
            let year = ChinaDay.year(at: api.workflow.clock.now())
            let fromText = value("from").isEmpty ? year.first : value("from")
            let untilText = value("until").isEmpty ? year.last : value("until")
            let from: Date
            let until: Date
            do {
                from = try ChinaDay.parse(fromText, field: "from")
                until = try ChinaDay.parse(untilText, field: "until")
            } catch let error as APIError {
                return notice("统计", error: "统计期间：" + error.message, status: error.status, context: context)
            }
            let format = q["format"].map(String.init).flatMap { $0 == "csv" || $0 == "xlsx" ? $0 : nil }
            let s = try await api.workflow.statistics(from: from, until: until, exported: format != nil, for: caller)
            let heading = "分组统计：\(fromText) 至 \(untilText)，共 \(s.total) 人"
            if let format {
                let sheet = Spreadsheet(
                    name: "分组统计", headers: ["分组", "取值", "人数", "占比"],
                    rows: s.groups.flatMap { group in
                        group.counts.map { value, count -> [Spreadsheet.Value] in
                            [
                                .text(group.title), .text(value), .number(Double(count)),
                                .text(String(format: "%.1f%%", 100 * Double(count) / Double(max(1, s.total)))),
                            ]
                        }
                    })
                return try await Self.download(
                    sheet, format: String(format), fileName: "分组统计-\(fromText)-\(untilText)",
                    asciiName: "statistics")
            }
            let base = "/statistics?from=\(fromText)&until=\(untilText)&format="
            return page(
                StatisticsPage(
                    heading: heading, from: fromText, until: untilText, xlsx: base + "xlsx", csv: base + "csv", charts: StatisticsCharts(s.groups)),
                title: "分组统计", context: context)
        }
        @Sendable func noticesPage(_ caller: Caller, _ context: AppRequestContext, typed: String? = nil, error: String? = nil) async throws -> Response {
            let notices = try await api.workflow.notices(for: caller)
            var address = typed ?? ""
            if typed == nil { address = try await api.workflow.noticeAddress(for: caller) ?? "" }
            return page(
                TablePage(
                    heading: "通知（有转接等待本组织办理时）", address: .init(csrf: context.csrf, email: address), headers: ["时间", "内容", "投递"],
                    rows: TableRows(
                        notices.map { n in
                            [
                                Cell(text: n.at.chinaMinute), Cell(text: n.text, link: "/transfers/\(n.transferID)"),
                                Cell(text: n.deliveredAt.map { "已送出 " + $0.chinaMinute } ?? "—"),
                            ]
                        })),
                title: "通知", context: context, error: error, status: error == nil ? .ok : .unprocessableContent)
        }
        router.get("/notices") { _, context in
            guard let caller = caller(context) else { return signIn() }
            return try await noticesPage(caller, context)
        }
        router.post("/notices/address") { request, context in
            guard let caller = caller(context) else { return signIn() }
            let typed = try await form(request)["email"] ?? ""
            do {
                try await api.workflow.setNoticeAddress(typed, for: caller)
                return Self.redirect("/notices", flash: typed.trimmingCharacters(in: .whitespaces).isEmpty ? "已清除通知邮箱" : "已保存通知邮箱")
            } catch let error as WorkflowError where error.code == .invalid {
                return try await noticesPage(caller, context, typed: typed, error: error.message)
            }
        }
        router.get("/not-reported") { _, context in
            guard let caller = caller(context) else { return signIn() }
            let items = try await api.workflow.notReported(for: caller)
            return page(
                TablePage(heading: "已接收、尚未报到的党员", headers: Self.summaryHeaders, rows: try await summaryRows(items)),
                title: "未报到", context: context)
        }
        router.get("/audit") { request, context in
            guard let caller = caller(context) else { return signIn() }
            let query: AuditQuery
            do {
                query = try AuditQuery(request, form: true)
            } catch let error as APIError {
                return notice("审计日志", error: error.message, status: error.status, context: context)
            }
            let q = request.uri.queryParameters
            if let format = q["format"], format == "csv" || format == "xlsx" {
                let sheet = try await auditSheet(caller, query: query)
                return try await Self.download(sheet, format: String(format), fileName: sheet.name, asciiName: "audit")
            }
            let entries = try await api.accounts.auditLog(query: query, in: try await api.workflow.tree(), for: caller)
            let rows = TableRows(
                entries.map { e in
                    [
                        Cell(text: e.seq.map(String.init) ?? ""), Cell(text: Spreadsheet.display(.moment(e.at))), Cell(text: e.account),
                        Cell(text: e.address), Cell(text: "\(AuditEntry.actionLabel(e.action))（\(e.action)）"), Cell(text: e.target),
                        Cell(text: e.outcome),
                    ]
                })
            let value = { (name: String) -> String in q[Substring(name)].map { String($0) } ?? "" }
            let kept = ["account", "action", "target", "from", "until"].filter { !value($0).isEmpty }
                .map { "\($0)=\(LetterDownload.percentEncoded(value($0)))" }
            let filters = FilterFields([
                .init(label: "账号", name: "account", kind: .text(value: value("account"), size: 12)),
                .init(label: "操作代码", name: "action", kind: .text(value: value("action"), size: 14)),
                .init(label: "对象", name: "target", kind: .text(value: value("target"), size: 20)),
                .init(label: "自", name: "from", kind: .text(value: value("from"), size: 10, date: true)),
                .init(label: "至", name: "until", kind: .text(value: value("until"), size: 10, date: true)),
            ])
            var table = TablePage(
                heading: "审计日志（只读、只增；最新的在前）", filters: filters, export: "/audit?" + (kept + ["format="]).joined(separator: "&"),
                headers: ["序号", "时间", "账号", "地址", "操作", "对象", "结果"], rows: rows)
            // A full page means there may be more: the link goes on from the oldest one shown.
            if entries.count == query.limit, let oldest = entries.last?.seq {
                table.more = .init(text: "更早的记录", link: "/audit?" + (kept + ["before=\(oldest)"]).joined(separator: "&"))
            }
            return page(table, title: "审计日志", context: context)
        }
        router.get("/accounts") { request, context in
            guard let caller = caller(context) else { return signIn() }
            // Role, subtree and the audit entry are the account service's.
            let tree = try await api.workflow.tree()
            let rows = TableRows(
                try await api.accounts.accounts(in: tree, for: caller).map { a in
                    let action = { (path: String, label: String) in TableRows.Action(path: path, label: label, name: a.name, csrf: context.csrf) }
                    let actions =
                        a.name == caller.account.name
                        ? [] : [action("/accounts/reset", "重置"), a.disabled ? action("/accounts/enable", "启用") : action("/accounts/disable", "停用")]
                    return [
                        Cell(text: a.name), Cell(text: a.role.label),
                        Cell(text: "\(tree.organizations[a.organization]?.name ?? a.organization.rawValue)（\(a.organization.rawValue)）"),
                        Cell(text: a.disabled ? "已停用" : a.active ? "已激活" : "待激活"), Cell(actions: actions),
                    ]
                })
            let orgs = try await api.workflow.organizations(for: caller, roles: [.securityOfficer], audit: nil).map { o, depth in
                (id: o.id.rawValue, name: String(repeating: "　", count: depth) + o.name)
            }
            return page(
                TablePage(
                    heading: "账号管理",
                    create: .init(action: "/accounts", csrf: context.csrf, fields: [(label: "登录名", name: "name")], organizations: orgs),
                    headers: ["登录名", "角色", "组织", "状态", ""], rows: rows),
                title: "账号管理", context: context)
        }
        router.post("/accounts") { request, context in
            guard let caller = caller(context) else { return signIn() }
            let fields = try await form(request)
            guard let role = Role(rawValue: fields["role"] ?? "") else {
                return notice("账号管理", error: "角色应为管理员、审计员或安全员", status: .unprocessableContent, context: context)
            }
            // Role, subtree, the name's rules, the account and its audit entry are the service's.
            let code = try await api.accounts.createAccount(
                name: fields["name"] ?? "", role: role, organization: OrganizationID(fields["organization"] ?? ""),
                tree: try await api.workflow.tree(), for: caller)
            return Self.redirect("/accounts", flash: "已创建账号 \(fields["name"] ?? "")，授权码 \(code)（7 天内有效，交本人设置密码）")
        }
        router.post("/accounts/reset") { request, context in
            guard let caller = caller(context) else { return signIn() }
            let name = try await form(request)["name"] ?? ""
            // Role, subtree, the change and its audit entry are the account service's.
            let code = try await api.accounts.reset(name, tree: try await api.workflow.tree(), for: caller)
            return Self.redirect("/accounts", flash: "已重置账号 \(name)：原密码和所有登录已失效，新授权码 \(code)（7 天内有效，交本人设置密码）")
        }
        for (path, disabled) in [("/accounts/disable", true), ("/accounts/enable", false)] {
            router.post(RouterPath(path)) { request, context in
                guard let caller = caller(context) else { return signIn() }
                let name = try await form(request)["name"] ?? ""
                try await api.accounts.setDisabled(name, disabled, tree: try await api.workflow.tree(), for: caller)
                return Self.redirect("/accounts", flash: disabled ? "已停用账号 \(name)，其登录已全部失效" : "已启用账号 \(name)")
            }
        }
        router.get("/permissions") { request, context in
            guard let caller = caller(context) else { return signIn() }
            let orgs = try await api.workflow.organizations(for: caller, roles: [.securityOfficer], audit: "view-permissions").map {
                o, depth -> [String: Any] in
                [
                    "id": o.id.rawValue, "name": o.name, "indent": String(repeating: "　", count: depth),
                    "national": o.permissions.national ? "是" : "—", "provincial": o.permissions.provincial ? "是" : "—",
                    "may": o.permissions.mayTransfer, "auto": o.permissions.autoApprove, "csrf": context.csrf,
                ]
            }
            return page("permissions", title: "转接权限", ["orgs": orgs], context: context)
        }
        router.post("/permissions") { request, context in
            guard let caller = caller(context) else { return signIn() }
            let fields = try await form(request)
            // Role, subtree, the change and its audit entry are the service's.
            _ = try await api.workflow.setPermissions(
                of: OrganizationID(fields["id"] ?? ""), mayTransfer: fields["mayTransfer"] == "yes",
                autoApprove: fields["autoApprove"] == "yes", for: caller)
            return Self.redirect("/permissions", flash: "已保存")
        }
    }
}
