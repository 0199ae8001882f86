import CCairo
import CDeflateLevel
import Foundation

/// One PDF being written into memory: owns the cairo surface and drawing context.
final class PDFDocument {
    /// Collects the bytes cairo writes; the class is the stream's closure.
    private final class Sink {
        var data = Data()
    }

    private let sink = Sink()
    let surface: OpaquePointer
    let cr: OpaquePointer

    /// A document of `pages` pages of `width`×`height` mm.
    init(widthMM: Double, heightMM: Double) {
        let write: cairo_write_func_t = { closure, bytes, length in
            let sink = Unmanaged<Sink>.fromOpaque(closure!).takeUnretainedValue()
            sink.data.append(bytes!, count: Int(length))
            return CAIRO_STATUS_SUCCESS
        }
        surface = cairo_pdf_surface_create_for_stream(write, Unmanaged.passUnretained(sink).toOpaque(),
                                                      pt(widthMM), pt(heightMM))
        cr = cairo_create(surface)
    }

    deinit {
        cairo_destroy(cr)
        cairo_surface_destroy(surface)
    }

    /// Sets the title and the creation date, so that the same input gives the same bytes.
    func setMetadata(title: String, created: String) {
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, created)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, created)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "letters")
    }

    /// Ends the current page and starts another.
    func nextPage() {
        letters_set_deflate_level(PDFDocument.deflateLevel)
        cairo_show_page(cr)
        letters_set_deflate_level(-1)
    }

    /// zlib level for the PDF's streams: level 1 deflates font subsets and page content about
    /// three times faster than cairo's fixed level 6, for files about 1.5 % larger.
    static let deflateLevel: Int32 = 1

    /// Finishes the PDF and returns its bytes.
    func finish() throws(RenderError) -> Data {
        // cairo writes (and compresses) every stream when the surface finishes.
        letters_set_deflate_level(PDFDocument.deflateLevel)
        cairo_surface_finish(surface)
        letters_set_deflate_level(-1)
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw RenderError(code: .cairo, message: "cairo 无法生成 PDF：\(String(cString: cairo_status_to_string(status)))")
        }
        return sink.data
    }
}
