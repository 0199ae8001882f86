import ArgumentParser
import Foundation
import LetterModel
import Render
import Seal

struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render", abstract: "把一封介绍信（JSON）生成为可打印的 A4 PDF。")

    @Argument(help: "介绍信 JSON 文件")
    var letter: String

    @Option(help: "开具组织的印章（500×500 像素、300 dpi 的 JPEG）；省略则生成不盖章的草稿")
    var seal: String?

    @Option(name: .customLong("receipt-seal"), help: "接收组织退回回执时加盖的印章（第三联）")
    var receiptSeal: String?

    @Option(help: "输出 PDF 路径")
    var out: String

    @Option(help: "要生成的联：stub,letter,receipt 的任意组合（其余联留白）")
    var parts: String = "stub,letter,receipt"

    @OptionGroup var layoutOptions: LayoutOptions

    func run() throws {
        try reportingErrors {
            guard let partSet = LetterPart.parseList(parts) else {
                throw CLIError(message: "--parts 应为 stub、letter、receipt 中的一个或多个，以逗号分隔，实为“\(parts)”")
            }
            let letter = try Letter.decode(json: try readFile(self.letter, what: "介绍信文件"))
            let sealImage = try seal.map { path throws -> SealImage in try SealImage(validating: try readFile(path, what: "印章文件")) }
            let receiptImage = try receiptSeal.map { path throws -> SealImage in try SealImage(validating: try readFile(path, what: "回执印章文件")) }
            let (_, renderer) = try layoutOptions.renderer()
            let pdf = try renderer.render(
                letter, seal: sealImage, receiptSeal: receiptImage, parts: partSet,
                printer: try layoutOptions.profile())
            try writeFile(pdf, to: out)
            let unsealed = sealImage == nil && renderer.layout.printsSeals
            print("已生成 \(out)（\(pdf.count) 字节）" + (unsealed ? "；未盖章（未给 --seal）" : ""))
        }
    }
}
