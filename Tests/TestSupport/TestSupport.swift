import Foundation

/// Where the package is checked out: the folder above the tests that holds `Package.swift`.
public let packageRoot: URL = {
    var dir = URL(fileURLWithPath: #filePath)
    while !FileManager.default.fileExists(atPath: dir.appendingPathComponent("Package.swift").path) { dir.deleteLastPathComponent() }
    return dir
}()

/// What a finished process left: its exit status and both outputs.
public struct ToolOutcome: Sendable {
    /// The exit status.
    public let status: Int32
    /// Standard output.
    public let stdout: Data
    /// Standard error.
    public let stderr: String

    /// Standard output as UTF-8 text.
    public var text: String { String(decoding: stdout, as: UTF8.self) }
}

/// Runs `tool` (an absolute path, or a name looked up on `PATH`) with `arguments` until it ends.
/// Standard error goes to a scratch file while standard output is read, so neither fills its
/// pipe and stalls the other.
@discardableResult
public func runTool(_ tool: String, _ arguments: [String], in directory: URL? = nil) throws -> ToolOutcome {
    let process = Process()
    if tool.hasPrefix("/") {
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
    } else {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
    }
    if let directory { process.currentDirectoryURL = directory }
    let errorPath = NSTemporaryDirectory() + "tool-\(UUID().uuidString).err"
    FileManager.default.createFile(atPath: errorPath, contents: nil)
    defer { try? FileManager.default.removeItem(atPath: errorPath) }
    let errors = try FileHandle(forWritingTo: URL(fileURLWithPath: errorPath))
    let out = Pipe()
    process.standardOutput = out
    process.standardError = errors
    try process.run()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    try errors.close()
    let stderr = (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? ""
    return ToolOutcome(status: process.terminationStatus, stdout: stdout, stderr: stderr)
}

/// The text of PDF bytes as poppler's `pdftotext` reads it (what a person copying from the
/// document gets), whitespace removed unless `keepingSpace`.
public func pdfText(_ pdf: Data, keepingSpace: Bool = false) throws -> String {
    let path = NSTemporaryDirectory() + "text-\(UUID().uuidString).pdf"
    try pdf.write(to: URL(fileURLWithPath: path))
    defer { try? FileManager.default.removeItem(atPath: path) }
    let text = try runTool("pdftotext", ["-enc", "UTF-8", path, "-"]).text
    return keepingSpace ? text : text.filter { !$0.isWhitespace }
}

/// The words `pdftotext -bbox` finds in PDF bytes, each with its box in points from the page's
/// top-left corner, in reading order.
public func pdfWords(_ pdf: Data) throws -> [(text: String, xMin: Double, yMin: Double, xMax: Double, yMax: Double)] {
    let path = NSTemporaryDirectory() + "words-\(UUID().uuidString).pdf"
    try pdf.write(to: URL(fileURLWithPath: path))
    defer { try? FileManager.default.removeItem(atPath: path) }
    let html = try runTool("pdftotext", ["-bbox", "-enc", "UTF-8", path, "-"]).text
    return html.split(separator: "\n").compactMap { line -> (String, Double, Double, Double, Double)? in
        guard line.contains("<word "), let open = line.firstIndex(of: ">"), let close = line.range(of: "</word>") else { return nil }
        func attribute(_ name: String) -> Double {
            guard let r = line.range(of: "\(name)=\"") else { return .nan }
            return Double(line[r.upperBound...].prefix { $0 != "\"" }) ?? .nan
        }
        let text = String(line[line.index(after: open)..<close.lowerBound])
        return (text, attribute("xMin"), attribute("yMin"), attribute("xMax"), attribute("yMax"))
    }
}
