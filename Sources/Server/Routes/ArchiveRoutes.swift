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

    func add(to signedIn: RouterGroup<SignedInContext>) {
        let workflow = api.workflow
        signedIn.get("/api/archive/key") { _, context in
            try await api.handling {
                let key = try await workflow.exportSigningKey(for: context.caller)
                return try api.json(["algorithm": "Ed25519", "publicKey": key.publicKey, "fingerprint": key.fingerprint])
            }
        }
        signedIn.get("/api/archive/export") { request, context in
            try await api.handling {
                let caller = context.caller
                let q = request.uri.queryParameters
                // The 存档导出 page's form posts here directly, its empty date boxes as `from=`.
                func day(_ key: String) throws -> Date? {
                    guard let text = q[Substring(key)].map(String.init), !text.isEmpty else { return nil }
                    return try ChinaDay.parse(text, field: key)
                }
                // Role, subtree, the status's rule and the audit entry are the service's.
                let exportRequest = try await workflow.archiveExport(
                    of: q["org"].map { OrganizationID(String($0)) },
                    includeDescendants: q["descendants"] != "false",
                    period: {
                        if let descendants = q["descendants"], descendants != "true", descendants != "false" {
                            throw APIError(.badRequest, code: "invalid", message: "descendants 应为 true 或 false", field: "descendants")
                        }
                        return (try day("from"), try day("until"))
                    },
                    status: q["status"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }, for: caller)
                let org = exportRequest.organization ?? caller.account.organization
                let day = Date().chinaISODayForFileName
                let name = "存档-\(org.rawValue)-\(day).zip"
                return Response(
                    status: .ok,
                    headers: [
                        .contentType: "application/zip",
                        .contentDisposition:
                            "attachment; filename=\"archive-\(LetterDownload.percentEncoded(org.rawValue))-\(day).zip\"; filename*=UTF-8''\(LetterDownload.percentEncoded(name))",
                    ],
                    body: ResponseBody { writer in
                        let box = WriterBox(writer)
                        _ = try await workflow.exportArchive(
                            exportRequest,
                            to: { data in
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
