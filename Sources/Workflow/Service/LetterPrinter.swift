import CoreMetrics
import Crypto
import Foundation
import LetterModel
import NIOConcurrencyHelpers
import NIOPosix
import Render
import Seal

/// Renders letters off the cooperative threads: a thread pool with one renderer per thread
/// in use (Pango font maps must not be shared between threads), all sharing one font library.
public final class LetterPrinter: Sendable {
    private let fonts: FontLibrary
    private let layouts: [LetterTemplate: LayoutFile]
    private let pool: NIOThreadPool
    private let idle = NIOLockedValueBox<[LetterTemplate: [RendererBox]]>([:])
    private let collectionLayouts: [String: CollectionLayout]
    private let idleSheets = NIOLockedValueBox<[SheetBox]>([])

    private final class SheetBox: @unchecked Sendable {
        let renderer: CollectionSheetRenderer
        init(_ renderer: CollectionSheetRenderer) { self.renderer = renderer }
    }

    private final class RendererBox: @unchecked Sendable {
        let renderer: LetterRenderer
        init(_ renderer: LetterRenderer) { self.renderer = renderer }
    }

    /// How far below the process the render threads run (their nice value above its own; Linux
    /// keeps one per thread). A render is throughput
    /// work; the store's single writer, which every change waits for, and the threads answering
    /// requests are not. On two cores, with renders at the same priority, the writer was
    /// preempted while it held the write lock (held 69 % of a bench run for 40 % of one core's
    /// work); at 5 the full transfers went 6–18 % faster (BENCHMARKS.md, issue 17). Renders still
    /// take any CPU nothing else wants.
    static let renderNice: Int32 = 5

    /// The render threads' nice value: `renderNice` above the process's own (a server started
    /// at nice 10 renders at 15, not at 5).
    private let renderPriority: Int32 = min(19, getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0) + LetterPrinter.renderNice)

    /// Runs `body` on a render thread at `renderPriority` (the first job on a thread sets it,
    /// later ones only read it).
    private func onRenderThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await pool.runIfActive { [renderPriority] in
            let which = __priority_which_t(PRIO_PROCESS.rawValue)
            if getpriority(which, 0) != renderPriority { setpriority(which, 0, renderPriority) }
            return try body()
        }
    }

    /// A printer for both templates from the project's resources, with `threads` threads.
    public init(resources: Resources, threads: Int = ProcessInfo.processInfo.activeProcessorCount) throws {
        fonts = try FontLibrary(directory: resources.fontsDirectory)
        var layouts: [LetterTemplate: LayoutFile] = [:]
        for template in LetterTemplate.allCases {
            layouts[template] = try LayoutFile.load(path: resources.layoutPath(template.layoutName))
        }
        self.layouts = layouts
        var sheets: [String: CollectionLayout] = [:]
        for name in ["collection-member", "collection-organization"] {
            sheets[name] = try CollectionLayout.load(path: resources.layoutPath(name))
        }
        collectionLayouts = sheets
        pool = NIOThreadPool(numberOfThreads: max(1, threads))
        pool.start()
    }

    deinit {
        pool.shutdownGracefully { _ in }
    }

    /// Renders `parts` of `letter` on `template` (shifted by `printer`'s profile) and returns
    /// the PDF with its SHA-256 (hex).
    public func render(
        _ letter: Letter, seal: SealImage?, receiptSeal: SealImage? = nil,
        parts: Set<LetterPart> = Set(LetterPart.allCases), template: LetterTemplate = .one,
        printer: PrinterProfile? = nil, layout own: LayoutFile? = nil
    ) async throws -> (pdf: Data, sha256: String) {
        guard let layout = layouts[template] else { throw WorkflowError(.rendering, "没有版式 \(template.layoutName)") }
        return try await onRenderThread { [self] in
            let box = idle.withLockedValue { $0[template, default: []].popLast() } ?? RendererBox(LetterRenderer(fonts: fonts, layout: layout))
            defer { idle.withLockedValue { $0[template, default: []].append(box) } }
            let started = StoreMetrics.now
            let pdf = try box.renderer.render(letter, seal: seal, receiptSeal: receiptSeal, parts: parts, printer: printer, layout: own)
            Timer(label: "letters_render_duration", dimensions: [("template", template.rawValue)])
                .recordNanoseconds(Int64(StoreMetrics.now - started))
            return (pdf, ArchiveEntry.hex(SHA256.hash(data: pdf)))
        }
    }

    /// A collection sheet (打印采集表) of layout `name` filled with `values`.
    public func collectionSheet(_ name: String, values: [String: String], title: String) async throws -> Data {
        guard let layout = collectionLayouts[name] else { throw WorkflowError(.rendering, "没有版式 \(name)") }
        return try await onRenderThread { [self] in
            let box = idleSheets.withLockedValue { $0.popLast() } ?? SheetBox(CollectionSheetRenderer(fonts: fonts))
            defer { idleSheets.withLockedValue { $0.append(box) } }
            do {
                return try box.renderer.render(layout, values: values, title: title)
            } catch let error as RenderError {
                throw WorkflowError(.rendering, "采集表无法生成：\(error.message)", cause: error)
            }
        }
    }

    /// The layout of `template` as the project ships it: what a county's own layout starts from.
    public func layout(_ template: LetterTemplate) -> LayoutFile? {
        layouts[template]
    }

    /// The calibration sheet of `printer` on template two.
    public func calibration(_ printer: PrinterProfile) async throws -> Data {
        guard let layout = layouts[.two] else { throw WorkflowError(.rendering, "没有版式 template-two") }
        return try await onRenderThread { [self] in
            let box = idle.withLockedValue { $0[.two, default: []].popLast() } ?? RendererBox(LetterRenderer(fonts: fonts, layout: layout))
            defer { idle.withLockedValue { $0[.two, default: []].append(box) } }
            return try box.renderer.renderCalibration(printer: printer)
        }
    }
}
