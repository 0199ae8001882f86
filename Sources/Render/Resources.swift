import Foundation

/// Where the project's data folders are: `fonts/` (font configuration and the fonts built
/// from it) and `layouts/` (letter layouts).
public struct Resources: Sendable {
    /// The folder holding `fonts.conf` and `build/`.
    public let fontsDirectory: String
    /// The folder holding the layout files.
    public let layoutsDirectory: String
    /// The folder holding the demo province's register sheets (`organizations.csv`).
    public let demoDirectory: String

    /// Uses `root/fonts` and `root/layouts`.
    public init(root: String) {
        fontsDirectory = (root as NSString).appendingPathComponent("fonts")
        layoutsDirectory = (root as NSString).appendingPathComponent("layouts")
        demoDirectory = (root as NSString).appendingPathComponent("demo")
    }

    /// Finds the project root: `$LETTERS_HOME` when set, else the nearest folder holding
    /// `layouts/` and `fonts/fonts.conf`, looking up from the working directory and then from
    /// the executable (so that `.build/release/letters` works from anywhere).
    public static func locate() throws(RenderError) -> Resources {
        let fm = FileManager.default
        if let home = ProcessInfo.processInfo.environment["LETTERS_HOME"], !home.isEmpty {
            guard fm.fileExists(atPath: home + "/fonts/fonts.conf") else {
                throw RenderError(code: .resources, message: "LETTERS_HOME=\(home) 下没有 fonts/fonts.conf")
            }
            return Resources(root: home)
        }
        let starts = [
            fm.currentDirectoryPath,
            (CommandLine.arguments.first.map { URL(fileURLWithPath: $0).resolvingSymlinksInPath().deletingLastPathComponent().path }) ?? "",
        ]
        for start in starts where !start.isEmpty {
            var dir = URL(fileURLWithPath: start)
            while true {
                if fm.fileExists(atPath: dir.appendingPathComponent("fonts/fonts.conf").path),
                    fm.fileExists(atPath: dir.appendingPathComponent("layouts").path)
                {
                    return Resources(root: dir.path)
                }
                let parent = dir.deletingLastPathComponent()
                if parent.path == dir.path { break }
                dir = parent
            }
        }
        throw RenderError(
            code: .resources,
            message: "找不到项目的 fonts/ 与 layouts/ 目录：请在项目目录中运行，或设置 LETTERS_HOME")
    }

    /// The path of layout `name` (without `.json`).
    public func layoutPath(_ name: String) -> String {
        (layoutsDirectory as NSString).appendingPathComponent(name + ".json")
    }
}
