import Foundation
import Hummingbird
import Workflow

/// The 党组织 pages (register spec §1): the subtree as a tree, an organization's form (create
/// below one's own, edit), delete what was made by mistake, revoke. The rules are the
/// organizations sheet's, applied by the service.
extension PageRoutes {
    /// The form's fields as the API names them, with their labels, values and rules.
    static let organizationFields: [(key: String, label: String, size: Int, rule: String)] = [
        ("code", "党组织统一编码代码", 22, "数字，通常为上级编码后加 2–4 位"), ("parent", "上级党组织", 22, ""),
        ("name", "党组织名称", 40, "全称；本组织的名称由上级修改"), ("shortName", "简称", 20, ""), ("category", "组织类别", 0, "下级的类别不能高于上级"),
        ("secretary", "党组织书记", 10, ""), ("contact", "党组织联系人", 10, "必填"), ("phone", "联系电话", 16, "手机，或带区号的固定电话"),
        ("letterhead", "介绍信抬头", 30, "留空则同全称"), ("address", "通讯地址", 40, "基层党委（611）必填"), ("fax", "传真", 16, "基层党委必填"),
        ("postcode", "邮编", 8, "基层党委必填"), ("units", "所在单位统一社会信用代码", 40, "多个用“；”分隔；须已在名册中"),
    ]

    func organizationForm(
        _ values: [String: String], heading: String, action: String, button: String, editing: OrganizationID?,
        subordinate: Bool, context: AppRequestContext
    ) -> [String: Any] {
        let fields = Self.organizationFields.map { field -> [String: Any] in
            var item: [String: Any] = [
                "name": field.key, "label": field.label, "value": values[field.key] ?? "", "size": field.size, "rule": field.rule,
                "readonly": editing != nil && (field.key == "code" || field.key == "parent"),
            ]
            if field.key == "category" {
                let current = values["category"].flatMap(OrganizationCategory.parse)
                item["choices"] = [
                    "options": OrganizationCategory.allCases.map { c in
                        ["value": c.rawValue, "text": "\(c.rawValue) \(c.label)", "selected": c == current] as [String: Any]
                    }
                ]
            }
            return item
        }
        return [
            "heading": heading, "action": action, "button": button, "csrf": context.csrf, "fields": fields,
            "subordinate": subordinate ? ["id": editing?.rawValue ?? "", "csrf": context.csrf] as Any : false,
        ]
    }

    /// An organization's fields as the form shows them.
    static func values(of o: Organization) -> [String: String] {
        [
            "code": o.id.rawValue, "parent": o.parentID?.rawValue ?? "", "name": o.name, "shortName": o.register?.shortName ?? "",
            "category": o.category.rawValue, "secretary": o.register?.secretary ?? "", "contact": o.contact?.person ?? "", "phone": o.contact?.phone ?? "",
            "letterhead": o.letterhead, "address": o.contact?.address ?? "", "fax": o.contact?.fax ?? "", "postcode": o.contact?.postcode ?? "",
            "units": (o.register?.unitCodes ?? []).joined(separator: "；"),
        ]
    }

    func addOrganizations(to router: Router<AppRequestContext>) {
        router.get("/organizations") { _, context in
            guard let caller = caller(context) else { return signIn() }
            let orgs = try await api.workflow.organizations(for: caller, roles: [.administrator], audit: "view-organizations").map {
                o, depth -> [String: String] in
                [
                    "id": o.id.rawValue, "name": o.name, "indent": String(repeating: "　", count: depth),
                    "category": "\(o.category.rawValue) \(o.category.label)",
                    "contact": o.contact?.person ?? "", "phone": o.contact?.phone ?? "",
                ]
            }
            return page("organizations", title: "党组织", ["orgs": orgs], context: context)
        }
        router.get("/organizations/new") { _, context in
            guard let caller = caller(context) else { return signIn() }
            try await api.workflow.authorizeTransfers(for: caller, action: "create-organization")
            return page(
                "organization", title: "新增党组织",
                organizationForm(
                    ["parent": caller.account.organization.rawValue, "category": "631"],
                    heading: "新增下级党组织", action: "/organizations/new", button: "新增",
                    editing: nil, subordinate: false, context: context), context: context)
        }
        router.post("/organizations/new") { request, context in
            guard let caller = caller(context) else { return signIn() }
            var fields = try await form(request)
            fields["_csrf"] = nil
            let values = fields.filter { Self.organizationFields.map(\.key).contains($0.key) }
            do {
                let org = try await api.workflow.createOrganization(values, for: caller)
                return Self.redirect("/organizations/\(org.id.rawValue)", flash: "已新增 \(org.name)")
            } catch let error as WorkflowError where error.code == .invalid {
                return page(
                    "organization", title: "新增党组织",
                    organizationForm(
                        values, heading: "新增下级党组织", action: "/organizations/new", button: "新增",
                        editing: nil, subordinate: false, context: context),
                    context: context, error: error.message, status: .unprocessableContent)
            }
        }
        router.get("/organizations/:id") { _, context in
            guard let caller = caller(context) else { return signIn() }
            let id = OrganizationID(try context.parameters.require("id"))
            let org = try await api.workflow.organizations(for: caller, roles: [.administrator], audit: nil).first { $0.organization.id == id }?.organization
            guard let org else {
                throw WorkflowError(.notFound, field: "id", rule: "subtree", "本账号的下级中没有组织 \(Limits.clipped(id.rawValue, to: Limits.identifier))")
            }
            var values = organizationForm(
                Self.values(of: org), heading: org.name, action: "/organizations/\(id.rawValue)",
                button: "保存修改", editing: id, subordinate: id != caller.account.organization, context: context)
            values["sheet"] = "/api/organizations/\(LetterDownload.percentEncoded(id.rawValue))/collection-sheet"
            return page("organization", title: org.name, values, context: context)
        }
        router.post("/organizations/:id") { request, context in
            guard let caller = caller(context) else { return signIn() }
            let id = OrganizationID(try context.parameters.require("id"))
            let values = try await form(request).filter { Self.organizationFields.map(\.key).contains($0.key) && $0.key != "code" && $0.key != "parent" }
            do {
                let org = try await api.workflow.editOrganization(id, values, for: caller)
                return Self.redirect("/organizations/\(org.id.rawValue)", flash: "已保存")
            } catch let error as WorkflowError where error.code == .invalid {
                return page(
                    "organization", title: "修改党组织",
                    organizationForm(
                        values.merging(["code": id.rawValue]) { a, _ in a }, heading: "修改党组织",
                        action: "/organizations/\(id.rawValue)", button: "保存修改", editing: id,
                        subordinate: false, context: context),
                    context: context, error: error.message, status: .unprocessableContent)
            }
        }
        router.post("/organizations/:id/delete") { _, context in
            guard let caller = caller(context) else { return signIn() }
            try await api.workflow.deleteOrganization(OrganizationID(try context.parameters.require("id")), for: caller)
            return Self.redirect("/organizations", flash: "已删除")
        }
        router.post("/organizations/:id/revoke") { request, context in
            guard let caller = caller(context) else { return signIn() }
            let fields = try await form(request)
            let org = try await api.workflow.revokeOrganization(
                OrganizationID(try context.parameters.require("id")), documentNumber: fields["documentNumber"] ?? "",
                reason: fields["reason"] ?? "", for: caller)
            return Self.redirect("/organizations", flash: "已撤销 \(org.name)")
        }
    }
}
