// The fuzz targets: the parsers that read what users and other systems hand us.
//
//   letters-fuzz TARGET FILE|DIR…      runs the target on each file (the seed corpus and every
//                                      crash found are kept as regression inputs; CI runs them)
//   built with -DFUZZING and -sanitize=fuzzer,address (scripts/fuzz), the same command hands
//   the target to libFuzzer, with libFuzzer's options and corpus directories; or
//   LETTERS_FUZZ_TARGET=TARGET letters-fuzz OPTIONS… DIR…, which survives libFuzzer's -jobs.
import Foundation
import LetterModel
import NIOCore
import Render
import RequestBodies
import Seal
import Workflow

/// Each target reads arbitrary bytes and must return (an error is fine) — never trap or leak.
let targets: [String: (Data) -> Void] = [
    "seal": { data in _ = try? SealImage(validating: data) },
    "letter": { data in _ = try? Letter.decode(json: data) },
    "layout": { data in _ = try? LayoutFile.decode(data, source: "fuzz") },
    // Request bodies: the first line is the Content-Type's boundary, the rest the body, so that
    // the fuzzer varies both (boundaries of every length and alphabet, bodies of near-matches).
    "multipart": { data in
        let split = data.firstIndex(of: 0x0A) ?? data.endIndex
        let boundary = String(decoding: data[data.startIndex..<split], as: UTF8.self)
        let body = ByteBuffer(bytes: data[(split == data.endIndex ? split : data.index(after: split))...])
        _ = try? MultipartForm(body, contentType: "multipart/form-data; boundary=" + boundary)
    },
    "form": { data in _ = (try? FormFields(String(decoding: data, as: UTF8.self)))?["_csrf"] },
    // The register's sheets as departments upload them: the same bytes read as a CSV (UTF-8 or
    // GB18030) and as an .xlsx (ZIP, shared strings, styles, the worksheet read as it inflates).
    "sheet": { data in
        _ = try? SheetTable.read(data, name: "fuzz.csv")
        _ = try? SheetTable.read(data, name: "fuzz.xlsx")
    },
    "zip": { data in
        let path = "/dev/shm/letters-fuzz-\(getpid()).zip"
        _ = FileManager.default.createFile(atPath: path, contents: data)
        _ = try? ArchiveVerifier.verify(path: path)
    },
]

let arguments = CommandLine.arguments
// libFuzzer's -jobs re-runs this program with its own options only, so under scripts/fuzz the
// target comes from the environment, which the re-run inherits.
let fromEnvironment = ProcessInfo.processInfo.environment["LETTERS_FUZZ_TARGET"]
let name = fromEnvironment ?? (arguments.count >= 2 ? arguments[1] : "")
guard let target = targets[name] else {
    FileHandle.standardError.write(Data("usage: letters-fuzz \(targets.keys.sorted().joined(separator: "|")) FILE|DIR…\n".utf8))
    exit(2)
}
nonisolated(unsafe) var chosen = target

#if FUZZING
    // swift-format-ignore: AlwaysUseLowerCamelCase
    // libFuzzer's entry, by its C name.
    @_silgen_name("LLVMFuzzerRunDriver")
    func LLVMFuzzerRunDriver(
        _ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
    ) -> Int32

    /// libFuzzer's driver names this entry point even when it is handed the callback directly.
    @_cdecl("LLVMFuzzerTestOneInput")
    func fuzzOne(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
        chosen(bytes.map { Data(bytes: $0, count: count) } ?? Data())
        return 0
    }

    let skipped: Int32 = fromEnvironment == nil ? 1 : 0  // the target's name, when it was an argument
    var argc = Int32(CommandLine.argc) - skipped
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv.advanced(by: Int(skipped))
    argv![0] = CommandLine.unsafeArgv[0]
    exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzOne))
#else
    var files: [String] = []
    for argument in arguments.dropFirst(2) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory) else { continue }
        if isDirectory.boolValue {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: argument)) ?? []
            files += names.filter { !$0.hasPrefix(".") }.sorted().map { argument + "/" + $0 }
        } else {
            files.append(argument)
        }
    }
    for file in files {
        chosen((try? Data(contentsOf: URL(fileURLWithPath: file))) ?? Data())
    }
    print("letters-fuzz \(arguments[1]): \(files.count) inputs ran without a crash")
#endif
