import Foundation
import Hummingbird
import Render
import Workflow

/// The printer profiles of the caller's organization: the shift each of its printers needs so
/// that template two lands in the blanks of the pre-printed sheets, and its calibration sheet.
struct PrinterRoutes {
    let api: APIRoutes

    struct ProfileRequest: Decodable { let offsetX: Double; let offsetY: Double; let scale: Double? }

    /// The `:name` path segment, percent-decoded (Hummingbird hands it over as sent).
    func printerName(_ context: AppRequestContext) throws -> String {
        let raw = try context.parameters.require("name")
        let name = raw.removingPercentEncoding ?? raw
        guard (1...40).contains(name.unicodeScalars.count) else {
            throw APIError(.badRequest, code: "invalid", message: "打印机名称应为 1 至 40 个字", field: "name")
        }
        return name
    }

    func add(to router: Router<AppRequestContext>) {
        let workflow = api.workflow
        router.get("/api/printers") { _, context in
            try await api.handling {
                let account = try api.administrator(context)
                return try api.json(try await workflow.printerProfiles(org: account.organization))
            }
        }
        router.put("/api/printers/:name") { request, context in
            try await api.handling {
                let account = try api.administrator(context)
                let name = try printerName(context)
                let body = try await request.decode(as: ProfileRequest.self, context: context)
                let profile = PrinterProfile(name: name, offsetX: body.offsetX, offsetY: body.offsetY, scale: body.scale)
                try await workflow.savePrinterProfile(profile, org: account.organization)
                try await api.accounts.audit(AuditEntry(at: Date(), account: account.name, address: api.address(context),
                                                        action: "save-printer", target: "\(account.organization.rawValue)/\(name)",
                                                        outcome: "ok"))
                return try api.json(profile)
            }
        }
        router.delete("/api/printers/:name") { _, context in
            try await api.handling {
                let account = try api.administrator(context)
                let name = try printerName(context)
                guard try await workflow.deletePrinterProfile(org: account.organization, name: name) else {
                    throw APIError(.notFound, code: "not-found", message: "本组织没有名为“\(name)”的打印机设置", field: "name")
                }
                try await api.accounts.audit(AuditEntry(at: Date(), account: account.name, address: api.address(context),
                                                        action: "delete-printer", target: "\(account.organization.rawValue)/\(name)",
                                                        outcome: "ok"))
                return Response(status: .noContent)
            }
        }
        router.get("/api/printers/:name/calibration") { _, context in
            try await api.handling {
                let account = try api.administrator(context)
                let name = try printerName(context)
                guard let profile = try await workflow.printerProfile(org: account.organization, name: name) else {
                    throw APIError(.notFound, code: "not-found",
                                   message: "本组织没有名为“\(name)”的打印机设置；新打印机先打印未校准的校准页（/api/calibration）", field: "name")
                }
                return try await sheet(profile)
            }
        }
        // A printer not yet set up calibrates from zero: that is how its profile is found. It has
        // its own address so that a printer's address answers only while its profile exists.
        router.get("/api/calibration") { _, context in
            try await api.handling {
                _ = try api.administrator(context)
                return try await sheet(.uncalibrated("未校准"))
            }
        }
    }

    private func sheet(_ profile: PrinterProfile) async throws -> Response {
        let pdf = try await api.workflow.calibrationSheet(profile)
        let file = LetterDownload.percentEncoded("套打校准页-" + profile.name + ".pdf")
        return Response(status: .ok, headers: [.contentType: "application/pdf",
                                               .contentDisposition: "inline; filename=\"calibration.pdf\"; filename*=UTF-8''\(file)"],
                        body: .init(byteBuffer: ByteBuffer(bytes: pdf)))
    }
}
