import Foundation
import Hummingbird
import Workflow

extension PageRoutes {
    /// A member's page: their transfers (where each stands, why it came back) and the form to
    /// apply; what may be done comes from the machine, as on every page.
    func mineValues(_ caller: Caller, csrf: String) async throws -> [String: Any] {
        let tree = try await api.workflow.tree()
        let transfers = try await api.workflow.myTransfers(for: caller)
        let now = api.workflow.clock.now()
        let rows = transfers.map { t -> [String: Any] in
            var why: String?
            switch t.state {
            case .held(_, .returned(let reason)?): why = "退回原因：\(reason)"
            case .held(_, .objection(let reason)?): why = "异议：\(reason)"
            case .void(let reason, _): why = "未同意（已作废）：\(reason)"
            default: why = nil
            }
            return [
                "id": t.id, "type": t.type.rawValue, "state": t.stateLabel, "csrf": csrf, "why": why as Any,
                "holder": t.currentHolder.map { tree.organizations[$0]?.name ?? $0.rawValue } as Any,
                "recall": t.allowedOperations(for: caller.actor, tree: tree, at: now).contains(.recall),
                "log": t.log.map { ["at": $0.at.chinaMinute, "actor": tree.name(of: $0.actor), "operation": $0.operation, "note": $0.note ?? ""] },
            ]
        }
        let home = caller.account.organization
        let branches = tree.organizations.values.filter { $0.category.holdsMembers && !$0.isRevoked && $0.id != home }
            .sorted { $0.id < $1.id }.map { ["id": $0.id.rawValue, "name": $0.name] }
        return ["csrf": csrf, "transfers": rows, "branches": branches, "dues": Transfer.Application.thisMonth(Date())]
    }

    func addMine(to router: Router<AppRequestContext>) {
        router.get("/mine") { _, context in
            guard let caller = caller(context) else { return signIn() }
            return page("mine", title: "我的转接", try await mineValues(caller, csrf: context.csrf), context: context)
        }
        router.post("/mine") { request, context in
            guard let caller = caller(context) else { return signIn() }
            let fields = try await form(request)
            do {
                _ = try await api.workflow.applyForMyself(
                    to: OrganizationID(fields["to"] ?? ""), application: .init(duesPaidUpTo: fields["dues"] ?? ""),
                    for: caller)
                return Self.redirect("/mine", flash: "申请已提交，等待党支部审核")
            } catch let error as WorkflowError where error.code != .wrongRole && error.code != .storage {
                return page(
                    "mine", title: "我的转接", try await mineValues(caller, csrf: context.csrf), context: context,
                    error: error.message, status: APIError(error).status)
            }
        }
        router.post("/mine/:id/recall") { _, context in
            guard let caller = caller(context) else { return signIn() }
            _ = try await api.workflow.perform(.recall, on: try context.parameters.require("id"), for: caller)
            return Self.redirect("/mine", flash: "已撤回申请")
        }
    }
}
