import ArgumentParser
import Foundation
import Render

struct CalibrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "生成打印机套打校准页：标尺、十字线、各栏位方框，印在白纸上对照预印介绍信读出偏移。")

    @OptionGroup var layoutOptions: LayoutOptions

    @Option(help: "输出 PDF 路径")
    var out: String

    func validate() throws {
        guard layoutOptions.printer != nil else { throw ValidationError("请用 --printer 指定打印机名称") }
    }

    func run() throws {
        try reportingErrors {
            var options = layoutOptions
            // Calibration is for overprinting: template two unless told otherwise.
            if options.layout == nil && options.template == "one" { options.template = "two" }
            let printer = try options.profile(allowUnknown: true)!
            let (_, renderer) = try options.renderer()
            let pdf = try renderer.renderCalibration(printer: printer)
            try writeFile(pdf, to: out)
            print("已生成校准页 \(out)：打印机“\(printer.name)”，偏移 横向 \(printer.offsetX) 毫米、纵向 \(printer.offsetY) 毫米。以 100% 比例打印在白纸上，按页上的说明读出偏移。")
        }
    }
}
