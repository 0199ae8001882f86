import Foundation
import Hummingbird
import Render
import Workflow

/// Letter downloads and the printer profiles they are overprinted with.
///
/// `GET /api/transfers/:id/letters/:hop` serves the letter as issued (its stored bytes) when
/// the caller may see all three parts and asks for nothing else; `parts=stub,letter,receipt`
/// picks a part set, `template=two` the values-only overprint, `printer=NAME` one of the caller's
/// organization's printer profiles; `part=receipt` is the receipt as returned by the receiver.
struct LetterRoutes {
    let api: APIRoutes
    let cache: IssuedLetterCache

    /// What a download asks for, read from its query.
    struct Variant {
        var parts: Set<LetterPart>?
        var template: LetterTemplate
        var printer: String?
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
            if let printer, printer.unicodeScalars.count > 40 {
                throw APIError(.badRequest, code: "invalid", message: "打印机名称应为 1 至 40 个字", field: "printer")
            }
        }

        /// The file-name suffix naming the variant.
        func suffix(_ parts: Set<LetterPart>) -> String {
            var s = ""
            if parts != Set(LetterPart.allCases) {
                let names: [LetterPart: String] = [.stub: "存根", .letter: "介绍信", .receipt: "回执"]
                s += "-" + LetterPart.allCases.filter(parts.contains).compactMap { names[$0] }.joined(separator: "+")
            }
            if template == .two { s += "-套打" }
            if let printer { s += "-\(printer)" }
            return s
        }
    }

    /// The largest letter number in a path (`openapi.json` says the same).
    static let maxHop: Int64 = 1000

    func add(to router: Router<AppRequestContext>) {
        let workflow = api.workflow
        router.get("/api/transfers/:id/letters/:hop") { request, context in
            try await api.handling {
                // Role and subtree are the service's; a refusal is audited there.
                let caller = try api.caller(context)
                let account = caller.account
                let id = try context.parameters.require("id")
                let transfer = try await workflow.transfer(id, for: caller, audit: nil, refusedAs: "download-letter")
                do {
                    return try await download(request, context: context, caller: caller, transfer: transfer)
                } catch {
                    // A refused download (no such letter, a part not the caller's) is audited like one served.
                    let outcome = (error as? APIError)?.code ?? (error as? WorkflowError)?.code.rawValue ?? "error"
                    try await api.accounts.audit(AuditEntry(at: Date(), account: account.name, address: caller.address, action: "download-letter",
                                                            target: Limits.clipped("\(id)#\(context.parameters.get("hop") ?? "")", to: 120), outcome: outcome))
                    throw error
                }
            }
        }
        PrinterRoutes(api: api).add(to: router)
    }

    /// The letter `transfer` (visible to `caller`) as the request asks for it.
    private func download(_ request: Request, context: AppRequestContext, caller: Caller, transfer: Transfer) async throws -> Response {
        let workflow = api.workflow
        let account = caller.account
        let id = transfer.id
        let hop = try IntegerParameter.path(context, "hop", in: 1...Self.maxHop)
        var query: [String: String] = [:]
        for (k, v) in request.uri.queryParameters { query[String(k)] = String(v) }
        let variant = try Variant(query)
        guard hop <= transfer.hops.count, transfer.hops[hop - 1].number != nil else {
            throw APIError(.notFound, code: "not-found", message: "没有这封介绍信")
        }
        let tree = try await workflow.tree()
        let allowed = LetterAccess.parts(ofHop: hop - 1, in: transfer) { tree.isSelfOrAncestor(account.organization, of: $0) }
        guard !allowed.isEmpty else {
            throw APIError(.forbidden, code: "not-allowed", message: "本组织既未签发也未接收第 \(hop) 封介绍信，存档中也没有它")
        }
        let number = transfer.hops[hop - 1].number ?? ""
        let audit = { (action: String, detail: String) in
            try await api.accounts.audit(AuditEntry(at: Date(), account: account.name, address: api.address(context),
                                                    action: action, target: "\(id)#\(hop)\(detail)", outcome: "ok"))
        }
        if variant.returnedReceipt {
            let letter = try await workflow.letter(id, hop: hop - 1)
            guard allowed.contains(.receipt), let pdf = letter.receiptPDF, let sha = letter.receiptSHA256 else {
                throw APIError(.notFound, code: "not-found", message: "没有这封介绍信退回的回执")
            }
            try await audit("download-receipt", "")
            return LetterDownload.response(pdf: pdf, sha256: sha, fileName: "介绍信-第\(number)号-\(transfer.memberName)-回执",
                                           asciiName: "letter-\(number)-receipt", ifNoneMatch: request.headers[.ifNoneMatch])
        }
        let parts = variant.parts ?? allowed
        let refused = parts.subtracting(allowed)
        guard refused.isEmpty else {
            throw APIError(.forbidden, code: "not-allowed",
                           message: "本组织只能查看第 \(hop) 封介绍信的 \(LetterPart.allCases.filter(allowed.contains).map(\.rawValue).joined(separator: "、"))",
                           field: "parts")
        }
        let asIssued = parts == Set(LetterPart.allCases) && variant.template == .one && variant.printer == nil
        let fileName = "介绍信-第\(number)号-\(transfer.memberName)\(variant.suffix(parts))"
        let ascii = "letter-\(number)" + (asIssued ? "" : "-" + LetterPart.allCases.filter(parts.contains).map(\.rawValue).joined(separator: "-"))
            + (variant.template == .two ? "-overprint" : "")
        if asIssued {
            let letter = try await cache.letter(id, hop: hop - 1) { try await workflow.letter(id, hop: hop - 1) }
            try await audit("download-letter", "")
            return LetterDownload.response(pdf: letter.pdf, sha256: letter.sha256, fileName: fileName, asciiName: ascii,
                                           ifNoneMatch: request.headers[.ifNoneMatch])
        }
        var profile: PrinterProfile?
        if let name = variant.printer {
            guard let found = try await workflow.printerProfile(org: account.organization, name: name) else {
                throw APIError(.notFound, code: "not-found", message: "本组织没有名为“\(name)”的打印机设置", field: "printer")
            }
            profile = found
        }
        let printed = try await workflow.printIssued(id, hop: hop - 1, parts: parts, template: variant.template, printer: profile)
        try await audit("print-letter", " parts=\(LetterPart.allCases.filter(parts.contains).map(\.rawValue).joined(separator: ",")) template=\(variant.template.rawValue)\(variant.printer.map { " printer=\($0)" } ?? "")")
        return LetterDownload.response(pdf: printed.pdf, sha256: printed.sha256, fileName: fileName, asciiName: ascii,
                                       ifNoneMatch: request.headers[.ifNoneMatch])
    }
}
