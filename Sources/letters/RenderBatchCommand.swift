import ArgumentParser
import Foundation
import LetterModel
import Render
import Seal

struct RenderBatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render-batch",
        abstract: "把一个 JSON Lines 文件（每行一封介绍信）生成为一个 PDF，每封一页。",
        discussion: """
            有误的信按行号和字段报告到标准错误，其余照常生成；此时退出状态为 3。--strict 则在写任何内容之前检查全部信件，有误即停止（退出状态 1）。
            """)

    @Argument(help: "JSON Lines 文件：每行一封信（JSON 约定同 render）；空行忽略")
    var letters: String

    @OptionGroup var layoutOptions: LayoutOptions

    @Option(help: "输出 PDF 路径")
    var out: String

    @Option(help: "开具组织的印章（仅模板一；套打不印印章）")
    var seal: String?

    @Option(help: "要生成的联：stub,letter,receipt 的任意组合")
    var parts: String = "stub,letter,receipt"

    @Flag(help: "先检查全部信件，有任何错误则不生成")
    var strict = false

    func run() throws {
        var skipped = 0
        try reportingErrors {
            guard FileManager.default.isReadableFile(atPath: letters) else {
                throw CLIError(message: "无法读取信件文件：\(letters)")
            }
            guard let partSet = LetterPart.parseList(parts) else {
                throw CLIError(message: "--parts 应为 stub、letter、receipt 中的一个或多个，以逗号分隔，实为“\(parts)”")
            }
            let sealImage = try seal.map { path throws -> SealImage in try SealImage(validating: try readFile(path, what: "印章文件")) }
            let printer = try layoutOptions.profile()
            let (_, renderer) = try layoutOptions.renderer()
            let reader = LineReader(path: letters)

            if strict {
                var problems = 0
                for (number, line) in reader {
                    if let error = decode(line) {
                        report(number, error)
                        problems += 1
                    }
                }
                guard problems == 0 else {
                    throw CLIError(message: "\(problems) 封信有误（见上）；--strict：未生成 \(out)")
                }
            }

            let progress = Progress(total: reader.count())
            let started = Date()
            let batch = BatchDocument(path: out, renderer: renderer, printer: printer)
            var done = 0
            for (number, line) in reader {
                done += 1
                defer { progress.update(done: done) }
                guard line.contains(where: { $0 != 0x20 && $0 != 0x09 }) else { continue }
                do {
                    let letter = try Letter.decode(json: line)
                    try batch.add(letter, seal: sealImage, parts: partSet)
                } catch let error as LetterError {
                    progress.interrupt()
                    report(number, error)
                    skipped += 1
                } catch let error as RenderError where error.code == .missingGlyph {
                    progress.interrupt()
                    printError("第 \(number) 行：\(error)")
                    skipped += 1
                }
            }
            progress.finish()
            guard batch.pages > 0 else {
                try? FileManager.default.removeItem(atPath: out)
                throw CLIError(message: "没有可生成的信件")
            }
            try batch.finish()
            let seconds = Date().timeIntervalSince(started)
            print(
                String(
                    format: "已生成 %@：%d 封（每封一页），跳过 %d 封有误的信；用时 %.1f 秒，峰值内存 %.0f MB",
                    out, batch.pages, skipped, seconds, peakMemoryMB()))
        }
        if skipped > 0 { throw ExitCode(3) }
    }

    private func decode(_ line: Data) -> LetterError? {
        guard line.contains(where: { $0 != 0x20 && $0 != 0x09 }) else { return nil }
        do {
            _ = try Letter.decode(json: line)
            return nil
        } catch {
            return error
        }
    }

    private func report(_ line: Int, _ error: LetterError) {
        printError("第 \(line) 行：\(error.message)" + error.issues.map { "\n  - \($0)" }.joined())
    }
}

/// The process's peak resident memory, from /proc (0 where there is none).
func peakMemoryMB() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
        let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
        let kB = Double(line.split(separator: " ").dropFirst().first ?? "")
    else { return 0 }
    return kB / 1024
}
