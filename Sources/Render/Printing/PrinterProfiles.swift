import Foundation

/// The printer profiles of a department, kept in a JSON file:
/// `{"printers": [{"name": "县委组织部-1号机", "offsetX": 2.0, "offsetY": -1.5}]}`.
public struct PrinterProfiles: Sendable, Hashable, Codable {
    /// The profiles, names unique.
    public var printers: [PrinterProfile]

    /// Creates a set of profiles.
    public init(printers: [PrinterProfile]) {
        self.printers = printers
    }

    /// Reads and checks a profiles file.
    public static func load(path: String) throws(RenderError) -> PrinterProfiles {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RenderError(code: .printers, message: "找不到打印机配置文件 \(path)")
        }
        let profiles: PrinterProfiles
        do {
            profiles = try JSONDecoder().decode(PrinterProfiles.self, from: data)
        } catch {
            throw RenderError(
                code: .printers,
                message: "打印机配置文件 \(path) 格式有误：\(LayoutFile.describe(error))；应为 {\"printers\": [{\"name\": …, \"offsetX\": 毫米, \"offsetY\": 毫米}]}")
        }
        var problems: [String] = []
        var seen = Set<String>()
        for (i, printer) in profiles.printers.enumerated() {
            problems += printer.problems.map { "printers[\(i)].\($0)" }
            if !seen.insert(printer.name).inserted { problems.append("printers[\(i)].name “\(printer.name)”重复") }
        }
        guard problems.isEmpty else {
            throw RenderError(code: .printers, message: "打印机配置文件 \(path) 有误：" + problems.joined(separator: "；"))
        }
        return profiles
    }

    /// The profile called `name`, or nil.
    public func profile(named name: String) -> PrinterProfile? {
        printers.first { $0.name == name }
    }
}
