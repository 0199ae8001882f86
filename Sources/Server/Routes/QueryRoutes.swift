import Foundation
import Hummingbird
import LetterModel
import NIOCore
import Workflow

/// Read-only views of the JSON API: overview, histories, the three views, not reported,
/// statistics, archives, members, and seal and permission management.
struct QueryRoutes {
    let api: APIRoutes

    /// The caller's notice address (通知邮箱); null clears it.
    struct NoticeAddressBody: Codable { let email: String? }

    /// A PDF shown in the browser, named for the person saving it (RFC 5987).
    static func pdf(_ data: Data, fileName: String, ascii: String) -> Response {
        Response(
            status: .ok,
            headers: [
                .contentType: "application/pdf",
                .contentDisposition: "inline; filename=\"\(ascii).pdf\"; filename*=UTF-8''\(LetterDownload.percentEncoded(fileName)).pdf",
            ],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    func add(to signedIn: RouterGroup<SignedInContext>) {
        let workflow = api.workflow
        signedIn.get("/api/overview") { _, context in
            try await api.handling {
                return try api.json(try await workflow.overview(for: context.caller))
            }
        }
        signedIn.get("/api/history") { request, context in
            try await api.handling {
                let caller = context.caller
                let q = request.uri.queryParameters
                if let direction = q["direction"], direction != "in", direction != "out" {
                    throw APIError(.badRequest, code: "invalid", message: "direction 应为 in 或 out", field: "direction")
                }
                if let descendants = q["descendants"], descendants != "true", descendants != "false" {
                    throw APIError(.badRequest, code: "invalid", message: "descendants 应为 true 或 false", field: "descendants")
                }
                // A filter that cannot be read is refused, never dropped: an inspector would take
                // the unfiltered answer for the filtered one.
                let type = try q["type"].map { try TransferType.parse(String($0), field: "type") }
                let day = { (name: String) throws -> Date? in try q[Substring(name)].map { try ChinaDay.parse(String($0), field: name) } }
                let sex = try q["sex"].map { text throws(APIError) -> String in
                    guard text == "男" || text == "女" else { throw APIError(.badRequest, code: "invalid", message: "sex 应为 男 或 女", field: "sex") }
                    return String(text)
                }
                let ethnicity = try q["ethnicity"].map { text throws(APIError) -> String in
                    guard FieldRules.ethnicity(String(text)) != nil else {
                        throw APIError(.badRequest, code: "invalid", message: "“\(text.prefix(20))”不是 56 个民族之一", field: "ethnicity")
                    }
                    return String(text)
                }
                for field in ["source", "destination"] where (q[Substring(field)]?.unicodeScalars.count ?? 0) > Limits.identifier {
                    throw APIError(.badRequest, code: "invalid", message: "\(field) 最多 \(Limits.identifier) 个字符", field: field)
                }
                let filter = HistoryFilter(
                    name: q["name"].map(String.init), idNumber: q["idNumber"].map(String.init), type: type,
                    from: try day("from"), until: try day("until"), includeDescendants: q["descendants"] != "false",
                    source: q["source"].map { OrganizationID(String($0)) }, destination: q["destination"].map { OrganizationID(String($0)) },
                    sex: sex, ethnicity: ethnicity)
                return api.json(bytes: JSONBytes.summaries(try await workflow.history(outgoing: q["direction"] != "in", filter: filter, for: caller)))
            }
        }
        signedIn.get("/api/views/:view") { _, context in
            try await api.handling {
                let caller = context.caller
                guard let view = WorkflowService.ActedView(rawValue: try context.parameters.require("view")) else {
                    throw APIError(.notFound, code: "not-found", message: "视图应为 mine、subordinates 或 automatic")
                }
                return api.json(bytes: JSONBytes.summaries(try await workflow.acted(view: view, for: caller)))
            }
        }
        signedIn.get("/api/notices") { _, context in
            try await api.handling {
                return try api.json(try await workflow.notices(for: context.caller))
            }
        }
        signedIn.get("/api/me/notice-address") { _, context in
            try await api.handling {
                try api.json(NoticeAddressBody(email: try await workflow.noticeAddress(for: context.caller)))
            }
        }
        signedIn.put("/api/me/notice-address") { request, context in
            try await api.handling {
                let caller = context.caller
                let body = try await request.decode(as: NoticeAddressBody.self, context: context)
                // The address's rule, the change and its audit entry are the service's.
                try await workflow.setNoticeAddress(body.email, for: caller)
                return try api.json(NoticeAddressBody(email: try await workflow.noticeAddress(for: caller)))
            }
        }
        signedIn.get("/api/not-reported") { _, context in
            try await api.handling {
                return api.json(bytes: JSONBytes.summaries(try await workflow.notReported(for: context.caller)))
            }
        }
        signedIn.get("/api/statistics") { request, context in
            try await api.handling {
                let caller = context.caller
                let q = request.uri.queryParameters
                // Missing bounds mean this year, as on the page.
                let year = ChinaDay.year(at: workflow.clock.now())
                let fromText = q["from"].map(String.init) ?? year.first
                let untilText = q["until"].map(String.init) ?? year.last
                let from = try ChinaDay.parse(fromText, field: "from")
                let until = try ChinaDay.parse(untilText, field: "until")
                return try api.json(try await workflow.statistics(from: from, until: until, for: caller))
            }
        }
        signedIn.get("/api/transfers/:id/archive") { _, context in
            try await api.handling {
                return try api.json(try await workflow.archive(ofTransfer: try context.parameters.require("id"), for: context.caller))
            }
        }
        signedIn.get("/api/members") { request, context in
            try await api.handling {
                let q = request.uri.queryParameters
                let caller = context.caller
                // Without a branch: the caller's own organization, as the API has always answered;
                // `descendants=true`: the whole subtree below it (包含下级).
                let branch = OrganizationID(q["branch"].map(String.init) ?? caller.account.organization.rawValue)
                if let descendants = q["descendants"], descendants != "true", descendants != "false" {
                    throw APIError(.badRequest, code: "invalid", message: "descendants 应为 true 或 false", field: "descendants")
                }
                return try api.json(
                    try await workflow.members(
                        in: branch, includeDescendants: q["descendants"] == "true",
                        name: q["name"].map(String.init) ?? "",
                        idNumber: q["idNumber"].map(String.init) ?? "", for: caller
                    ).map(MemberBody.init))
            }
        }
        signedIn.post("/api/members") { request, context in
            try await api.handling {
                let caller = context.caller
                let entry = try await request.decode(as: MemberEntry.self, context: context)
                return try api.json(MemberBody(try await workflow.addMember(entry, for: caller)), status: .created)
            }
        }
        signedIn.put("/api/members/:id") { request, context in
            try await api.handling {
                let caller = context.caller
                let entry = try await request.decode(as: MemberEntry.self, context: context)
                return try api.json(MemberBody(try await workflow.editMember(try context.parameters.require("id"), entry, for: caller)))
            }
        }
        signedIn.post("/api/members/:id/status") { request, context in
            try await api.handling {
                struct Change: Decodable {
                    let change: MemberStatusChange
                    let date: String
                    let note: String?
                }
                let caller = context.caller
                let body = try await request.decode(as: Change.self, context: context)
                return try api.json(
                    MemberBody(
                        try await workflow.changeStanding(
                            of: try context.parameters.require("id"), body.change, on: body.date,
                            note: body.note ?? "", for: caller)))
            }
        }
        signedIn.post("/api/seal") { request, context in
            try await api.handling {
                let caller = context.caller
                let buffer: ByteBuffer
                do {
                    buffer = try await request.body.collect(upTo: SealUpload.limit)
                } catch is NIOTooManyBytesError {
                    throw APIError.tooLarge(limit: SealUpload.limit, field: "seal", what: "印章文件（应为不超过 5 MB 的 JPEG）")
                }
                // Role, the seal's rules and the audit entry are the service's.
                let version = try await workflow.uploadSeal(jpeg: Data(buffer: buffer), for: caller)
                return try api.json(["version": version], status: .created)
            }
        }
        signedIn.get("/api/seal/history") { _, context in
            try await api.handling {
                let history = try await workflow.sealHistory(for: context.caller)
                return try api.json(history.map { ["version": String($0.version), "uploadedAt": $0.uploadedAt, "uploader": $0.uploader] })
            }
        }
        signedIn.get("/api/members/:id/collection-sheet") { _, context in
            try await api.handling {
                let sheet = try await workflow.collectionSheet(member: try context.parameters.require("id"), for: context.caller)
                return Self.pdf(sheet.pdf, fileName: "党员信息采集表-\(sheet.name)", ascii: "member-collection-sheet")
            }
        }
        signedIn.get("/api/organizations/:id/collection-sheet") { _, context in
            try await api.handling {
                let sheet = try await workflow.collectionSheet(organization: OrganizationID(try context.parameters.require("id")), for: context.caller)
                return Self.pdf(sheet.pdf, fileName: "党组织信息采集表-\(sheet.name)", ascii: "organization-collection-sheet")
            }
        }
        signedIn.post("/api/organizations") { request, context in
            try await api.handling {
                let caller = context.caller
                let fields = try await request.decode(as: [String: String].self, context: context)
                return try api.json(try await workflow.createOrganization(fields, for: caller), status: .created)
            }
        }
        signedIn.put("/api/organizations/:id") { request, context in
            try await api.handling {
                let caller = context.caller
                let fields = try await request.decode(as: [String: String].self, context: context)
                return try api.json(try await workflow.editOrganization(OrganizationID(try context.parameters.require("id")), fields, for: caller))
            }
        }
        signedIn.delete("/api/organizations/:id") { _, context in
            try await api.handling {
                try await workflow.deleteOrganization(OrganizationID(try context.parameters.require("id")), for: context.caller)
                return Response(status: .noContent)
            }
        }
        signedIn.post("/api/organizations/:id/revoke") { request, context in
            try await api.handling {
                struct Revoke: Decodable {
                    let documentNumber: String
                    let reason: String
                }
                let caller = context.caller
                let body = try await request.decode(as: Revoke.self, context: context)
                return try api.json(
                    try await workflow.revokeOrganization(
                        OrganizationID(try context.parameters.require("id")), documentNumber: body.documentNumber,
                        reason: body.reason, for: caller))
            }
        }
        signedIn.post("/api/organizations/:id/permissions") { request, context in
            try await api.handling {
                let caller = context.caller
                struct Change: Decodable {
                    let mayTransfer: Bool?
                    let autoApprove: Bool?
                }
                let change = try await request.decode(as: Change.self, context: context)
                // Role, subtree and the audit entry are the service's.
                let permissions = try await workflow.setPermissions(
                    of: OrganizationID(try context.parameters.require("id")),
                    mayTransfer: change.mayTransfer, autoApprove: change.autoApprove, for: caller)
                return try api.json(permissions)
            }
        }
    }
}
