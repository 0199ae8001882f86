import Foundation
import Hummingbird
import Workflow

extension PageRoutes {
    func addArchive(to router: Router<AppRequestContext>) {
        router.get("/archive") { _, context in
            guard context.viaCookie, let account = context.account else { return Self.redirect("/login") }
            guard account.role == .administrator || account.role == .auditor else {
                return notice("存档导出", error: "只有管理员和审计员可以导出存档", status: .forbidden, context: context)
            }
            let tree = try await api.workflow.tree()
            let orgs = tree.depthFirst(account.organization).compactMap { tree.organizations[$0] }.map { ["id": $0.id.rawValue, "name": $0.name] }
            let key = try await api.workflow.exportSigningKey()
            return page("archive", title: "存档导出", ["orgs": orgs, "publicKey": key.publicKey, "fingerprint": key.fingerprint,
                                                    "states": Transfer.stateCodes.map { ["code": $0, "label": Transfer.stateLabel($0)] }], context: context)
        }
    }
}
