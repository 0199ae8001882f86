import Foundation
import Hummingbird
import NIOCore
import Workflow

extension PageRoutes {
    /// The file and fields of a `multipart/form-data` body (one level, as browsers send forms).
    static func multipart(_ body: [UInt8], contentType: String) -> (fields: [String: String], files: [String: [UInt8]]) {
        guard let boundaryRange = contentType.range(of: "boundary=") else { return ([:], [:]) }
        let boundary = Array(("--" + contentType[boundaryRange.upperBound...].trimmingCharacters(in: CharacterSet(charactersIn: "\" "))).utf8)
        var fields: [String: String] = [:], files: [String: [UInt8]] = [:]
        func find(_ needle: [UInt8], from start: Int) -> Int? {
            guard needle.count <= body.count else { return nil }
            var i = start
            while i <= body.count - needle.count {
                if body[i] == needle[0] && Array(body[i..<(i + needle.count)]) == needle { return i }
                i += 1
            }
            return nil
        }
        var cursor = find(boundary, from: 0)
        while let start = cursor {
            let partStart = start + boundary.count + 2
            guard partStart < body.count, let headerEnd = find(Array("\r\n\r\n".utf8), from: partStart),
                  let next = find(boundary, from: headerEnd) else { break }
            let headers = String(decoding: body[partStart..<headerEnd], as: UTF8.self)
            let content = Array(body[(headerEnd + 4)..<max(headerEnd + 4, next - 2)])
            if let nameRange = headers.range(of: "name=\"") {
                let name = String(headers[nameRange.upperBound...].prefix { $0 != "\"" })
                if headers.contains("filename=") { files[name] = content } else { fields[name] = String(decoding: content, as: UTF8.self) }
            }
            cursor = next
        }
        return (fields, files)
    }

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
            let letterhead = (fields["letterhead"] ?? "").trimmingCharacters(in: .whitespaces)
            guard !letterhead.isEmpty, letterhead.count <= 60 else {
                return page("seal", title: "印章", try await sealValues(account, csrf: context.csrf), context: context,
                            error: "letterhead [required]: 介绍信抬头不能为空，最多 60 个字", status: .unprocessableContent)
            }
            var org = try await api.workflow.tree().organization(account.organization)
            org.letterhead = letterhead
            try await api.workflow.save(organizations: [org])
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
            let (fields, files) = Self.multipart(Array(buffer: buffer), contentType: request.headers[.contentType] ?? "")
            guard fields["_csrf"] == context.csrf else {
                return csrfExpired(context)
            }
            do {
                let version = try await api.workflow.uploadSeal(org: account.organization, jpeg: Data(files["seal"] ?? []), uploader: account.name)
                try await api.accounts.audit(AuditEntry(at: Date(), account: account.name, address: api.address(context), action: "upload-seal",
                                                        target: account.organization.rawValue, outcome: "ok"))
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
            guard try await api.workflow.tree().isSelfOrAncestor(account.organization, of: org), file.hasSuffix(".jpg"),
                  let version = Int(file.dropLast(4)), let jpeg = try await api.workflow.sealJPEG(org: org, version: version) else {
                throw APIError(.notFound, code: "not-found", message: "没有这枚印章")
            }
            return Response(status: .ok, headers: [.contentType: "image/jpeg", .cacheControl: "private, max-age=86400"],
                            body: .init(byteBuffer: ByteBuffer(bytes: jpeg)))
        }
    }
}
