import Foundation
import Hummingbird
import Workflow

extension PageRoutes {
    func addArchive(to router: Router<AppRequestContext>) {
        router.get("/archive") { _, context in
            guard let caller = caller(context) else { return signIn() }
            // Who may export, and from where, is the service's to say.
            let orgs = try await api.workflow.organizations(for: caller, roles: [.administrator, .auditor], audit: "view-archive-export")
                .map { o, _ in ["id": o.id.rawValue, "name": o.name] }
            let key = try await api.workflow.exportSigningKey(for: caller)
            return page(
                "archive", title: "存档导出",
                [
                    "orgs": orgs, "publicKey": key.publicKey, "fingerprint": key.fingerprint,
                    "states": Transfer.stateCodes.map { ["code": $0, "label": Transfer.stateLabel($0)] },
                ], context: context)
        }
    }
}
