import CCairo
import Foundation
import Seal

/// A seal decoded once into a cairo image surface that carries the original JPEG bytes, so
/// that a PDF embeds the file unchanged (DCTDecode) and only once however often it is drawn.
/// Not shared across threads: cairo attaches snapshots to a source surface while painting.
final class SealSurface {
    let surface: OpaquePointer
    let pixels: Int

    init(_ seal: SealImage) throws(RenderError) {
        surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(seal.width), Int32(seal.height))
        pixels = seal.width
        let stride = Int(cairo_image_surface_get_stride(surface))
        cairo_surface_flush(surface)
        guard let data = cairo_image_surface_get_data(surface) else {
            throw RenderError(code: .cairo, message: "cairo 无法分配印章图像")
        }
        do {
            try seal.decodeBGRX(into: data, stride: stride)
        } catch {
            throw RenderError(code: .seal, message: "印章图片无法解码", cause: error)
        }
        cairo_surface_mark_dirty(surface)
        // cairo keeps the pointer until the surface dies, and frees it with `free`.
        let copy = malloc(seal.jpeg.count)!
        seal.jpeg.copyBytes(to: copy.assumingMemoryBound(to: UInt8.self), count: seal.jpeg.count)
        cairo_surface_set_mime_data(
            surface, CAIRO_MIME_TYPE_JPEG, copy.assumingMemoryBound(to: UInt8.self),
            UInt(seal.jpeg.count), free, copy)
    }

    deinit {
        cairo_surface_destroy(surface)
    }
}
