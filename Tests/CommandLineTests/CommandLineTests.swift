import Foundation
import Seal
import TestSupport
import Testing

/// The `letters` executable, run as an administrator would run it.
@Suite struct CommandLineTests {
    struct Outcome {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    static let root = packageRoot

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
        let outcome = try runTool(Self.executable.path, arguments, in: Self.root)
        return Outcome(status: outcome.status, stdout: outcome.text, stderr: outcome.stderr)
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

    @Test func aTransferFromAnotherProvinceIsRegisteredFromTheCommandLineWithThePhoto() throws {
        let dir = Self.scratch.appendingPathComponent("incoming").path
        #expect(try letters(["demo", "--dir", dir]).status == 0)
        let db = dir + "/incoming.sqlite"
        #expect(try letters(["demo-db", "--db", db, "--members", "100"]).status == 0)
        let base = [
            "transfer", "register-incoming", "--db", db, "--as", "J", "--name", "来鲁者", "--id-number", "110105198001010016",
            "--phone", "13606406636", "--origin", "中共江苏省南京市鼓楼区委", "--to", "B1",
        ]
        let refused = try letters(base)
        #expect(refused.status == 1 && refused.stderr.contains("身份证照片"), "without the photo the identity cannot be checked: \(refused.stderr)")
        let done = try letters(base + ["--photo", dir + "/seal.jpg"])
        #expect(done.status == 0 && done.stdout.contains("来鲁者") && done.stdout.contains("自外省(区、市)转入"), "\(done.stdout)\(done.stderr)")
        let again = try letters(base + ["--photo", dir + "/seal.jpg"])
        #expect(again.status == 1 && again.stderr.contains("已有党员记录"))
    }

