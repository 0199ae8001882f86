import Foundation
import Hummingbird
import NIOCore
import Render
import RequestBodies
import Workflow

/// The layout check (版式核对): a county uploads a scan of one of its blank pre-printed sheets,
/// sees template two's blanks and ticks drawn over it, moves them by millimetre fields (the
/// picture redrawn at each step) and saves the layout under a name; its template-two downloads
/// then use the one it marks in use. Pages without JavaScript: the picture is an SVG drawn here,
/// in millimetres, over the scan.
extension PageRoutes {
    static let partNames: [LetterPart: String] = [.stub: "存根", .letter: "介绍信", .receipt: "回执"]

    func layoutsValues(_ caller: Caller, csrf: String) async throws -> [String: Any] {
        let layouts = try await api.workflow.printLayouts(for: caller).map { l -> [String: Any] in
            [
                "name": l.name, "encoded": LetterDownload.percentEncoded(l.name), "inUse": l.inUse, "moved": l.positions.count,
                "scan": l.scan.map { "\($0.width)×\($0.height)" } ?? "", "savedBy": l.savedBy, "csrf": csrf,
            ]
        }
        return ["csrf": csrf, "layouts": layouts, "scanLimit": PrintLayout.scanLimit >> 20]
    }

    /// The check page's values: the blanks at `positions` (typed, or as saved), drawn over the
    /// scan with the template's place dashed where a blank was moved.
    func layoutValues(
        _ name: String, caller: Caller, csrf: String, read: (layout: PrintLayout, blanks: [LayoutBlank])? = nil, typed: [String: Point]? = nil,
        inUse: Bool? = nil
    ) async throws -> [String: Any] {
        // A post has read the layout already (and audited the read): drawn from that, not read again.
        let found: (layout: PrintLayout, blanks: [LayoutBlank])
        if let read { found = read } else { found = try await api.workflow.printLayout(named: name, for: caller) }
        let template = Dictionary(try api.workflow.templateBlanks().map { ($0.key, $0.position) }, uniquingKeysWith: { a, _ in a })
        func mm(_ v: Double) -> String { String(format: "%.2f", v) }
        let rows = found.blanks.map { blank -> [String: Any] in
            let at = typed?[blank.key] ?? blank.position
            let origin = template[blank.key] ?? blank.position
            let moved = abs(at.x - origin.x) > 0.001 || abs(at.y - origin.y) > 0.001
            let (w, h) = (blank.size[0], blank.size[1])
            // A tick's position is its centre; a box's, its top-left corner.
            let (left, top) = blank.isTick ? (at.x - w / 2, at.y - h / 2) : (at.x, at.y)
            let (oldLeft, oldTop) = blank.isTick ? (origin.x - w / 2, origin.y - h / 2) : (origin.x, origin.y)
            return [
                "key": blank.key, "label": blank.label, "part": Self.partNames[blank.part] ?? blank.part.rawValue,
                "x": mm(at.x), "y": mm(at.y), "templateX": mm(origin.x), "templateY": mm(origin.y),
                "left": mm(left), "top": mm(top), "width": mm(w), "height": mm(h), "textY": mm(top + min(h, 3.2) - 0.6),
                "oldLeft": mm(oldLeft), "oldTop": mm(oldTop), "moved": moved, "tick": blank.isTick,
            ]
        }
        let l = found.layout
        return [
            "csrf": csrf, "name": l.name, "encoded": LetterDownload.percentEncoded(l.name), "inUse": inUse ?? l.inUse,
            "scan": l.scan.map { ["width": $0.width, "height": $0.height, "dpi": Int((Double($0.width) / (210 / 25.4)).rounded())] as [String: Any] } as Any,
            "blanks": rows, "savedBy": l.savedBy, "unsaved": typed != nil,
        ]
    }

