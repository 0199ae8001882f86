import ArgumentParser
import Foundation
import LetterModel
import Render
import Seal

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo", abstract: "在一个目录中写入演示介绍信的 JSON、印章和 PDF。")

    @Option(help: "输出目录")
    var dir: String = "out/demo"

    func run() throws {
        try reportingErrors {
            let letter = Letter.sample
            let (fonts, renderer) = try loadRenderer(template: "template-one")
            let maker = DemoSealMaker(fonts: fonts)
            let seal = try SealImage(validating: try maker.make(name: letter.receiptAddressee))
            let receiptSeal = try SealImage(validating: try maker.make(name: "中共山东省委省直机关工作委员会"))
            let files: [(String, Data)] = [
                ("letter.json", Data(Letter.sampleJSON.utf8)),
                ("seal.jpg", seal.jpeg),
                ("receipt-seal.jpg", receiptSeal.jpeg),
                ("letter.pdf", try renderer.render(letter, seal: seal)),
                ("letter-with-receipt.pdf", try renderer.render(letter, seal: seal, receiptSeal: receiptSeal)),
            ]
            for (name, data) in files {
                try writeFile(data, to: (dir as NSString).appendingPathComponent(name))
            }
            let path = URL(fileURLWithPath: dir).standardizedFileURL.path
            print(
                """
                演示文件已写入 \(path)/：
                  letter.json              介绍信数据（JSON 约定）
                  seal.jpg                 开具组织的演示印章（样章）
                  receipt-seal.jpg         接收组织的演示印章（样章）
                  letter.pdf               开具时的介绍信：第二联盖章、骑缝章，第三联未盖章
                  letter-with-receipt.pdf  回执退回后的同一封信：第三联盖接收组织印章
                """)
        }
    }
}
