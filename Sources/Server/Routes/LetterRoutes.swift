import Foundation
import Hummingbird
import Render
import Workflow

/// Letter downloads and the printer profiles they are overprinted with.
///
/// `GET /api/transfers/:id/letters/:hop` serves the letter as issued (its stored bytes) when
/// the caller may see all three parts and asks for nothing else; `parts=stub,letter,receipt`
/// picks a part set, `template=two` the values-only overprint, `printer=NAME` one of the caller's
/// organization's printer profiles, `layout=NAME` one of its print layouts (its layout in use
/// otherwise); `part=receipt` is the receipt as returned by the receiver.
struct LetterRoutes {
    let api: APIRoutes
    let cache: IssuedLetterCache

    /// What a download asks for, read from its query.
    struct Variant {
        var parts: Set<LetterPart>?
        var template: LetterTemplate
        var printer: String?
        var layout: String?
        var returnedReceipt: Bool

        init(_ query: [String: String]) throws {
            if let part = query["part"], part != "receipt" {
                throw APIError(.badRequest, code: "invalid", message: "part 只能是 receipt（退回的回执）", field: "part")
            }
            returnedReceipt = query["part"] == "receipt"
            if let text = query["parts"] {
                var parts = Set<LetterPart>()
                for name in text.split(separator: ",") {
                    guard let part = LetterPart(rawValue: String(name)) else {
                        throw APIError(.badRequest, code: "invalid", message: "parts 只能是 stub、letter、receipt 的组合，实为“\(name)”", field: "parts")
                    }
                    parts.insert(part)
                }
                guard !parts.isEmpty else { throw APIError(.badRequest, code: "invalid", message: "parts 不能为空", field: "parts") }
                self.parts = parts
            }
            guard let template = LetterTemplate(rawValue: query["template"] ?? "one") else {
                throw APIError(.badRequest, code: "invalid", message: "template 应为 one 或 two", field: "template")
            }
            self.template = template
            printer = query["printer"].flatMap { $0.isEmpty ? nil : $0 }
            // Checked whatever else is asked, so that a name is refused the same way everywhere.
            if let printer, printer.unicodeScalars.count > Limits.printerName {
                throw APIError(.badRequest, code: "invalid", message: "打印机名称应为 1 至 \(Limits.printerName) 个字", field: "printer")
            }
            layout = query["layout"].flatMap { $0.isEmpty ? nil : $0 }
            if let layout, layout.unicodeScalars.count > Limits.layoutName {
                throw APIError(.badRequest, code: "invalid", message: "版式名称应为 1 至 \(Limits.layoutName) 个字", field: "layout")
            }
        }

        /// What the service is asked for.
        var request: LetterRequest {
            LetterRequest(parts: parts, template: template, printer: printer, returnedReceipt: returnedReceipt, layout: layout)
        }

        /// The file-name suffix naming the variant.
        func suffix(_ parts: Set<LetterPart>) -> String {
            var s = ""
            if parts != Set(LetterPart.allCases) {
                let names: [LetterPart: String] = [.stub: "存根", .letter: "介绍信", .receipt: "回执"]
                s += "-" + LetterPart.allCases.filter(parts.contains).compactMap { names[$0] }.joined(separator: "+")
            }
            if template == .two { s += "-套打" }
            if let layout { s += "-\(layout)" }
            if let printer { s += "-\(printer)" }
            return s
        }
    }

    /// The largest letter number in a path (`openapi.json` says the same).
    static let maxHop: Int64 = 1000

    func add(to signedIn: RouterGroup<SignedInContext>) {
        let workflow = api.workflow
        signedIn.get("/api/transfers/:id/letters/:hop") { request, context in
            try await api.handling {
                let caller = context.caller
                let hop = try IntegerParameter.path(context, "hop", in: 1...Self.maxHop)
                var query: [String: String] = [:]
                for (k, v) in request.uri.queryParameters { query[String(k)] = String(v) }
                let variant = try Variant(query)
                // Role, subtree, the letter's parts, the printer and the audit entry (or the
                // refusal's) are the service's; what is left here is the file.
                let grant = try await workflow.letterGrant(try context.parameters.require("id"), hop: Int(hop), request: variant.request, for: caller)
                return try await download(grant, variant: variant, request: request)
            }
        }
        PrinterRoutes(api: api).add(to: signedIn)
        LayoutRoutes(api: api).add(to: signedIn)
    }

    /// The file `grant` allows, named for the person saving it.
    private func download(_ grant: LetterGrant, variant: Variant, request: Request) async throws -> Response {
        let workflow = api.workflow
        let id = grant.transfer.id
        let number = grant.number
        let memberName = grant.transfer.memberName
        if variant.returnedReceipt {
            let letter = try await workflow.letter(id, hop: grant.hop)
            guard let pdf = letter.receiptPDF, let sha = letter.receiptSHA256 else {
                throw APIError(.notFound, code: "not-found", message: "没有这封介绍信退回的回执")
            }
            return LetterDownload.response(
                pdf: pdf, sha256: sha, fileName: "介绍信-第\(number)号-\(memberName)-回执",
                asciiName: "letter-\(number)-receipt", ifNoneMatch: request.headers[.ifNoneMatch])
        }
        let parts = grant.parts
        let fileName = "介绍信-第\(number)号-\(memberName)\(variant.suffix(parts))"
        let ascii =
            "letter-\(number)" + (grant.isIssuedFile ? "" : "-" + LetterPart.allCases.filter(parts.contains).map(\.rawValue).joined(separator: "-"))
            + (variant.template == .two ? "-overprint" : "")
        if grant.isIssuedFile {
            let letter = try await cache.letter(id, hop: grant.hop) { try await workflow.letter(id, hop: grant.hop) }
            return LetterDownload.response(
                pdf: letter.pdf, sha256: letter.sha256, fileName: fileName, asciiName: ascii,
                ifNoneMatch: request.headers[.ifNoneMatch])
        }
        let printed = try await workflow.print(grant)
        return LetterDownload.response(
            pdf: printed.pdf, sha256: printed.sha256, fileName: fileName, asciiName: ascii,
            ifNoneMatch: request.headers[.ifNoneMatch])
    }
}
