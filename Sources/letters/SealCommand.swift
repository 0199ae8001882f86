import ArgumentParser
import Foundation
import Render
import Seal

struct SealCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seal", abstract: "校验或制作印章图片。", subcommands: [Check.self, Make.self])

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "校验印章图片：JPEG、不超过 5 MB、500×500 像素、300 dpi、RGB 或灰度、可完整解码。")

        @Argument(help: "印章图片")
        var file: String

        func run() throws {
            try reportingErrors {
                let seal = try SealImage(validating: try readFile(file, what: "印章文件"))
                print("印章可用：\(seal.width)×\(seal.height) 像素，300 dpi，\(seal.components == 1 ? "灰度" : "RGB")，\(seal.jpeg.count) 字节；打印直径 42.33 毫米")
            }
        }
    }

    struct Make: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "制作演示用印章（带“样章”字样，不能当作真实印章）。")

        @Option(help: "组织名称，沿印章外圈排列")
        var name: String

        @Option(help: "输出 JPEG 路径")
        var out: String

        func run() throws {
            try reportingErrors {
                let resources = try Resources.locate()
                let maker = DemoSealMaker(fonts: try FontLibrary(directory: resources.fontsDirectory))
                let jpeg = try maker.make(name: name)
                try writeFile(jpeg, to: out)
                print("已生成演示印章 \(out)（\(jpeg.count) 字节，500×500 像素，300 dpi）")
            }
        }
    }
}
