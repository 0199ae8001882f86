import Foundation
import Hummingbird
import NIOCore
import RequestBodies
import Workflow

/// The 导入 page (register spec §5): blank templates, the caller's register exported, an upload
/// checked as a dry run and shown row by row, then imported on confirmation. What may be
/// imported, by whom, and every rule are the service's (`RegisterUploads` and the doors it uses).
extension PageRoutes {
    var uploads: RegisterUploads { RegisterUploads(workflow: api.workflow, accounts: api.accounts) }

    /// The kind a path's file names (`members.xlsx` → members).
    static func kind(_ file: String) throws -> RegisterSheetKind {
        guard file.hasSuffix(".xlsx"), let kind = RegisterSheetKind(rawValue: String(file.dropLast(5))) else {
            throw APIError(.notFound, code: "not-found", message: "没有这种名册：应为 organizations、members、units 或 accounts")
        }
        return kind
    }

    static func xlsx(_ data: Data, fileName: String, ascii: String) -> Response {
        Response(
            status: .ok,
            headers: [
                .contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                .contentDisposition: "attachment; filename=\"\(ascii).xlsx\"; filename*=UTF-8''\(LetterDownload.percentEncoded(fileName)).xlsx",
            ],
            body: .init(byteBuffer: ByteBuffer(data: data)))
    }

    func addImport(to router: Router<AppRequestContext>) {
        router.get("/import") { _, context in
            guard let caller = caller(context) else { return signIn() }
            // Which sheets the page offers follows the role (the service refuses the others anyway).
            let kinds = RegisterSheetKind.allCases.filter { $0.role == caller.account.role }
                .map { ["kind": $0.rawValue, "label": $0.label, "csrf": context.csrf] }
            return page("importStart", title: "导入名册", ["kinds": kinds], context: context)
        }
        router.get("/import/template/:file") { _, context in
            guard caller(context) != nil else { return signIn() }
            let kind = try Self.kind(try context.parameters.require("file"))
            return Self.xlsx(try await RegisterTemplate.workbook(kind), fileName: "\(kind.label)-模板", ascii: "\(kind.rawValue)-template")
        }
        router.get("/import/export/:file") { _, context in
            guard let caller = caller(context) else { return signIn() }
            let kind = try Self.kind(try context.parameters.require("file"))
            // Role, subtree and the audit entry are the service's.
            let sheet: Spreadsheet =
                switch kind {
                case .organizations: try await api.workflow.exportOrganizations(for: caller)
                case .members: try await api.workflow.exportMembers(for: caller)
                case .units: try await api.workflow.exportUnits(for: caller)
                case .accounts: try await api.accounts.exportAccounts(tree: try await api.workflow.tree(), for: caller)
                case .transfers: try await api.workflow.exportPaperTransfers(for: caller)
                }
            return Self.xlsx(try await sheet.xlsx(), fileName: kind.label, ascii: kind.rawValue)
        }
        router.post("/import/check/:kind") { request, context in
            guard let caller = caller(context) else { return signIn() }
            guard let kind = RegisterSheetKind(rawValue: try context.parameters.require("kind")) else {
                throw APIError(.notFound, code: "not-found", message: "没有这种名册")
            }
            // The CSRF token was checked by CSRFMiddleware (in the query) before the body was read.
            let buffer: ByteBuffer
            do {
                buffer = try await request.body.collect(upTo: RegisterUploads.maxBytes)
            } catch is NIOTooManyBytesError {
                return notice("导入名册", error: "文件超过 \(RegisterUploads.maxBytes / 1024 / 1024) MB，未读取", status: .contentTooLarge, context: context)
            }
            let form: MultipartForm
            do {
                form = try MultipartForm(buffer, contentType: request.headers[.contentType] ?? "")
            } catch let refusal as MultipartForm.Refusal {
                return notice("导入名册", error: "未读取：" + refusal.message, status: .badRequest, context: context)
            }
            let name = form.fileNames["file"] ?? "upload.xlsx"
            let preview = try await uploads.check(kind, name: name, data: Data(form.files["file"] ?? []), for: caller)
            let problems = preview.outcome.problems.prefix(500).map {
                ["row": String($0.row), "column": $0.column, "rule": $0.rule, "message": $0.message]
            }
            return page(
                "importPreview", title: "导入\(kind.label)",
                [
                    "label": kind.label, "file": name, "ok": preview.token != nil, "token": preview.token ?? "", "csrf": context.csrf,
                    "summary": preview.outcome.summary, "problems": Array(problems), "count": preview.outcome.problems.count,
                    "rows": Set(preview.outcome.problems.map(\.row)).count,
                    "ignored": preview.outcome.ignoredColumns.joined(separator: "、"),
                ], context: context, status: preview.token == nil ? .unprocessableContent : .ok)
        }
        router.post("/import/confirm") { request, context in
            guard let caller = caller(context) else { return signIn() }
            let fields = try await form(request)
            let done = try await uploads.confirm(fields["token"] ?? "", for: caller)
            guard done.outcome.problems.isEmpty else {
                // Someone changed the register between the check and the confirmation.
                return notice(
                    "导入名册", error: "确认时发现问题，未导入：" + done.outcome.problems.prefix(5).map(\.description).joined(separator: "；"),
                    status: .conflict, context: context)
            }
            let codes = done.outcome.activationCodes.map { ["account": $0.account, "person": $0.person, "organization": $0.organization, "code": $0.code] }
            return page(
                "importDone", title: "已导入", ["label": done.kind.label, "file": done.name, "summary": done.outcome.summary, "codes": codes],
                context: context)
        }
    }
}
