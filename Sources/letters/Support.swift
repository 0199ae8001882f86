import ArgumentParser
import Foundation
import LetterModel
import Render
import Seal

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

/// Loads the fonts and a layout from the project's folders.
func loadRenderer(template: String) throws -> (FontLibrary, LetterRenderer) {
    let resources = try Resources.locate()
    let fonts = try FontLibrary(directory: resources.fontsDirectory)
    let layout = try LayoutFile.load(path: resources.layoutPath(template))
    return (fonts, LetterRenderer(fonts: fonts, layout: layout))
}
