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
    private let layout: LayoutFile
    private let pool: NIOThreadPool
    private let idle = NIOLockedValueBox<[RendererBox]>([])

    private final class RendererBox: @unchecked Sendable {
        let renderer: LetterRenderer
        init(_ renderer: LetterRenderer) { self.renderer = renderer }
    }

    /// A printer for template one from the project's resources, with `threads` threads.
    public init(resources: Resources, threads: Int = ProcessInfo.processInfo.activeProcessorCount) throws {
        fonts = try FontLibrary(directory: resources.fontsDirectory)
        layout = try LayoutFile.load(path: resources.layoutPath("template-one"))
        pool = NIOThreadPool(numberOfThreads: max(1, threads))
        pool.start()
    }

    deinit {
        pool.shutdownGracefully { _ in }
    }

    /// Renders `parts` of `letter` and returns the PDF with its SHA-256 (hex).
    public func render(_ letter: Letter, seal: SealImage?, receiptSeal: SealImage? = nil,
                       parts: Set<LetterPart> = Set(LetterPart.allCases)) async throws -> (pdf: Data, sha256: String) {
        try await pool.runIfActive { [self] in
            let box = idle.withLockedValue { $0.popLast() } ?? RendererBox(LetterRenderer(fonts: fonts, layout: layout))
            defer { idle.withLockedValue { $0.append(box) } }
            let pdf = try box.renderer.render(letter, seal: seal, receiptSeal: receiptSeal, parts: parts)
            return (pdf, SHA256.hash(data: pdf).map { String(format: "%02x", $0) }.joined())
        }
    }
}
