import Foundation
import Hummingbird
import Workflow

/// The 党员 pages (register spec §3): browse the subtree's members, enter one (补录), edit one,
/// record a change of standing. What may be done and every rule are the service's.
extension PageRoutes {
    static let memberCategories = ["正式党员", "预备党员"]
    static let memberPosts = ["在岗职工", "农牧渔民", "学生", "离退休人员", "其他"]

    /// The form's values: the member's (or the entry typed), the choices, the caller's branches.
    func memberValues(
        _ entry: MemberEntry?, heading: String, action: String, button: String, statusAction: String? = nil,
        member: PartyMember? = nil, caller: Caller, context: AppRequestContext
    ) async throws -> [String: Any] {
        let branches = try await api.workflow.organizations(for: caller, roles: [.administrator], audit: nil)
            .filter { $0.organization.category.holdsMembers }
            .map {
                ["id": $0.organization.id.rawValue, "name": $0.organization.name, "selected": $0.organization.id.rawValue == entry?.branch] as [String: Any]
            }
        var m: [String: Any] = [:]
        if let entry {
            m = [
                "name": entry.name, "idNumber": entry.idNumber, "ethnicity": entry.ethnicity, "education": entry.education, "joinedOn": entry.joinedOn,
                "madeFullOn": entry.madeFullOn ?? "", "phone": entry.phone, "homeAddress": entry.homeAddress, "duesPaidUpTo": entry.duesPaidUpTo ?? "",
                "lostContact": entry.lostContact ?? false, "mobile": entry.mobile ?? false,
            ]
        }
        var values: [String: Any] = [
            "heading": heading, "action": action, "button": button, "csrf": context.csrf, "m": m, "branches": branches,
            "categories": Self.memberCategories.map { ["value": $0, "selected": $0 == entry?.category] },
            "posts": Self.memberPosts.map { ["value": $0, "selected": $0 == entry?.post] },
        ]
        if let statusAction { values["statusAction"] = statusAction }
        if let member { values["accountAction"] = "/members/\(member.id)/account" }
        if let member {
            values["sheet"] = "/api/members/\(member.id)/collection-sheet"
            values["formerIDs"] = (member.register?.formerIDNumbers ?? []).joined(separator: "、")
            values["records"] = member.records.map { "\(Spreadsheet.display(.date($0.at)).prefix(10)) \($0.reason)" }.joined(separator: "；")
        }
        return values
    }

    /// The entry a member's form posted.
    static func entry(_ fields: [String: String]) -> MemberEntry {
        func value(_ key: String) -> String { (fields[key] ?? "").trimmingCharacters(in: .whitespaces) }
        return MemberEntry(
            name: value("name"), idNumber: value("idNumber"), ethnicity: value("ethnicity"), education: value("education"),
            category: value("category"), branch: value("branch"), joinedOn: value("joinedOn"),
            madeFullOn: value("madeFullOn").isEmpty ? nil : value("madeFullOn"), post: value("post"), phone: value("phone"),
            homeAddress: value("homeAddress"), lostContact: fields["lostContact"] == "yes", mobile: fields["mobile"] == "yes",
            duesPaidUpTo: value("duesPaidUpTo").isEmpty ? nil : value("duesPaidUpTo"))
    }

    /// A stored member as the form shows it.
    static func entry(_ m: PartyMember) -> MemberEntry {
        MemberEntry(
            name: m.name, idNumber: m.idNumber, ethnicity: m.ethnicity, education: m.education, category: m.category == "预备" ? "预备党员" : "正式党员",
            branch: m.organization.rawValue, joinedOn: m.register?.joinedOn ?? "", madeFullOn: m.register?.madeFullOn, post: m.occupation,
            phone: m.phone, homeAddress: m.register?.homeAddress ?? "", lostContact: m.register?.lostContact, mobile: m.register?.mobile,
            duesPaidUpTo: m.register?.duesPaidUpTo)
    }

    static func statusLabel(_ status: MemberStatus) -> String {
        switch status {
        case .active: "正常"
        case .inTransfer: "转接中"
        case .stopped: "停止党籍"
        case .history(let reason):
            switch reason {
            case .movedOut: "已转出"
            case .deceased: "死亡"
            case .left: "出党"
            case .removed: "补删"
            }
        }
    }

