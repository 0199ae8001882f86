import Foundation
import Seal
import Testing

/// The `letters` executable, run as an administrator would run it.
@Suite struct CommandLineTests {
    struct Outcome {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    static let root: URL = {
        var dir = URL(fileURLWithPath: #filePath)
        while !FileManager.default.fileExists(atPath: dir.appendingPathComponent("Package.swift").path) {
            dir.deleteLastPathComponent()
        }
        return dir
    }()

    /// The executable built beside the test bundle.
    static let executable: URL = {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("letters")
        return FileManager.default.isExecutableFile(atPath: beside.path) ? beside : root.appendingPathComponent(".build/debug/letters")
    }()

    static let scratch: URL = {
        let dir = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("letters-cli-\(getpid())")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }()

    func letters(_ arguments: [String]) throws -> Outcome {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = arguments
        process.currentDirectoryURL = Self.root
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                       stderr: String(decoding: stderr, as: UTF8.self))
    }

    func file(_ name: String, _ data: Data) throws -> String {
        let url = Self.scratch.appendingPathComponent(name)
        try data.write(to: url)
        return url.path
    }

    @Test func demoWritesTheLetterItsSealsAndPDFs() throws {
        let dir = Self.scratch.appendingPathComponent("demo").path
        let outcome = try letters(["demo", "--dir", dir])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        for name in ["letter.json", "seal.jpg", "receipt-seal.jpg", "letter.pdf", "letter-with-receipt.pdf"] {
            #expect(FileManager.default.fileExists(atPath: dir + "/" + name), "\(name)")
        }
        #expect(outcome.stdout.contains(dir))
        // The demo seal is itself a valid seal.
        _ = try SealImage(contentsOf: dir + "/seal.jpg")
        let check = try letters(["seal", "check", dir + "/seal.jpg"])
        #expect(check.status == 0 && check.stdout.contains("500×500"))
    }

    @Test func renderWritesThePDFWithTheRequestedParts() throws {
        let dir = Self.scratch.appendingPathComponent("render").path
        _ = try letters(["demo", "--dir", dir])
        let out = dir + "/stub-and-letter.pdf"
        let outcome = try letters(["render", dir + "/letter.json", "--seal", dir + "/seal.jpg", "--out", out,
                                   "--parts", "stub,letter"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect((try Data(contentsOf: URL(fileURLWithPath: out))).starts(with: Array("%PDF".utf8)))
    }

    @Test func anInvalidLetterExitsNonZeroNamingEveryFieldOnStderr() throws {
        let json = #"{"number": "1", "addressee": "", "validityDays": 20}"#
        let outcome = try letters(["render", try file("bad.json", Data(json.utf8)), "--out", Self.scratch.appendingPathComponent("x.pdf").path])
        #expect(outcome.status == 1)
        for field in ["addressee", "validityDays", "member", "issuedOn"] {
            #expect(outcome.stderr.contains(field), "\(field)")
        }
        #expect(outcome.stdout.isEmpty)
    }

    @Test func malformedJSONExitsNonZero() throws {
        let outcome = try letters(["render", try file("broken.json", Data("{\"number\":".utf8)), "--out", "/dev/null"])
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("JSON"))
    }

    @Test func sealCheckExplainsWhatIsWrongAndExitsOne() throws {
        let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13])
        let outcome = try letters(["seal", "check", try file("seal.jpg", png)])
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("PNG"))

        let truncated = try letters(["seal", "check", try file("empty.jpg", Data())])
        #expect(truncated.status == 1 && truncated.stderr.contains("0 字节"))
    }

    @Test func anUnknownPartIsAUsageErrorNamingTheOption() throws {
        let outcome = try letters(["render", "x.json", "--out", "y.pdf", "--parts", "stub,cover"])
        #expect(outcome.status != 0)
        #expect(outcome.stderr.contains("--parts"))
    }
}
