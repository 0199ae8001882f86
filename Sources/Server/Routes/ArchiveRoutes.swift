import Foundation
import Hummingbird
import Workflow

/// Archive exports for inspection: `GET /api/archive/export` streams the ZIP of an
/// organization's archive (the caller's own by default, or one in its subtree), never building
/// it whole in memory. Administrators and auditors may export; everyone else is refused.
struct ArchiveRoutes {
    let api: APIRoutes

    /// Holds the response writer so that the export's sink can write through it.
    final class WriterBox: @unchecked Sendable {
        var writer: any ResponseBodyWriter
        init(_ writer: any ResponseBodyWriter) { self.writer = writer }
    }

    func add(to router: Router<AppRequestContext>) {
        let workflow = api.workflow
        router.get("/api/archive/key") { _, context in
            try await api.handling {
                guard let account = context.account else { throw APIError.unauthenticated }
                guard account.role == .administrator || account.role == .auditor else {
                    throw APIError(.forbidden, code: "wrong-role", message: "只有管理员和审计员可以查看存档签名公钥")
                }
                let key = try await workflow.exportSigningKey()
                return try api.json(["algorithm": "Ed25519", "publicKey": key.publicKey, "fingerprint": key.fingerprint])
            }
        }
        router.get("/api/archive/export") { request, context in
            try await api.handling {
                guard let account = context.account else { throw APIError.unauthenticated }
                guard account.role == .administrator || account.role == .auditor else {
                    throw APIError(.forbidden, code: "wrong-role", message: "只有管理员和审计员可以导出存档")
                }
                let q = request.uri.queryParameters
                let org = q["org"].map { OrganizationID(String($0)) } ?? account.organization
                let tree = try await workflow.tree()
                guard tree.organizations[org] != nil, tree.isSelfOrAncestor(account.organization, of: org) else {
                    throw APIError(.notFound, code: "not-found", message: "本账号的下级中没有组织 \(org.rawValue)", field: "org")
                }
                // The 存档导出 page's form posts here directly, its empty date boxes as `from=`.
                func day(_ key: String) throws -> Date? {
                    guard let text = q[Substring(key)].map(String.init), !text.isEmpty else { return nil }
                    return try ChinaDay.parse(text, field: key)
                }
                if let status = q["status"], !status.isEmpty, !Transfer.stateCodes.contains(String(status)) {
                    throw APIError(.badRequest, code: "invalid", message: "status 应为 \(Transfer.stateCodes.sorted().joined(separator: "、")) 之一", field: "status")
                }
                if let descendants = q["descendants"], descendants != "true", descendants != "false" {
                    throw APIError(.badRequest, code: "invalid", message: "descendants 应为 true 或 false", field: "descendants")
                }
                let exportRequest = ArchiveExportRequest(organization: org, includeDescendants: q["descendants"] != "false",
                                                         from: try day("from"), until: try day("until"),
                                                         status: q["status"].map(String.init).flatMap { $0.isEmpty ? nil : $0 },
                                                         requestedBy: "\(account.name)（\(account.role.rawValue)）")
                try await api.accounts.audit(AuditEntry(at: Date(), account: account.name, address: api.address(context),
                                                        action: "export-archive", target: request.uri.description, outcome: "started"))
                let day = Date().chinaISODayForFileName
                let name = "存档-\(org.rawValue)-\(day).zip"
                return Response(status: .ok, headers: [
                    .contentType: "application/zip",
                    .contentDisposition: "attachment; filename=\"archive-\(LetterDownload.percentEncoded(org.rawValue))-\(day).zip\"; filename*=UTF-8''\(LetterDownload.percentEncoded(name))",
                ], body: ResponseBody { writer in
                    let box = WriterBox(writer)
                    _ = try await workflow.exportArchive(exportRequest, to: { data in
                        try await box.writer.write(ByteBuffer(bytes: data))
                    })
                    try await box.writer.finish(nil)
                })
            }
        }
    }
}

extension Date {
    /// The day in China as `YYYYMMDD`, for file names.
    var chinaISODayForFileName: String {
        let f = DateFormatter()
        f.dateFormat = "yyyyMMdd"
        f.timeZone = TimeZone(secondsFromGMT: 8 * 3600)
        return f.string(from: self)
    }
}
