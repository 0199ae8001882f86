import Foundation
import LetterModel
import Seal
import TestSupport

@testable import Render

/// Shared, lazily loaded fixtures: the project's fonts and layouts, found from the package root.
enum Fixtures {
    static let root = packageRoot.path

    static let resources = Resources(root: root)
    static let fonts: FontLibrary = try! FontLibrary(directory: resources.fontsDirectory)
    static let templateOne: LayoutFile = try! LayoutFile.load(path: resources.layoutPath("template-one"))
    static let seal: SealImage = try! SealImage(validating: DemoSealMaker(fonts: fonts).make(name: "中共山东电力设备有限公司委员会"))
    static let receiptSeal: SealImage = try! SealImage(validating: DemoSealMaker(fonts: fonts).make(name: "中共山东省委省直机关工作委员会"))

    static func letter(_ edit: (inout [String: Any]) -> Void = { _ in }) throws -> Letter {
        var object = try JSONSerialization.jsonObject(with: Data(Letter.sampleJSON.utf8)) as! [String: Any]
        edit(&object)
        return try Letter.decode(object: object)
    }

    /// A scratch directory for this test run.
    static func scratch(_ name: String) -> String {
        let dir = NSTemporaryDirectory() + "letters-tests-\(getpid())/"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir + name
    }
}

/// Runs a command-line tool and returns its standard output.
@discardableResult
func run(_ tool: String, _ arguments: [String]) throws -> String {
    try runTool(tool, arguments).text
}

/// Writes `pdf` to a scratch file and returns its path.
func save(_ pdf: Data, as name: String) throws -> String {
    let path = Fixtures.scratch(name)
    try pdf.write(to: URL(fileURLWithPath: path))
    return path
}

extension Fixtures {
    static let templateTwo: LayoutFile = try! LayoutFile.load(path: resources.layoutPath("template-two"))
}