    func addMembers(to router: Router<AppRequestContext>) {
        router.get("/members") { request, context in
            guard let caller = caller(context) else { return signIn() }
            let q = request.uri.queryParameters
            let name = q["name"].map(String.init) ?? ""
            let idNumber = q["idNumber"].map(String.init) ?? ""
            // 包含下级 unless unticked: a committee's own organization holds no members.
            let descendants = q["name"] == nil && q["idNumber"] == nil ? true : q["descendants"] == "true"
            let members = try await api.workflow.members(
                in: caller.account.organization, includeDescendants: descendants, name: name,
                idNumber: idNumber, limit: 201, for: caller)
            let tree = try await api.workflow.tree()
            let rows = members.prefix(200).map { m -> [String: String] in
                [
                    "id": m.id, "name": m.name, "idNumber": m.idNumber, "branch": tree.organizations[m.organization]?.name ?? m.organization.rawValue,
                    "category": m.category == "预备" ? "预备党员" : "正式党员", "status": Self.statusLabel(m.status),
                ]
            }
            return page(
                "members", title: "党员",
                [
                    "name": name, "idNumber": idNumber, "descendants": descendants, "rows": Array(rows),
                    "more": members.count > 200,
                ], context: context)
        }
        router.get("/members/new") { _, context in
            guard let caller = caller(context) else { return signIn() }
            try await api.workflow.authorizeTransfers(for: caller, action: "add-member")
            return page(
                "member", title: "补录党员",
                try await memberValues(
                    nil, heading: "补录党员", action: "/members/new", button: "保存",
                    caller: caller, context: context), context: context)
        }
        router.post("/members/new") { request, context in
            guard let caller = caller(context) else { return signIn() }
            let entry = Self.entry(try await form(request))
            do {
                let member = try await api.workflow.addMember(entry, for: caller)
                return Self.redirect("/members/\(member.id)", flash: "已补录 \(member.name)")
            } catch let error as WorkflowError where error.code == .invalid {
                return page(
                    "member", title: "补录党员",
                    try await memberValues(
                        entry, heading: "补录党员", action: "/members/new", button: "保存",
                        caller: caller, context: context),
                    context: context, error: error.message, status: .unprocessableContent)
            }
        }
        router.get("/members/:id") { _, context in
            guard let caller = caller(context) else { return signIn() }
            let id = try context.parameters.require("id")
            let member = try await api.workflow.member(id, for: caller)
            return page(
                "member", title: member.name,
                try await memberValues(
                    Self.entry(member), heading: "\(member.name)（\(Self.statusLabel(member.status))）",
                    action: "/members/\(member.id)", button: "保存修改",
                    statusAction: "/members/\(member.id)/status", member: member,
                    caller: caller, context: context), context: context)
        }
        router.post("/members/:id") { request, context in
            guard let caller = caller(context) else { return signIn() }
            let id = try context.parameters.require("id")
            let entry = Self.entry(try await form(request))
            do {
                let member = try await api.workflow.editMember(id, entry, for: caller)
                return Self.redirect("/members/\(member.id)", flash: "已保存")
            } catch let error as WorkflowError where error.code == .invalid {
                return page(
                    "member", title: "修改党员",
                    try await memberValues(
                        entry, heading: "修改党员", action: "/members/\(id)", button: "保存修改",
                        caller: caller, context: context),
                    context: context, error: error.message, status: .unprocessableContent)
            }
        }
        router.post("/members/:id/account") { request, context in
            guard let caller = caller(context) else { return signIn() }
            let id = try context.parameters.require("id")
            let fields = try await form(request)
            // The member is the caller's to see (or answered as none); the account's rules and audit are the service's.
            let member = try await api.workflow.member(id, for: caller)
            do {
                let code = try await api.accounts.createMemberAccount(
                    name: fields["name"] ?? "", member: member, tree: try await api.workflow.tree(), for: caller)
                return Self.redirect("/members/\(member.id)", flash: "已创建党员账号 \(fields["name"] ?? "")，授权码 \(code)（7 天内有效，交本人在登录页“激活账号”处设置密码）")
            } catch let error as WorkflowError where error.code == .invalid {
                return Self.redirect("/members/\(member.id)", flash: "未创建账号：" + error.message)
            }
        }
        router.post("/members/:id/status") { request, context in
            guard let caller = caller(context) else { return signIn() }
            let id = try context.parameters.require("id")
            let fields = try await form(request)
            guard let change = MemberStatusChange(rawValue: fields["change"] ?? "") else {
                return notice("党籍变动", error: "未知的变动：应为补删、死亡、出党或停止党籍", status: .badRequest, context: context)
            }
            let member = try await api.workflow.changeStanding(of: id, change, on: fields["date"] ?? "", note: fields["note"] ?? "", for: caller)
            return Self.redirect("/members/\(member.id)", flash: "已记录\(change.label)")
        }
    }
}
