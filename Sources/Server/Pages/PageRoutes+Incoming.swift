import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import RequestBodies
import Workflow

extension PageRoutes {
    /// The form's values: what was typed (kept after a refusal), the branches of the caller's
    /// subtree and the incoming types.
    func incomingValues(_ caller: Caller, csrf: String, typed: [String: String] = [:]) async throws -> [String: Any] {
        try await api.workflow.authorizeTransfers(for: caller, action: "register-incoming")
        let tree = try await api.workflow.tree()
        let branches = tree.depthFirst(caller.account.organization).compactMap { tree.organizations[$0] }
            .filter { $0.category.holdsMembers && !$0.isRevoked }
            .map { ["id": $0.id.rawValue, "name": $0.name, "selected": $0.id.rawValue == typed["destination"]] as [String: Any] }
        return [
            "csrf": csrf, "branches": branches,
            "types": TransferType.incoming.map { ["type": $0.rawValue, "selected": $0.rawValue == typed["type"]] },
            "v": [
                "name": typed["name"] ?? "", "idNumber": typed["idNumber"] ?? "", "ethnicity": typed["ethnicity"] ?? "汉族",
                "probationary": typed["category"]?.hasPrefix("预备") == true, "occupation": typed["occupation"] ?? "",
                "education": typed["education"] ?? "", "phone": typed["phone"] ?? "", "origin": typed["origin"] ?? "",
                "originLetterNumber": typed["originLetterNumber"] ?? "",
                "dues": typed["duesPaidUpTo"] ?? Transfer.Application.thisMonth(Date()),
            ] as [String: Any],
        ]
    }

    func addIncoming(to router: Router<AppRequestContext>) {
        router.get("/incoming") { _, context in
            guard let caller = caller(context) else { return signIn() }
            return page("incoming", title: "省外转入登记", try await incomingValues(caller, csrf: context.csrf), context: context)
        }
        router.post("/incoming") { request, context in
            guard let caller = caller(context) else { return signIn() }
            let buffer: ByteBuffer
            do {
                buffer = try await request.body.collect(upTo: SealUpload.limit)
            } catch is NIOTooManyBytesError {
                return page(
                    "incoming", title: "省外转入登记", try await incomingValues(caller, csrf: context.csrf), context: context,
                    error: "未登记：身份证照片应为不超过 5 MB 的 JPEG 或 PNG", status: .contentTooLarge)
            }
            // The CSRF token was checked by CSRFMiddleware (in the query) before the body was read.
            let form: MultipartForm
            do throws(MultipartForm.Refusal) {
                form = try MultipartForm(buffer, contentType: request.headers[.contentType] ?? "")
            } catch {
                return page(
                    "incoming", title: "省外转入登记", try await incomingValues(caller, csrf: context.csrf), context: context,
                    error: "未登记：" + error.message, status: .badRequest)
            }
            do {
                let registration = try IncomingForm.registration(form.fields, photo: form.files["idCardPhoto"])
                // The identity check, role, subtree, rules and the audit entry are the service's.
                let transfer = try await api.workflow.registerIncoming(registration, for: caller)
                return Self.redirect("/transfers/\(transfer.id)", flash: "已登记并开具介绍信")
            } catch let error as APIError {
                return page(
                    "incoming", title: "省外转入登记", try await incomingValues(caller, csrf: context.csrf, typed: form.fields), context: context,
                    error: "未登记：" + error.message, status: error.status)
            } catch let error as WorkflowError where error.code != .wrongRole && error.code != .storage && error.code != .rendering {
                return page(
                    "incoming", title: "省外转入登记", try await incomingValues(caller, csrf: context.csrf, typed: form.fields), context: context,
                    error: "未登记：" + error.message, status: APIError(error).status)
            }
        }
    }
}

extension PageRoutes {
    /// 录入回执 from the transfer's page: the returned receipt's day, number and scan.
    func addReceipt(to router: Router<AppRequestContext>) {
        router.post("/transfers/:id/receipt") { request, context in
            guard let caller = caller(context) else { return signIn() }
            let id = try context.parameters.require("id")
            func refused(_ message: String, _ status: HTTPResponse.Status) async throws -> Response {
                let transfer = try await api.workflow.transfer(id, for: caller, audit: nil)
                return page(
                    try await transferPage(transfer, caller: caller, csrf: context.csrf), title: transfer.memberName, context: context,
                    error: "回执未录入：" + message, status: status)
            }
            let buffer: ByteBuffer
            do {
                buffer = try await request.body.collect(upTo: SealUpload.limit)
            } catch is NIOTooManyBytesError {
                return try await refused("扫描件应为不超过 5 MB 的 JPEG 或 PDF", .contentTooLarge)
            }
            // The CSRF token was checked by CSRFMiddleware (in the query) before the body was read.
            let form: MultipartForm
            do throws(MultipartForm.Refusal) {
                form = try MultipartForm(buffer, contentType: request.headers[.contentType] ?? "")
            } catch {
                return try await refused(error.message, .badRequest)
            }
            do {
                _ = try await api.workflow.recordReturnedReceipt(
                    id, returnedOn: form.fields["returnedOn"] ?? "", number: form.fields["number"],
                    note: form.fields["note"] ?? "", scan: Data(form.files["scan"] ?? []), for: caller)
                return Self.redirect("/transfers/\(id)", flash: "已录入回执")
            } catch let error as WorkflowError where error.code != .notFound && error.code != .wrongRole && error.code != .storage {
                return try await refused(error.message, APIError(error).status)
            }
        }
    }
}