    func addLayouts(to router: Router<AppRequestContext>) {
        router.get("/layouts") { _, context in
            guard let caller = caller(context) else { return signIn() }
            return page("layouts", title: "版式核对", try await layoutsValues(caller, csrf: context.csrf), context: context)
        }
        // A new layout (or a new scan for one): multipart, the token in the query.
        router.post("/layouts") { request, context in
            guard let caller = caller(context) else { return signIn() }
            func refused(_ message: String, _ status: HTTPResponse.Status) async throws -> Response {
                page(
                    "layouts", title: "版式核对", try await layoutsValues(caller, csrf: context.csrf), context: context,
                    error: "版式未保存：" + message, status: status)
            }
            let buffer: ByteBuffer
            do {
                buffer = try await request.body.collect(upTo: PrintLayout.scanLimit + 64 * 1024)
            } catch is NIOTooManyBytesError {
                return try await refused("扫描件最多 \(PrintLayout.scanLimit >> 20) MB", .contentTooLarge)
            }
            let form: MultipartForm
            do throws(MultipartForm.Refusal) {
                form = try MultipartForm(buffer, contentType: request.headers[.contentType] ?? "")
            } catch {
                return try await refused(error.message, .badRequest)
            }
            let scan = form.files["scan"].flatMap { $0.isEmpty ? nil : Data($0) }
            do {
                let saved = try await api.workflow.savePrintLayout(named: form.fields["name"] ?? "", positions: nil, inUse: nil, scan: scan, for: caller)
                return Self.redirect("/layouts/\(LetterDownload.percentEncoded(saved.name))", flash: "已保存版式 \(saved.name)")
            } catch let error as WorkflowError where error.code == .invalid {
                return try await refused(error.message, .unprocessableContent)
            }
        }
        router.get("/layouts/:name") { _, context in
            guard let caller = caller(context) else { return signIn() }
            let name = try LayoutRoutes.layoutName(context)
            return page("printLayout", title: "版式核对：\(name)", try await layoutValues(name, caller: caller, csrf: context.csrf), context: context)
        }
        // 重画 draws the typed positions without saving; 保存 saves them.
        router.post("/layouts/:name") { request, context in
            guard let caller = caller(context) else { return signIn() }
            let name = try LayoutRoutes.layoutName(context)
            let fields = try await form(request)
            let read = try await api.workflow.printLayout(named: name, for: caller)
            let blanks = read.blanks
            let shiftX = Double((fields["allX"] ?? "").trimmingCharacters(in: .whitespaces)) ?? 0
            let shiftY = Double((fields["allY"] ?? "").trimmingCharacters(in: .whitespaces)) ?? 0
            var positions: [String: Point] = [:]
            var wrong: [String] = []
            for blank in blanks {
                let x = fields["x.\(blank.key)"].map { $0.trimmingCharacters(in: .whitespaces) }
                let y = fields["y.\(blank.key)"].map { $0.trimmingCharacters(in: .whitespaces) }
                guard let xs = x, let ys = y, let px = Double(xs), let py = Double(ys), px.isFinite, py.isFinite else {
                    wrong.append(blank.label)
                    positions[blank.key] = blank.position
                    continue
                }
                positions[blank.key] = Point(x: px + shiftX, y: py + shiftY)
            }
            let inUse = fields["inUse"] != nil
            if !wrong.isEmpty || fields["action"] != "save" {
                let error = wrong.isEmpty ? nil : "以下空白的位置应为毫米数（如 48.5）：" + wrong.joined(separator: "、")
                return page(
                    "printLayout", title: "版式核对：\(name)",
                    try await layoutValues(name, caller: caller, csrf: context.csrf, read: read, typed: positions, inUse: inUse),
                    context: context, error: error, message: error == nil ? "已按所填位置重画，尚未保存" : nil,
                    status: error == nil ? .ok : .unprocessableContent)
            }
            do {
                try await api.workflow.savePrintLayout(named: name, positions: positions, inUse: inUse, scan: nil, for: caller)
                return Self.redirect("/layouts/\(LetterDownload.percentEncoded(name))", flash: inUse ? "已保存，本组织套打使用此版式" : "已保存")
            } catch let error as WorkflowError where error.code == .invalid {
                return page(
                    "printLayout", title: "版式核对：\(name)",
                    try await layoutValues(name, caller: caller, csrf: context.csrf, read: read, typed: positions, inUse: inUse),
                    context: context, error: "未保存：" + error.message, status: .unprocessableContent)
            }
        }
        router.post("/layouts/:name/delete") { _, context in
            guard let caller = caller(context) else { return signIn() }
            try await api.workflow.deletePrintLayout(named: try LayoutRoutes.layoutName(context), for: caller)
            return Self.redirect("/layouts", flash: "已删除")
        }
    }
}
