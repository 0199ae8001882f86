import Foundation
import Hummingbird
import Render
import Workflow

extension PageRoutes {
    func printerValues(_ account: Account, csrf: String) async throws -> [String: Any] {
        let printers = try await api.workflow.printerProfiles(org: account.organization).map { p -> [String: Any] in
            ["name": p.name, "offsetX": p.offsetX, "offsetY": p.offsetY, "scale": p.scale.map { "\($0)" } ?? "",
             "encoded": LetterDownload.percentEncoded(p.name), "csrf": csrf]
        }
        return ["csrf": csrf, "printers": printers]
    }

    func addPrinters(to router: Router<AppRequestContext>) {
        router.get("/printers") { request, context in
            guard let account = signedIn(context) else { return refused(context) }
            return page("printers", title: "打印机", try await printerValues(account, csrf: context.csrf), context: context)
        }
        router.post("/printers") { request, context in
            guard let account = signedIn(context) else { return refused(context) }
            let fields = try await form(request)
            guard fields["_csrf"] == context.csrf else { return csrfExpired(context) }
            let name = (fields["name"] ?? "").trimmingCharacters(in: .whitespaces)
            func number(_ key: String) -> Double? { fields[key].flatMap { Double($0.trimmingCharacters(in: .whitespaces)) } }
            let scaleText = (fields["scale"] ?? "").trimmingCharacters(in: .whitespaces)
            var error: String?
            if number("offsetX") == nil || number("offsetY") == nil {
                error = "offsetX/offsetY [number]: 偏移量应为毫米数，如 1.5 或 -2"
            } else if !scaleText.isEmpty && number("scale") == nil {
                error = "scale [number]: 缩放应为千分比数字，如 1002，或留空"
            } else {
                do {
                    try await api.workflow.savePrinterProfile(
                        PrinterProfile(name: name, offsetX: number("offsetX")!, offsetY: number("offsetY")!, scale: number("scale")),
                        org: account.organization)
                    try await api.accounts.audit(AuditEntry(at: Date(), account: account.name, address: api.address(context),
                                                            action: "save-printer", target: "\(account.organization.rawValue)/\(name)", outcome: "ok"))
                    return Self.redirect("/printers", flash: "已保存 \(name)")
                } catch let e as WorkflowError {
                    error = e.message
                }
            }
            return page("printers", title: "打印机", try await printerValues(account, csrf: context.csrf), context: context,
                        error: error, status: .unprocessableContent)
        }
        router.post("/printers/delete") { request, context in
            guard let account = signedIn(context) else { return refused(context) }
            let fields = try await form(request)
            guard fields["_csrf"] == context.csrf else { return csrfExpired(context) }
            let name = fields["name"] ?? ""
            if try await api.workflow.deletePrinterProfile(org: account.organization, name: name) {
                try await api.accounts.audit(AuditEntry(at: Date(), account: account.name, address: api.address(context),
                                                        action: "delete-printer", target: "\(account.organization.rawValue)/\(name)", outcome: "ok"))
            }
            return Self.redirect("/printers")
        }
    }
}
