import Foundation
import Hummingbird
import NIOCore
import RequestBodies
import Workflow

extension PageRoutes {
    func sealValues(_ caller: Caller, csrf: String) async throws -> [String: Any] {
        let history = try await api.workflow.sealHistory(for: caller)
        let org = try await api.workflow.tree().organization(caller.account.organization)
        let rows = history.reversed().map {
            ["version": $0.version, "uploadedAt": $0.uploadedAt, "uploader": $0.uploader, "org": org.id.rawValue] as [String: Any]
        }
        return ["csrf": csrf, "letterhead": org.letterhead, "history": Array(rows)]
    }

    func addSeal(to router: Router<AppRequestContext>) {
        router.get("/seal") { request, context in
            guard let caller = caller(context) else { return signIn() }
            return page("seal", title: "印章", try await sealValues(caller, csrf: context.csrf), context: context)
        }
        router.post("/seal/letterhead") { request, context in
            guard let caller = caller(context) else { return signIn() }
            let fields = try await form(request)
            do {
                // The rule (1 to Limits.letterhead characters), the change and its audit entry are the service's.
                try await api.workflow.setLetterhead(fields["letterhead"] ?? "", for: caller)
            } catch let error as WorkflowError where error.code == .invalid {
                return page(
                    "seal", title: "印章", try await sealValues(caller, csrf: context.csrf), context: context,
                    error: error.message, status: .unprocessableContent)
            }
            return Self.redirect("/seal", flash: "已保存")
        }
        router.post("/seal") { request, context in
            guard let caller = caller(context) else { return signIn() }
            let buffer: ByteBuffer
            do {
                buffer = try await request.body.collect(upTo: SealUpload.limit)
            } catch is NIOTooManyBytesError {
                return page(
                    "seal", title: "印章", try await sealValues(caller, csrf: context.csrf), context: context,
                    error: "印章未更换：文件超过 6 MB。印章应为不超过 5 MB 的 JPEG（500×500 像素，300 dpi）。", status: .contentTooLarge)
            }
            // The CSRF token was checked by CSRFMiddleware (in the query) before the body was read.
            let files: [String: [UInt8]]
            do {
                files = try MultipartForm(buffer, contentType: request.headers[.contentType] ?? "").files
            } catch let refusal as MultipartForm.Refusal {
                return page(
                    "seal", title: "印章", try await sealValues(caller, csrf: context.csrf), context: context,
                    error: "印章未更换：" + refusal.message, status: .badRequest)
            }
            do {
                let version = try await api.workflow.uploadSeal(jpeg: Data(files["seal"] ?? []), for: caller)
                return Self.redirect("/seal", flash: "已上传第 \(version) 版印章")
            } catch let error as WorkflowError where error.code == .invalid {
                return page(
                    "seal", title: "印章", try await sealValues(caller, csrf: context.csrf), context: context,
                    error: "印章未更换：" + error.message, status: .unprocessableContent)
            }
        }
        router.get("/seals/:org/:file") { _, context in
            // Read by pages (cookie) and API clients (token) alike: any signed-in caller.
            guard let account = context.account else { throw APIError.unauthenticated }
            let caller = Caller(account: account, address: context.remoteAddress)
            let file = try context.parameters.require("file")
            guard file.hasSuffix(".jpg") else { throw APIError(.notFound, code: "not-found", message: "没有这枚印章") }
            let version = Int(try IntegerParameter.parse(file.dropLast(4), name: "version", in: 1...Int64(Int32.max)))
            // Role, subtree and the audit entry are the service's.
            let jpeg = try await api.workflow.sealJPEG(org: OrganizationID(try context.parameters.require("org")), version: version, for: caller)
            return Response(
                status: .ok, headers: [.contentType: "image/jpeg", .cacheControl: "private, max-age=86400"],
                body: .init(byteBuffer: ByteBuffer(bytes: jpeg)))
        }
    }
}
