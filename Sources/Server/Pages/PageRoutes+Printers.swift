import Foundation
import Hummingbird
import Render
import Workflow

extension PageRoutes {
    func printerValues(_ caller: Caller, csrf: String) async throws -> [String: Any] {
        let printers = try await api.workflow.printerProfiles(for: caller).map { p -> [String: Any] in
            [
                "name": p.name, "offsetX": p.offsetX, "offsetY": p.offsetY, "scale": p.scale.map { "\($0)" } ?? "",
                "encoded": LetterDownload.percentEncoded(p.name), "csrf": csrf,
            ]
        }
        return ["csrf": csrf, "printers": printers]
    }

    func addPrinters(to router: Router<AppRequestContext>) {
        router.get("/printers") { request, context in
            guard let caller = caller(context) else { return signIn() }
            return page("printers", title: "打印机", try await printerValues(caller, csrf: context.csrf), context: context)
        }
        router.post("/printers") { request, context in
            guard let caller = caller(context) else { return signIn() }
            let fields = try await form(request)
            let name = (fields["name"] ?? "").trimmingCharacters(in: .whitespaces)
            func number(_ key: String) -> Double? { fields[key].flatMap { Double($0.trimmingCharacters(in: .whitespaces)) } }
            let scaleText = (fields["scale"] ?? "").trimmingCharacters(in: .whitespaces)
            var error: String?
            if number("offsetX") == nil || number("offsetY") == nil {
                error = "偏移量应为毫米数，如 1.5 或 -2"
            } else if !scaleText.isEmpty && number("scale") == nil {
                error = "缩放应为千分比数字，如 1002，或留空"
            } else {
                do {
                    // Role, the profile's rules, the change and its audit entry are the service's.
                    try await api.workflow.savePrinterProfile(
                        PrinterProfile(name: name, offsetX: number("offsetX")!, offsetY: number("offsetY")!, scale: number("scale")), for: caller)
                    return Self.redirect("/printers", flash: "已保存 \(name)")
                } catch let e as WorkflowError where e.code == .invalid {
                    error = e.message
                }
            }
            return page(
                "printers", title: "打印机", try await printerValues(caller, csrf: context.csrf), context: context,
                error: error, status: .unprocessableContent)
        }
        router.post("/printers/delete") { request, context in
            guard let caller = caller(context) else { return signIn() }
            let fields = try await form(request)
            try await api.workflow.deletePrinterProfile(named: fields["name"] ?? "", for: caller)
            return Self.redirect("/printers")
        }
    }
}
