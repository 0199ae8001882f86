import Foundation
import Hummingbird
import RequestBodies
import NIOCore
import Workflow

extension PageRoutes {
    func sealValues(_ account: Account, csrf: String) async throws -> [String: Any] {
        let org = try await api.workflow.tree().organization(account.organization)
        let history = try await api.workflow.sealHistory(org: org.id).reversed().map {
            ["version": $0.version, "uploadedAt": $0.uploadedAt, "uploader": $0.uploader, "org": org.id.rawValue] as [String: Any]
        }
        return ["csrf": csrf, "letterhead": org.letterhead, "history": Array(history)]
    }

    func addSeal(to router: Router<AppRequestContext>) {
        router.get("/seal") { request, context in
            guard let account = signedIn(context) else { return refused(context) }
            return page("seal", title: "印章", try await sealValues(account, csrf: context.csrf), context: context)
        }
        router.post("/seal/letterhead") { request, context in
            guard let account = signedIn(context) else { return refused(context) }
            let fields = try await form(request)
            guard fields["_csrf"] == context.csrf else {
                return csrfExpired(context)
            }
            do {
                // The rule (1 to Limits.letterhead characters), the change and its audit entry are the service's.
                try await api.workflow.setLetterhead(fields["letterhead"] ?? "", for: Caller(account: account, address: api.address(context)))
            } catch let error as WorkflowError where error.code == .invalid {
                return page("seal", title: "印章", try await sealValues(account, csrf: context.csrf), context: context,
                            error: error.message, status: .unprocessableContent)
            }
            return Self.redirect("/seal", flash: "已保存")
        }
        router.post("/seal") { request, context in
            guard let account = signedIn(context) else { return refused(context) }
            let buffer: ByteBuffer
            do {
                buffer = try await request.body.collect(upTo: SealUpload.limit)
            } catch is NIOTooManyBytesError {
                return page("seal", title: "印章", try await sealValues(account, csrf: context.csrf), context: context,
                            error: "印章未更换：文件超过 6 MB。印章应为不超过 5 MB 的 JPEG（500×500 像素，300 dpi）。", status: .contentTooLarge)
            }
            // The CSRF token was checked by AuthenticationMiddleware (in the query) before the body was read.
            let files: [String: [UInt8]]
            do {
                files = try MultipartForm(buffer, contentType: request.headers[.contentType] ?? "").files
            } catch let refusal as MultipartForm.Refusal {
                return page("seal", title: "印章", try await sealValues(account, csrf: context.csrf), context: context,
                            error: "印章未更换：" + refusal.message, status: .badRequest)
            }
            do {
                let version = try await api.workflow.uploadSeal(jpeg: Data(files["seal"] ?? []), for: Caller(account: account, address: api.address(context)))
                return Self.redirect("/seal", flash: "已上传第 \(version) 版印章")
            } catch let error as WorkflowError {
                return page("seal", title: "印章", try await sealValues(account, csrf: context.csrf), context: context,
                            error: "印章未更换：" + error.message, status: .unprocessableContent)
            }
        }
        router.get("/seals/:org/:file") { _, context in
            guard let account = context.account else { throw APIError.unauthenticated }
            guard account.role == .administrator else { throw APIError(.forbidden, code: "wrong-role", message: "只有管理员可以查看印章") }
            let org = OrganizationID(try context.parameters.require("org"))
            let file = try context.parameters.require("file")
            guard file.hasSuffix(".jpg") else { throw APIError(.notFound, code: "not-found", message: "没有这枚印章") }
            let version = Int(try IntegerParameter.parse(file.dropLast(4), name: "version", in: 1...Int64(Int32.max)))
            guard try await api.workflow.tree().isSelfOrAncestor(account.organization, of: org), let jpeg = try await api.workflow.sealJPEG(org: org, version: version) else {
                throw APIError(.notFound, code: "not-found", message: "没有这枚印章")
            }
            return Response(status: .ok, headers: [.contentType: "image/jpeg", .cacheControl: "private, max-age=86400"],
                            body: .init(byteBuffer: ByteBuffer(bytes: jpeg)))
        }
    }
}