    @Test func renderWritesThePDFWithTheRequestedParts() throws {
        let dir = Self.scratch.appendingPathComponent("render").path
        _ = try letters(["demo", "--dir", dir])
        let out = dir + "/stub-and-letter.pdf"
        let outcome = try letters([
            "render", dir + "/letter.json", "--seal", dir + "/seal.jpg", "--out", out,
            "--parts", "stub,letter",
        ])
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

    @Test func anArchiveExportForADayNotOnTheCalendarIsRefusedBeforeAnythingIsWritten() throws {
        let out = NSTemporaryDirectory() + "never-\(UUID().uuidString).zip"
        let outcome = try letters([
            "archive", "export", "--db", "sqlite:" + NSTemporaryDirectory() + "none-\(UUID().uuidString).sqlite",
            "--from", "2026-02-31", "--out", out,
        ])
        #expect(outcome.status == 1 && outcome.stderr.contains("没有 2026-02-31 这一天"), "\(outcome.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))
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

    /// A JSON Lines batch of the demo letter under different numbers; `bad` lines (1-based)
    /// get an invalid ID number.
    func batch(_ count: Int, bad: Set<Int> = []) throws -> String {
        let dir = Self.scratch.appendingPathComponent("batch-source").path
        _ = try letters(["demo", "--dir", dir])
        let sample = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/letter.json"))) as! [String: Any]
        var lines: [String] = []
        for i in 1...count {
            var letter = sample
            letter["number"] = "2017\(i)"
            if bad.contains(i) {
                var member = letter["member"] as! [String: Any]
                member["idNumber"] = "370111196210194415"
                letter["member"] = member
            }
            lines.append(String(decoding: try JSONSerialization.data(withJSONObject: letter), as: UTF8.self))
        }
        return try file("batch-\(count)-\(bad.sorted()).jsonl", Data((lines.joined(separator: "\n") + "\n").utf8))
    }

    func pages(_ pdf: String) throws -> String? {
        let out = try runTool("pdfinfo", [pdf]).text
        return out.split(separator: "\n").first { $0.hasPrefix("Pages:") }.map { String($0.split(separator: " ").last!) }
    }

    @Test func aBatchReportsBadLettersByLineAndPrintsTheRest() throws {
        let out = Self.scratch.appendingPathComponent("batch.pdf").path
        let outcome = try letters(["render-batch", try batch(6, bad: [3, 5]), "--template", "two", "--out", out])
        #expect(outcome.status == 3)
        #expect(outcome.stderr.contains("第 3 行") && outcome.stderr.contains("第 5 行"))
        #expect(outcome.stderr.contains("member.idNumber [check-digit]"))
        #expect(!outcome.stderr.contains("第 4 行"))
        #expect(try pages(out) == "4")
        #expect(outcome.stdout.contains("4 封"))
    }

    @Test func aStrictBatchStopsBeforeWritingAnything() throws {
        let out = Self.scratch.appendingPathComponent("strict.pdf").path
        let outcome = try letters(["render-batch", try batch(4, bad: [2]), "--strict", "--out", out])
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("第 2 行"))
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func aTemplateOneBatchIsSealedOnEveryPageWithOneImage() throws {
        let out = Self.scratch.appendingPathComponent("sealed-batch.pdf").path
        let seal = Self.scratch.appendingPathComponent("batch-source/seal.jpg").path
        let source = try batch(3)
        let outcome = try letters(["render-batch", source, "--seal", seal, "--out", out])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(try pages(out) == "3")
    }

    @Test func renderAndCalibrateUseThePrinterFromTheProfilesFile() throws {
        let printers = try file("printers.json", Data(#"{"printers": [{"name": "县委组织部-1号机", "offsetX": 2.0, "offsetY": -1.5}]}"#.utf8))
        let dir = Self.scratch.appendingPathComponent("printer").path
        _ = try letters(["demo", "--dir", dir])
        let rendered = try letters([
            "render", dir + "/letter.json", "--template", "two", "--printers", printers,
            "--printer", "县委组织部-1号机", "--out", dir + "/two.pdf",
        ])
        #expect(rendered.status == 0, "\(rendered.stderr)")
        let unknown = try letters([
            "render", dir + "/letter.json", "--template", "two", "--printers", printers,
            "--printer", "3号机", "--out", dir + "/x.pdf",
        ])
        #expect(unknown.status == 1 && unknown.stderr.contains("县委组织部-1号机"))
        let calibrated = try letters(["calibrate", "--printers", printers, "--printer", "县委组织部-1号机", "--out", dir + "/calib.pdf"])
        #expect(calibrated.status == 0 && calibrated.stdout.contains("2.0"), "\(calibrated.stderr)")
    }
}

/// A server killed mid-request must leave nothing half-applied.
@Suite struct CrashTests {
    @Test func aProcessKilledInTheMiddleOfOperationsLeavesOnlyReachableStates() async throws {
        let cli = CommandLineTests()
        let db = CommandLineTests.scratch.appendingPathComponent("crash.sqlite").path
        let process = Process()
        process.executableURL = CommandLineTests.executable
        process.arguments = ["bench-workflow", "--db", db, "--transfers", "3000", "--concurrency", "4"]
        process.currentDirectoryURL = CommandLineTests.root
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Killed well into the run: once its members are stored and it says the transfers begin
        // ("store: …"), and then once some dozens of transfers are stored — read from the store
        // as another process would, not guessed from a clock.
        var said = ""
        while !said.contains("store:") {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            said += String(decoding: chunk, as: UTF8.self)
        }
        #expect(said.contains("store:"), "the run began its transfers: \(said)")
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline {
            let total = try cli.letters(["transfer", "list", "--db", db]).stdout.split(separator: "\n").last { $0.hasPrefix("共 ") }
            if let total, let count = Int(total.split(separator: " ")[1]), count >= 30 { break }
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)

        let check = try cli.letters(["transfer", "check", "--db", db])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout.contains("一致"))
        let list = try cli.letters(["transfer", "list", "--db", db])
        #expect(list.status == 0)
        #expect(!list.stdout.hasPrefix("共 0 件"), "some transfers were stored before the kill")
    }
}

extension CommandLineTests {
    /// The command line passes the service's door as the machine's operator acting for the
    /// organization `--as` names: what lies outside that organization's subtree is answered as
    /// nothing, exactly as the API and the pages answer it.
    @Test func theCommandLineActsForAnOrganizationThroughTheServicesDoor() throws {
        let db = Self.scratch.appendingPathComponent("door-\(UUID().uuidString.prefix(8)).sqlite").path
        #expect(try letters(["demo-db", "--db", db, "--members", "100"]).status == 0)
        let id = String(try letters(["transfer", "list", "--db", db]).stdout.prefix { $0 != " " })
        let shown = try letters(["transfer", "show", id, "--db", db])
        #expect(shown.status == 0 && shown.stdout.contains("现在可办理"), "\(shown.stderr)")
        let outside = try letters(["transfer", "do", "approve", id, "--as", "NOPE", "--db", db])
        #expect(outside.status == 1 && outside.stderr.contains("没有转接 \(id)"), "\(outside.stderr)")
        let letter = try letters(["transfer", "letter", id, "--as", "NOPE", "--out", db + ".pdf", "--db", db])
        #expect(letter.status == 1 && !FileManager.default.fileExists(atPath: db + ".pdf"), "\(letter.stderr)")
    }

    @Test func aDemoTooSmallForItsTransfersIsRefusedInWordsNeverACrash() throws {
        let db = Self.scratch.appendingPathComponent("tiny-\(UUID().uuidString.prefix(8)).sqlite").path
        let tiny = try letters(["demo-db", "--db", db, "--members", "40"])
        #expect(tiny.status == 1 && tiny.stderr.contains("至少需要 60 名党员"), "\(tiny.status): \(tiny.stderr)")
    }
}
