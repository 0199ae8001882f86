import ArgumentParser
import Foundation
import Render

/// Options shared by the commands that print: which layout, and which printer's offset.
struct LayoutOptions: ParsableArguments {
    @Option(help: "模板：one（整页表格，印在空白 A4 纸上）、two（套打：只印数据，印在预印好的介绍信上），或 layouts/ 中其他版式文件的名称")
    var template: String = "one"

    @Option(help: "自定义版式文件（JSON），代替 --template（如某县另一批印刷的预印纸）")
    var layout: String?

    @Option(help: "打印机配置文件（JSON）；默认为当前目录的 printers.json")
    var printers: String?

    @Option(help: "打印机名称：按其配置的偏移（毫米）移动全部内容")
    var printer: String?

    /// The layout file's path.
    func layoutPath(_ resources: Resources) throws -> String {
        if let layout { return layout }
        switch template {
        case "one", "1", "template-one": return resources.layoutPath("template-one")
        case "two", "2", "template-two": return resources.layoutPath("template-two")
        default:
            // A county's own print run: layouts/NAME.json, added without code changes.
            let path = resources.layoutPath(template)
            guard FileManager.default.fileExists(atPath: path) else {
                throw CLIError(message: "未知模板“\(template)”：可用 one（整页表格）、two（套打），或 layouts/ 中的版式文件名")
            }
            return path
        }
    }

    var printersPath: String {
        printers ?? ProcessInfo.processInfo.environment["LETTERS_PRINTERS"] ?? "printers.json"
    }

    /// The profile of `--printer`, or nil when none was named. A printer missing from the
    /// file is an error, unless `allowUnknown` (a first calibration starts from no offset).
    func profile(allowUnknown: Bool = false) throws -> PrinterProfile? {
        guard let printer else { return nil }
        let path = printersPath
        if allowUnknown && printers == nil && !FileManager.default.fileExists(atPath: path) {
            return .uncalibrated(printer)
        }
        let profiles = try PrinterProfiles.load(path: path)
        if let profile = profiles.profile(named: printer) { return profile }
        if allowUnknown { return .uncalibrated(printer) }
        let known = profiles.printers.map(\.name).joined(separator: "、")
        throw CLIError(message: "打印机配置文件 \(path) 中没有“\(printer)”" + (known.isEmpty ? "" : "；已有：\(known)"))
    }

    /// Fonts and a renderer for the chosen layout.
    func renderer() throws -> (FontLibrary, LetterRenderer) {
        let resources = try Resources.locate()
        let fonts = try FontLibrary(directory: resources.fontsDirectory)
        let layout = try LayoutFile.load(path: try layoutPath(resources))
        return (fonts, LetterRenderer(fonts: fonts, layout: layout))
    }
}
