import ArgumentParser
import DemoData
import Foundation
import Render
import Synchronization
import Workflow

/// `letters bench-archive`: makes a store with many stored letters for the export benchmark.
struct BenchArchiveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-archive",
        abstract: "Makes a store holding N stored, chained letters (real transfers, then copies in the database) for `scripts/bench-archive`.")

    @Option(help: "Store: a new SQLite file path (replaced), or the URL of an empty PostgreSQL database")
    var db: String = "out/bench-archive.sqlite"

    @Option(help: "Letters to store")
    var letters: Int = 100_000

    func run() async throws {
        try await reportingWorkflowErrors {
            if !db.contains("://") {
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: db + suffix) }
            }
            let resources = try Resources.locate()
            let store = try await openWorkflowStore(db)
            openStores.withLock { $0.append(store) }
            let service = WorkflowService(store: store, printer: try LetterPrinter(resources: resources))
            let seal = try DemoSealMaker(fonts: try FontLibrary(directory: resources.fontsDirectory)).make(name: "中共山东省委")
            let started = Date()
            let progress = Mutex<Progress?>(nil)
            try await ArchiveBenchData.generate(service, letters: letters, seal: seal) { done, total in
                progress.withLock { p in
                    if p == nil { p = Progress(total: total) }
                    p?.update(done: done)
                }
            }
            progress.withLock { $0?.finish() }
            print(String(format: "%d letters stored and chained in %@ in %.0f s", letters, db, Date().timeIntervalSince(started)))
        }
    }
}
