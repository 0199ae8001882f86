import CCairo
import CDeflateLevel
import CNumberPrint
import Foundation

/// One PDF being written, into memory or straight to a file (so that a batch of thousands of
/// letters never sits in memory): owns the cairo surface and drawing context.
final class PDFDocument {
    /// Where the bytes go.
    enum Output {
        /// Collected in memory; ``finish()`` returns them.
        case memory
        /// Written to the file at this path as cairo produces them.
        case file(String)
    }

    /// Takes the bytes cairo writes, through the filter of its duplicated resource entries,
    /// into memory or a file; the class is the stream's closure.
    private final class Sink {
        /// cairo writes a PDF's dictionaries, widths and cross-reference table a few bytes at a
        /// time, thousands of calls per letter; they are gathered here and filtered in pieces
        /// of this size (each small write through the filter was 6 % of a render).
        static let stagedBytes = 32 * 1024

        var data = Data()
        var handle: FileHandle?
        var failed = false
        private var staged: [UInt8] = []
        lazy var filter = XObjectDeduplicator { [unowned self] bytes in
            guard let handle = self.handle else {
                self.data.append(contentsOf: bytes)
                return
            }
            do { try handle.write(contentsOf: UnsafeRawBufferPointer(bytes)) } catch { self.failed = true }
        }

        init() { staged.reserveCapacity(Self.stagedBytes) }

        /// Takes the next bytes cairo wrote; large ones (compressed streams, images) pass at once.
        func write(_ bytes: UnsafeBufferPointer<UInt8>) {
            if staged.count + bytes.count <= Self.stagedBytes {
                staged.append(contentsOf: bytes)
                return
            }
            flush()
            if bytes.count >= Self.stagedBytes / 2 {
                filter.write(bytes)
            } else {
                staged.append(contentsOf: bytes)
            }
        }

        /// Passes on what is staged, then whatever the filter still holds.
        func finish() {
            flush()
            filter.finish()
        }

        private func flush() {
            guard !staged.isEmpty else { return }
            staged.withUnsafeBufferPointer { filter.write($0) }
            staged.removeAll(keepingCapacity: true)
        }
    }

    private let sink = Sink()
    private let output: Output
    let surface: OpaquePointer
    let cr: OpaquePointer
    let widthMM: Double
    let heightMM: Double

    /// A document whose pages are `widthMM`×`heightMM`.
    init(widthMM: Double, heightMM: Double, output: Output = .memory) {
        self.output = output
        self.widthMM = widthMM
        self.heightMM = heightMM
        if case .file(let path) = output {
            // A file that cannot be made fails the first write, and cairo reports it.
            if FileManager.default.createFile(atPath: path, contents: nil) { sink.handle = FileHandle(forWritingAtPath: path) }
            if sink.handle == nil { sink.failed = true }
        }
        let write: cairo_write_func_t = { closure, bytes, length in
            let sink = Unmanaged<Sink>.fromOpaque(closure!).takeUnretainedValue()
            guard !sink.failed else { return CAIRO_STATUS_WRITE_ERROR }
            sink.write(UnsafeBufferPointer(start: bytes, count: Int(length)))
            return sink.failed ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS
        }
        surface = cairo_pdf_surface_create_for_stream(write, Unmanaged.passUnretained(sink).toOpaque(), pt(widthMM), pt(heightMM))
        cr = cairo_create(surface)
    }

    deinit {
        cairo_destroy(cr)
        cairo_surface_destroy(surface)
        try? sink.handle?.close()
    }

    /// Sets the title and the creation date, so that the same input gives the same bytes.
    func setMetadata(title: String, created: String) {
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, created)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, created)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "letters")
    }

    /// libdeflate's level for the PDF's streams (see deflate_level.c): 1 takes about half the
    /// time zlib's level 1 took, for files 0.6 % smaller; libdeflate's level 6
    /// saves another 1 % of the bytes at no measurable gain (BENCHMARKS.md, 2026-12-01).
    static let deflateLevel: Int32 = 1

    /// Ends the current page; the next drawing starts another.
    func nextPage() throws(RenderError) {
        // cairo writes (and compresses) a page's content when the page ends.
        letters_set_deflate_level(PDFDocument.deflateLevel)
        letters_set_fast_numbers(1)
        cairo_show_page(cr)
        letters_set_fast_numbers(0)
        letters_set_deflate_level(-1)
        try check()
    }

    /// Finishes the PDF, marks it for printing at 100 % on A4, and returns its bytes (empty
    /// for a file, whose bytes are on disk).
    func finish() throws(RenderError) -> Data {
        // cairo writes (and compresses) fonts and the last page when the surface finishes.
        letters_set_deflate_level(PDFDocument.deflateLevel)
        letters_set_fast_numbers(1)
        cairo_surface_finish(surface)
        letters_set_fast_numbers(0)
        letters_set_deflate_level(-1)
        try check()
        sink.finish()
        try? sink.handle?.close()
        sink.handle = nil
        guard !sink.failed else { throw RenderError(code: .io, message: "无法写入 PDF 文件") }
        let mediaBox = [0, 0, pt(widthMM), pt(heightMM)]
        switch output {
        case .memory:
            var store = MemoryPDF(data: sink.data)
            // The store's bytes only: the settings are appended in place, not to a copy.
            sink.data = Data()
            try PDFPrintSettings.apply(to: &store, mediaBox: mediaBox)
            return store.data
        case .file(let path):
            guard let handle = FileHandle(forUpdatingAtPath: path) else {
                throw RenderError(code: .io, message: "无法打开 \(path) 以完成 PDF")
            }
            defer { try? handle.close() }
            var store = FilePDF(handle: handle)
            try PDFPrintSettings.apply(to: &store, mediaBox: mediaBox)
            return Data()
        }
    }

    private func check() throws(RenderError) {
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw RenderError(
                code: status == CAIRO_STATUS_WRITE_ERROR ? .io : .cairo,
                message: "cairo 无法生成 PDF：\(String(cString: cairo_status_to_string(status)))")
        }
    }
}
