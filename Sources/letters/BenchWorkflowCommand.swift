import ArgumentParser
import DemoData
import Foundation
import Render
import Workflow

struct BenchWorkflowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-workflow",
        abstract:
            "Benchmark of the workflow: full in-county transfers per second with every letter rendered and stored, and queue query time over many stored transfers."
    )

    @Option(help: "Store: a new SQLite file path (replaced), or the URL of an empty PostgreSQL database")
    var db: String = "out/bench.sqlite"

    @Option(help: "Full in-county transfers to run")
    var transfers: Int = 200

    @Option(help: "Transfers run at once")
    var concurrency: Int = 4

    @Option(name: .customLong("queue-size"), help: "Synthetic transfers stored before timing queue queries (0: skip)")
    var queueSize: Int = 0

    func run() async throws {
        try await reportingWorkflowErrors {
            if !db.contains("://") {
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: db + suffix) }
                try FileManager.default.createDirectory(
                    atPath: (db as NSString).deletingLastPathComponent.isEmpty ? "." : (db as NSString).deletingLastPathComponent,
                    withIntermediateDirectories: true)
            }
            let resources = try Resources.locate()
            let store = try await openWorkflowStore(db)
            openStores.withLock { $0.append(store) }
            let service = WorkflowService(store: store, printer: try LetterPrinter(resources: resources))
            try await service.save(organizations: ExampleProvince.organizations)
            let seal = try DemoSealMaker(fonts: try FontLibrary(directory: resources.fontsDirectory)).make(name: "中共山东省委")
            for org in ExampleProvince.organizations { try await service.uploadSeal(org: org.id, jpeg: seal, uploader: "bench") }
            var members: [MemberID] = []
            for n in 0..<transfers {
                let m = try PartyMember(
                    id: "b\(n)", organization: n % 2 == 0 ? "B1" : "B2", name: "党员\(n)", idNumber: DemoProvince.idNumber(n),
                    ethnicity: "汉族", category: .full, occupation: "工人", education: "大学本科", phone: "13606406636")
                try await service.add(member: m)
                members.append(m.id)
            }
            let month = Transfer.Application.thisMonth(Date())
            print(
                "store: \(db.contains("://") ? "PostgreSQL" : "SQLite"), \(transfers) full in-county transfers (B1/B2 → QB: apply, 3 approvals + 1 automatic, accept, confirm; 5 letters and 5 receipts rendered each), \(concurrency) at once"
            )
            // Seen at once through a pipe (the crash test starts counting from this line).
            fflush(nil)
            let started = Date()
            try await withThrowingTaskGroup(of: Void.self) { group in
                let chunks = stride(from: 0, to: members.count, by: max(1, (members.count + concurrency - 1) / concurrency)).map {
                    Array(members[$0..<min(members.count, $0 + (members.count + concurrency - 1) / concurrency)])
                }
                for chunk in chunks {
                    group.addTask {
                        for member in chunk {
                            let source: OrganizationID = (try await service.member(member)).organization
                            var t = try await service.applyOut(
                                member: member, direction: .inProvince(destination: "QB"),
                                application: .init(duesPaidUpTo: month), by: .organization(source))
                            while let holder = t.currentHolder, holder != "QB" { t = try await service.approve(t.id, by: .organization(holder)) }
                            t = try await service.accept(t.id, by: .organization("QB"))
                            _ = try await service.confirmReporting(t.id, by: .organization("QB"))
                        }
                    }
                }
                try await group.waitForAll()
            }
            let seconds = Date().timeIntervalSince(started)
            print(
                String(
                    format: "full transfers: %.1f per second (%.1f ms each, %.0f letters+receipts rendered per second)",
                    Double(transfers) / seconds, seconds * 1000 / Double(transfers), Double(transfers * 10) / seconds))
            if queueSize > 0 { try await queueBenchmark(service: service, store: store) }
        }
    }

    /// Stores `queueSize` synthetic transfers held across 1,000 organizations, then times the
    /// queue page and the counts that a home page shows.
    func queueBenchmark(service: WorkflowService, store: any WorkflowStore) async throws {
        let tree = try await service.tree()
        let holders = Array(tree.organizations.keys.sorted().prefix(17))
        print("storing \(queueSize) synthetic transfers …")
        let batch = 500
        let perTransaction = 20_000
        var written = 0
        let doc = "{}"
        while written < queueSize {
            let start = written
            let end = min(queueSize, written + perTransaction)
            try await store.transaction { c in
                var i = start
                while i < end {
                    let n = min(batch, end - i)
                    var binds: [SQLValue] = []
                    for k in i..<(i + n) {
                        let holder = holders[k % holders.count]
                        binds += [
                            .text("s\(k)"), .text("m\(k)"), .text("pending"), .text(holder.rawValue), .text(tree.materializedPath(holder)),
                            .int(Int64(1_700_000_000 + (k * 7919) % 10_000_000)), .int(1_700_000_000), .int(1_700_000_000),
                            .text("B1"), .text(tree.materializedPath("B1")), .text("QB"), .text(tree.materializedPath("QB")),
                            .text("转往本县(市、区)其他乡镇（街道）党组织"), .text("党员\(k)"), .text("ID\(k)"), .int(1), .text(doc),
                        ]
                    }
                    let row = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    _ = try await c.run(
                        """
                        INSERT INTO transfers (id, member_id, state, holder_id, holder_path, expires_at, created_at, updated_at, source_id,
                          source_path, destination_id, destination_path, type, member_name, member_id_number, version, doc)
                        VALUES \(Array(repeating: row, count: n).joined(separator: ", "))
                        """, binds)
                    i += n
                }
            }
            written = end
        }
        if store.dialect == .postgres { _ = try await store.transaction { try await $0.run("ANALYZE transfers", []) } }
        for org: OrganizationID in ["JF", "LX", "P"] {
            _ = try await service.queue(of: org)
            let runs = 50
            var started = Date()
            for _ in 0..<runs { _ = try await service.queue(of: org, limit: 50) }
            let page = Date().timeIntervalSince(started) * 1000 / Double(runs)
            started = Date()
            var counts = QueueCounts(own: 0, subordinates: 0)
            for _ in 0..<50 { counts = try await service.queueCounts(of: org) }
            let count = Date().timeIntervalSince(started) * 1000 / 50
            print(
                String(
                    format: "queue of %@ (%d held, %d below): first page of 50 in %.2f ms; counts in %.2f ms", org.rawValue, counts.own, counts.subordinates,
                    page, count))
        }
    }
}
