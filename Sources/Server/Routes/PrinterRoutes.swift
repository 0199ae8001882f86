import Foundation
import Hummingbird
import Render
import Workflow

/// The printer profiles of the caller's organization: the shift each of its printers needs so
/// that template two lands in the blanks of the pre-printed sheets, and its calibration sheet.
struct PrinterRoutes {
    let api: APIRoutes

    struct ProfileRequest: Decodable {
        let offsetX: Double
        let offsetY: Double
        let scale: Double?
    }

    /// The `:name` path segment: a printer's name.
    func printerName(_ context: some RequestContext) throws -> String {
        try APIError.pathName(context, max: Limits.printerName, what: "打印机名称")
    }

    func add(to signedIn: RouterGroup<SignedInContext>) {
        let workflow = api.workflow
        signedIn.get("/api/printers") { _, context in
            try await api.handling {
                try api.json(try await workflow.printerProfiles(for: context.caller))
            }
        }
        signedIn.put("/api/printers/:name") { request, context in
            try await api.handling {
                let caller = context.caller
                let name = try printerName(context)
                let body = try await request.decode(as: ProfileRequest.self, context: context)
                let profile = PrinterProfile(name: name, offsetX: body.offsetX, offsetY: body.offsetY, scale: body.scale)
                // Role, the profile's rules, the change and its audit entry are the service's.
                try await workflow.savePrinterProfile(profile, for: caller)
                return try api.json(profile)
            }
        }
        signedIn.delete("/api/printers/:name") { _, context in
            try await api.handling {
                try await workflow.deletePrinterProfile(named: try printerName(context), for: context.caller)
                return Response(status: .noContent)
            }
        }
        signedIn.get("/api/printers/:name/calibration") { _, context in
            try await api.handling {
                let sheet = try await workflow.calibrationSheet(printer: try printerName(context), for: context.caller)
                return response(sheet)
            }
        }
        // A printer not yet set up calibrates from zero: that is how its profile is found. It has
        // its own address so that a printer's address answers only while its profile exists.
        signedIn.get("/api/calibration") { _, context in
            try await api.handling {
                response(try await workflow.calibrationSheet(printer: nil, for: context.caller))
            }
        }
    }

    private func response(_ sheet: (name: String, pdf: Data)) -> Response {
        let file = LetterDownload.percentEncoded("套打校准页-" + sheet.name + ".pdf")
        return Response(
            status: .ok,
            headers: [
                .contentType: "application/pdf",
                .contentDisposition: "inline; filename=\"calibration.pdf\"; filename*=UTF-8''\(file)",
            ],
            body: .init(byteBuffer: ByteBuffer(bytes: sheet.pdf)))
    }
}
