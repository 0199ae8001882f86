import Foundation
import Testing

@testable import Seal

/// A JPEG of `width`×`height` in `layout` at `dpi`, plain grey-red pixels.
func jpeg(width: Int = 500, height: Int = 500, dpi: Int = 300, layout: JPEGEncoder.PixelLayout = .bgrx) throws -> Data {
    let bytesPerPixel = layout == .gray ? 1 : 4
    var pixels = [UInt8](repeating: 0, count: width * height * bytesPerPixel)
    for i in pixels.indices { pixels[i] = UInt8((i * 7) % 251) }
    return try pixels.withUnsafeBufferPointer {
        try JPEGEncoder.encode(
            $0.baseAddress!, layout: layout, width: width, height: height,
            stride: width * bytesPerPixel, dpi: dpi)
    }
}

func problems(_ data: Data) -> [SealProblem] {
    do {
        _ = try SealImage(validating: data)
        return []
    } catch {
        return error.problems
    }
}

@Suite struct SealValidationTests {
    /// Found by fuzzing: 407 bytes declaring 65,027 × 65,304 pixels, which libjpeg decoded
    /// (padding the missing data) for minutes before the size was checked.
    @Test func aTinyFileDeclaringAnEnormousImageIsRefusedOnItsSizeWithoutBeingDecoded() throws {
        var dir = URL(fileURLWithPath: #filePath)
        dir.deleteLastPathComponent()
        dir.deleteLastPathComponent()
        let data = try Data(contentsOf: dir.appendingPathComponent("fuzz/regressions/seal/huge-declared-size.jpg"))
        #expect(data.count == 407)
        #expect(problems(data).contains(.dimensions(width: 65027, height: 65304)))
    }

    @Test func aTrueSizeRGBJPEGIsAccepted() throws {
        let seal = try SealImage(validating: try jpeg())
        #expect(seal.width == 500 && seal.height == 500 && seal.components == 3)
    }

    @Test func aGreyscaleJPEGIsAccepted() throws {
        #expect(try SealImage(validating: try jpeg(layout: .gray)).components == 1)
    }

    @Test func densityIn118DotsPerCentimetreIsAccepted() throws {
        var data = try jpeg()
        // JFIF APP0: units at byte 13, X and Y density at 14 and 16.
        data[13] = 2
        data[14] = 0
        data[15] = 118
        data[16] = 0
        data[17] = 118
        _ = try SealImage(validating: data)
    }

    @Test func wrongDimensionsAreRefused() throws {
        #expect(problems(try jpeg(width: 499)) == [.dimensions(width: 499, height: 500)])
        #expect(problems(try jpeg(width: 1000, height: 1000)) == [.dimensions(width: 1000, height: 1000)])
    }

    @Test func seventyTwoDPIIsRefused() throws {
        #expect(problems(try jpeg(dpi: 72)) == [.density(unit: 1, x: 72, y: 72, sawJFIF: true)])
    }

    @Test func wrongSizeAndDensityAreReportedTogether() throws {
        #expect(problems(try jpeg(width: 600, dpi: 96)).map(\.rule) == ["dimensions", "density"])
    }

    @Test func cmykIsRefused() throws {
        #expect(problems(try jpeg(layout: .cmyk)).map(\.rule) == ["color-space"])
    }

    @Test func aPNGRenamedJPGIsNamedAsPNG() {
        let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + [UInt8](repeating: 0, count: 100))
        #expect(problems(png) == [.notJPEG(detected: "PNG")])
        #expect(problems(png).first?.message.contains("PNG") == true)
    }

    @Test func zeroBytesIsEmpty() {
        #expect(problems(Data()) == [.empty])
    }

    @Test func sixMegabytesIsTooLargeAndNotDecoded() {
        var data = Data([0xFF, 0xD8, 0xFF, 0xE0])
        data.append(Data(count: 6 * 1024 * 1024))
        #expect(problems(data) == [.tooLarge(bytes: data.count)])
    }

    @Test("a truncated JPEG is an error, never the end of the process", arguments: [3, 20, 100, 400, 2_000, 0.5, 0.9, -2])
    func truncated(at cut: Double) throws {
        let whole = try jpeg()
        let length = cut < 0 ? whole.count + Int(cut) : cut < 1 ? Int(Double(whole.count) * cut) : Int(cut)
        let found = problems(whole.prefix(length))
        #expect(!found.isEmpty, "cut at \(length) of \(whole.count)")
        #expect(found.allSatisfy { $0.rule == "decodable" || $0.rule == "jpeg" })
    }

    @Test func corruptDataInsideTheImageIsAnError() throws {
        var data = try jpeg()
        for i in stride(from: data.count / 3, to: data.count / 3 + 400, by: 1) { data[i] = 0xFF }
        #expect(!problems(data).isEmpty)
    }

    @Test func theEncoderWritesTheRequestedDensity() throws {
        let seal = try SealImage(validating: try jpeg(dpi: 300))
        #expect(seal.jpeg[13] == 1 && seal.jpeg[14] == 1 && seal.jpeg[15] == 44)
    }
}
