import ArgumentParser
import Dispatch
import Foundation
import LetterModel
import Render
import Seal

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmark: warm ms per letter, letters per second on 1 and 2 threads, cold process time, PDF bytes.")

    @Option(help: "Letters per thread in each timed run")
    var count: Int = 400

    @Option(help: "Thread counts to measure, comma-separated")
    var threads: String = "1,2"

    @Option(name: .customLong("cold-runs"), help: "Runs of a whole `letters render` process")
    var coldRuns: Int = 5

    @Flag(help: "Render without seals, to separate the cost of the seal image")
    var unsealed = false

    @Flag(help: "Render the returned receipt alone (part 3 with the receiving organization's seal), as a transfer stores it")
    var receipt = false

    func run() throws {
        try reportingErrors {
            let resources = try Resources.locate()
            let fonts = try FontLibrary(directory: resources.fontsDirectory)
            let layout = try LayoutFile.load(path: resources.layoutPath("template-one"))
            let letter = Letter.sample
            let demoSeal = try SealImage(validating: try DemoSealMaker(fonts: fonts).make(name: letter.receiptAddressee))
            let seal: SealImage? = unsealed ? nil : demoSeal

            let job = Job(letter: letter, seal: receipt ? nil : seal, receiptSeal: receipt ? seal : nil, parts: receipt ? [.receipt] : Set(LetterPart.allCases))
            let probe = try job.render(with: LetterRenderer(fonts: fonts, layout: layout))
            print("PDF bytes (\(receipt ? "returned receipt" : "sealed demo letter")): \(probe.count)")

            for t in threads.split(separator: ",").compactMap({ Int($0) }) where t > 0 {
                let seconds = try BenchCommand.timeThreads(t, count: count, fonts: fonts, layout: layout, job: job)
                let total = Double(t * count)
                print(
                    String(
                        format: "%d thread(s): %.3f ms per letter per thread, %.1f letters/s", t,
                        seconds * 1000 / Double(count), total / seconds))
            }
            try coldProcess(letter: letter, seal: demoSeal)
        }
    }

    /// What each timed render draws.
    struct Job: Sendable {
        let letter: Letter
        let seal: SealImage?
        let receiptSeal: SealImage?
        let parts: Set<LetterPart>

        func render(with renderer: LetterRenderer) throws -> Data {
            try renderer.render(letter, seal: seal, receiptSeal: receiptSeal, parts: parts)
        }
    }

    /// Renders `count` letters on each of `threads` threads, each with its own renderer after a
    /// warm-up, and returns the wall time of the timed part.
    static func timeThreads(_ threads: Int, count: Int, fonts: FontLibrary, layout: LayoutFile, job: Job) throws -> Double {
        let ready = DispatchGroup()
        let done = DispatchGroup()
        let start = DispatchSemaphore(value: 0)
        let failures = Failures()
        for _ in 0..<threads {
            ready.enter()
            done.enter()
            let thread = Thread {
                let renderer = LetterRenderer(fonts: fonts, layout: layout)
                do {
                    for _ in 0..<20 { _ = try job.render(with: renderer) }
                    ready.leave()
                    start.wait()
                    for _ in 0..<count { _ = try job.render(with: renderer) }
                } catch {
                    failures.record("\(error)")
                }
                done.leave()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        ready.wait()
        let began = DispatchTime.now()
        for _ in 0..<threads { start.signal() }
        done.wait()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - began.uptimeNanoseconds) / 1e9
        if let failure = failures.first { throw CLIError(message: failure) }
        return seconds
    }

    /// Times whole `letters render` processes on the demo letter: start-up, fonts, one letter.
    func coldProcess(letter: Letter, seal: SealImage) throws {
        let dir = NSTemporaryDirectory() + "letters-bench-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data(Letter.sampleJSON.utf8).write(to: URL(fileURLWithPath: dir + "/letter.json"))
        try seal.jpeg.write(to: URL(fileURLWithPath: dir + "/seal.jpg"))
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var times: [Double] = []
        for _ in 0..<coldRuns {
            let process = Process()
            process.executableURL = executable
            process.arguments = ["render", dir + "/letter.json", "--seal", dir + "/seal.jpg", "--out", dir + "/out.pdf"]
            process.standardOutput = FileHandle.nullDevice
            let began = DispatchTime.now()
            try process.run()
            process.waitUntilExit()
            times.append(Double(DispatchTime.now().uptimeNanoseconds - began.uptimeNanoseconds) / 1e6)
            guard process.terminationStatus == 0 else { throw CLIError(message: "letters render failed in the cold run") }
        }
        guard !times.isEmpty else { return }
        times.sort()
        print(String(format: "cold process (letters render, median of %d): %.1f ms", times.count, times[times.count / 2]))
    }
}

/// Errors from benchmark threads, collected under a lock.
final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var messages: [String] = []

    func record(_ message: String) {
        lock.lock()
        messages.append(message)
        lock.unlock()
    }

    var first: String? {
        lock.lock()
        defer { lock.unlock() }
        return messages.first
    }
}
