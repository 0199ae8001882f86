import Foundation
import Hummingbird
import Render
import Workflow

/// The print layouts of the caller's organization (版式核对): its own print runs of the
/// pre-printed sheet, the blanks moved to where its scan shows them.
struct LayoutRoutes {
    let api: APIRoutes

    struct SaveRequest: Decodable {
        let positions: [String: Point]?
        let inUse: Bool?
    }
    struct Listing: Encodable {
        let layouts: [PrintLayout]
        let templateBlanks: [LayoutBlank]
    }
    struct Detail: Encodable {
        let layout: PrintLayout
        let blanks: [LayoutBlank]
    }

    /// The `:name` path segment: a layout's name.
    static func layoutName(_ context: some RequestContext) throws -> String {
        try APIError.pathName(context, max: Limits.layoutName, what: "版式名称")
    }

    func add(to signedIn: RouterGroup<SignedInContext>) {
        let workflow = api.workflow
        signedIn.get("/api/layouts") { _, context in
            try await api.handling {
                let layouts = try await workflow.printLayouts(for: context.caller)
                return try api.json(Listing(layouts: layouts, templateBlanks: try workflow.templateBlanks()))
            }
        }
        signedIn.get("/api/layouts/:name") { _, context in
            try await api.handling {
                let found = try await workflow.printLayout(named: try Self.layoutName(context), for: context.caller)
                return try api.json(Detail(layout: found.layout, blanks: found.blanks))
            }
        }
        signedIn.put("/api/layouts/:name") { request, context in
            try await api.handling {
                let caller = context.caller
                let name = try Self.layoutName(context)
                let body = try await request.decode(as: SaveRequest.self, context: context)
                // Role, the blanks' rules, the change and its audit entry are the service's.
                let saved = try await workflow.savePrintLayout(
                    named: name, positions: body.positions, inUse: body.inUse,
                    scan: nil, for: caller)
                return try api.json(saved)
            }
        }
        signedIn.delete("/api/layouts/:name") { _, context in
            try await api.handling {
                try await workflow.deletePrintLayout(named: try Self.layoutName(context), for: context.caller)
                return Response(status: .noContent)
            }
        }
        signedIn.get("/api/layouts/:name/scan") { _, context in
            try await api.handling {
                let scan = try await workflow.printLayoutScan(named: try Self.layoutName(context), for: context.caller)
                return Response(
                    status: .ok, headers: [.contentType: scan.kind == "png" ? "image/png" : "image/jpeg", .cacheControl: "private, no-cache"],
                    body: .init(byteBuffer: ByteBuffer(bytes: scan.bytes)))
            }
        }
        signedIn.get("/api/layouts/:name/file") { _, context in
            try await api.handling {
                let name = try Self.layoutName(context)
                let file = try await workflow.printLayoutFile(named: name, for: context.caller)
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                let encoded = LetterDownload.percentEncoded("版式-\(name).json")
                return Response(
                    status: .ok,
                    headers: [
                        .contentType: "application/json; charset=utf-8",
                        .contentDisposition: "attachment; filename=\"layout.json\"; filename*=UTF-8''\(encoded)",
                    ],
                    body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(file))))
            }
        }
    }
}
