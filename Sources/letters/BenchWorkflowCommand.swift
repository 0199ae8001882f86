import ArgumentParser
import DemoData
import Foundation
import Render
@_spi(Storage) import Workflow

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

    @Option(
        name: .customLong("statistics-size"),
        help: "Synthetic completed transfers (with their members) spread over the past year, stored before timing the province's statistics (0: skip)")
    var statisticsSize: Int = 0

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
            fflush(nil)
            try await bytesReport(store: store)
            if queueSize > 0 { try await queueBenchmark(service: service, store: store) }
            if statisticsSize > 0 { try await statisticsBenchmark(service: service, store: store) }
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
            fflush(nil)
        }
    }

    /// Stores `statisticsSize` members and as many completed transfers out of the example
    /// province's branches, created over the past year, then times the statistics of the
    /// province over that year (what 统计 asks for a whole province).
    func statisticsBenchmark(service: WorkflowService, store: any WorkflowStore) async throws {
        let tree = try await service.tree()
        let branches = tree.organizations.values.filter { $0.category.holdsMembers }.map(\.id).sorted()
        let now = Date()
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        print("storing \(statisticsSize) members and completed transfers …")
        let occupations = ["工人", "农民", "教师", "公务员", "学生"]
        let educations = ["大学本科", "研究生", "大学专科", "高中"]
        var written = 0
        while written < statisticsSize {
            let start = written
            let end = min(statisticsSize, written + 10_000)
            var members: [SQLValue] = []
            var transfers: [SQLValue] = []
            for k in start..<end {
                let branch = branches[k % branches.count]
                let member = try PartyMember(
                    id: "st\(k)", organization: branch, name: "党员\(k)", idNumber: DemoProvince.idNumber(100_000 + k), ethnicity: "汉族",
                    category: k % 7 == 0 ? .probationary : .full, occupation: occupations[k % occupations.count],
                    education: educations[k % educations.count], phone: "13606406636", status: .history(.movedOut))
                members += [
                    .text(member.id), .text(branch.rawValue), .text(tree.materializedPath(branch)), .text(member.idNumber), .text(member.name),
                    .text(member.status.code), .text(String(decoding: try encoder.encode(member), as: UTF8.self)),
                ]
                let created = Int64(now.timeIntervalSince1970) - Int64((k * 7919) % (360 * 86_400))
                // The counted values, as the repository writes them when a transfer is stored.
                let type = TransferType.otherTownship
                let profile = TransferTally.profile(
                    member: member, paper: nil, idNumber: member.idNumber, createdAt: Date(timeIntervalSince1970: Double(created)))
                let kinds = TransferTally.kinds(type: type, source: branch, destination: "QB", tree: tree)
                let counted = [profile.ageBand, profile.sex, profile.category, profile.occupation, profile.education, kinds.source, kinds.destination]
                transfers +=
                    [
                        .text("st\(k)"), .text(member.id), .text("completed"), .null, .null, .null, .int(created), .int(created),
                        .text(branch.rawValue), .text(tree.materializedPath(branch)), .text("QB"), .text(tree.materializedPath("QB")),
                        .text(type.rawValue), .text(member.name), .text(member.idNumber), .int(1), .text("{}"),
                    ] + counted.map { .text($0) } + TransferTally.tallyPaths(source: branch, tree: tree).map { .optional($0) }
            }
            let (memberBinds, transferBinds) = (members, transfers)
            try await store.transaction { c in
                for offset in stride(from: 0, to: end - start, by: 500) {
                    let n = min(500, end - start - offset)
                    _ = try await c.run(
                        "INSERT INTO members (id, org_id, org_path, id_number, name, status, doc) VALUES "
                            + Array(repeating: "(?, ?, ?, ?, ?, ?, ?)", count: n).joined(separator: ", "),
                        Array(memberBinds[(offset * 7)..<((offset + n) * 7)]))
                    _ = try await c.run(
                        """
                        INSERT INTO transfers (id, member_id, state, holder_id, holder_path, expires_at, created_at, updated_at, source_id,
                          source_path, destination_id, destination_path, type, member_name, member_id_number, version, doc,
                          stat_age, stat_sex, stat_category, stat_occupation, stat_education, stat_source_kind, stat_destination_kind,
                          tally_path1, tally_path2, tally_path3)
                        VALUES \(Array(repeating: "(" + Array(repeating: "?", count: 27).joined(separator: ", ") + ")", count: n).joined(separator: ", "))
                        """, Array(transferBinds[(offset * 27)..<((offset + n) * 27)]))
                }
            }
            written = end
        }
        if store.dialect == .postgres { _ = try await store.transaction { try await $0.run("ANALYZE", []) } }
        let from = now.addingTimeInterval(-365 * 86_400)
        // Below the counties the statistics count a subtree's transfers from their columns: the
        // largest such subtree is timed too.
        let depth = { (id: OrganizationID) in tree.lineage(id).count }
        let below = tree.organizations.keys.filter { depth($0) == 4 }.max { a, b in
            branches.filter { tree.lineage($0).contains(a) }.count < branches.filter { tree.lineage($0).contains(b) }.count
        }
        for (org, name) in [(OrganizationID("P"), "the province")] + (below.map { [($0, "\($0.rawValue) (4th level, from columns)")] } ?? []) {
            for _ in 0..<3 {
                let started = Date()
                let statistics = try await service.statistics(under: org, from: from, until: now)
                print(
                    String(
                        format: "statistics of %@ over a year: %d transfers counted in %.1f ms", name, statistics.total,
                        Date().timeIntervalSince(started) * 1000))
            }
        }
        let counters = try await store.read { try await $0.run("SELECT COUNT(*) AS n FROM transfer_tallies", []).first?.int("n") ?? 0 }
        print("statistics' counters kept: \(counters) rows")
    }

    /// What a full transfer stores: its letters' and receipts' PDFs as issued, and as stored —
    /// without their seal's JPEG, which the store keeps once per seal version (`SealCut`).
    func bytesReport(store: any WorkflowStore) async throws {
        let (letters, stored, cuts, seal) = try await store.read { c -> (Int, Int, Int, Int) in
            let r = try await c.run(
                """
                SELECT COUNT(*) AS n, SUM(LENGTH(pdf)) + SUM(COALESCE(LENGTH(receipt_pdf), 0)) AS stored,
                  COUNT(pdf_cut) + COUNT(receipt_cut) AS cuts FROM letters
                """, []
            ).first
            // Every organization carries the same demo seal here.
            let seal = try await c.run("SELECT LENGTH(jpeg) AS n FROM seals LIMIT 1", []).first?.int("n") ?? 0
            return (r?.int("n") ?? 0, r?.int("stored") ?? 0, r?.int("cuts") ?? 0, seal)
        }
        let issued = stored + cuts * seal
        let per = Double(max(1, transfers)) * 1000
        print(
            String(
                format: "bytes per full transfer: %.0f kB issued (%d PDFs), %.0f kB stored: the %d kB seal JPEG cut out of %d of them (%.0f %% fewer bytes)",
                Double(issued) / per, letters * 2, Double(stored) / per, seal / 1000, cuts, Double(issued - stored) * 100 / Double(max(1, issued))))
        fflush(nil)
    }
}
