import ArgumentParser
import Foundation
import LetterModel
import Render
import Seal
import Workflow

/// Prints `message` to stderr.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// Runs `body`, turning the project's errors into plain words on stderr and exit status 1.
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as LetterError {
        printError("错误：\(error)")
        throw ExitCode(1)
    } catch let error as SealError {
        printError("错误：\(error)")
        throw ExitCode(1)
    } catch let error as RenderError {
        printError("错误：\(error)")
        throw ExitCode(1)
    } catch let error as CLIError {
        printError("错误：\(error.message)")
        throw ExitCode(1)
    }
}

/// A command-line usage problem, such as a file that cannot be read.
struct CLIError: Error {
    let message: String
}

func readFile(_ path: String, what: String) throws -> Data {
    guard let data = FileManager.default.contents(atPath: path) else {
        throw CLIError(message: "无法读取\(what)：\(path)")
    }
    return data
}

func writeFile(_ data: Data, to path: String) throws {
    let url = URL(fileURLWithPath: path)
    do {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url, options: .atomic)
    } catch {
        throw CLIError(message: "无法写入 \(path)：\(error.localizedDescription)")
    }
}

/// Writes a file as `produce` hands its bytes out, to a temporary file beside it renamed into
/// place at the end: a province's workbook is never held whole, and a failure leaves no half file.
func writeFile(to path: String, _ produce: (_ sink: @escaping (Data) async throws -> Void) async throws -> Void) async throws {
    let url = URL(fileURLWithPath: path)
    let partial = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString.prefix(8)).part")
    do {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: partial.path, contents: nil) else { throw CLIError(message: "无法创建 \(partial.path)") }
        let handle = try FileHandle(forWritingTo: partial)
        do {
            try await produce { try handle.write(contentsOf: $0) }
            try handle.close()
        } catch {
            try? handle.close()
            throw error
        }
        guard rename(partial.path, url.path) == 0 else { throw CLIError(message: "无法写入 \(path)：\(String(cString: strerror(errno)))") }
    } catch let error where error is WorkflowError || error is CLIError {
        try? FileManager.default.removeItem(at: partial)
        throw error
    } catch {
        try? FileManager.default.removeItem(at: partial)
        throw CLIError(message: "无法写入 \(path)：\(error.localizedDescription)")
    }
}

/// Loads the fonts and a layout from the project's folders.
func loadRenderer(template: String) throws -> (FontLibrary, LetterRenderer) {
    let resources = try Resources.locate()
    let fonts = try FontLibrary(directory: resources.fontsDirectory)
    let layout = try LayoutFile.load(path: resources.layoutPath(template))
    return (fonts, LetterRenderer(fonts: fonts, layout: layout))
}
