import Foundation
import Synchronization
import TestSupport
import Testing

@testable import Workflow

/// The embedded store's own SQLite driver, as the repositories see it.
@Suite(.scratch) struct SQLiteStoreTests {
    func store() async throws -> SQLiteStore {
        let path = NSTemporaryDirectory() + "letters-sqlite-\(UUID().uuidString).sqlite"
        Scratch.deleteOnEnd(path)
        let store = try await SQLiteStore(path: path)
        Scratch.onEnd { try? await store.close() }
        return store
    }

    @Test func valuesComeBackAsStoredAndEmptyTextOrBytesAreNotNull() async throws {
        let store = try await store()
        let text = "党员 张三（第\u{20BB7}号）"
        try await store.transaction { c in
            _ = try await c.run("CREATE TABLE t (k INTEGER PRIMARY KEY, s TEXT, b BLOB, i INTEGER)", [])
            _ = try await c.run("INSERT INTO t VALUES (?, ?, ?, ?)", [.int(1), .text(""), .blob([]), .int(Int64.max)])
            _ = try await c.run("INSERT INTO t VALUES (?, ?, ?, ?)", [.int(2), .text(text), .blob([0, 255, 0]), .null])
        }
        let rows = try await store.read { c in try await c.run("SELECT k, s, b, i, s IS NULL AS sn, b IS NULL AS bn FROM t ORDER BY k", []) }
        #expect(rows.count == 2)
        #expect(rows[0].values["s"] == .text("") && rows[0].values["sn"] == .int(0))
        #expect(rows[0].values["b"] == .blob([]) && rows[0].values["bn"] == .int(0))
        #expect(rows[0].values["i"] == .int(Int64.max))
        #expect(rows[1].values["s"] == .text(text) && rows[1].values["b"] == .blob([0, 255, 0]) && rows[1].values["i"] == .null)
    }

    @Test func aReadThatFindsTheFileLockedByAnotherProcessRunsAgainAndAnswers() async throws {
        let store = try await store()
        try await store.transaction { c in
            _ = try await c.run("CREATE TABLE t (k INTEGER PRIMARY KEY)", [])
            _ = try await c.run("INSERT INTO t VALUES (1)", [])
        }
        // SQLite's answer when another process holds the file past the reader's short wait
        // (in WAL mode: one recovering the log), on the first two tries.
        let tries = Atomic<Int>(0)
        let n = try await store.read { c in
            if tries.add(1, ordering: .relaxed).newValue <= 2 {
                throw WorkflowError(.storage, rule: SQLiteHandle.busyRule, "database is locked")
            }
            return try await c.run("SELECT COUNT(*) AS n FROM t", []).first?.int("n")
        }
        #expect(n == 1 && tries.load(ordering: .relaxed) == 3)
        #expect(store.readRetries.load(ordering: .relaxed) == 2)
        // Any other failure is the caller's at once.
        await #expect(throws: WorkflowError.self) { try await store.read { c in try await c.run("SELECT * FROM missing", []) } }
        #expect(store.readRetries.load(ordering: .relaxed) == 2)
    }

    @Test func aTextHoldingTwoStatementsIsRefusedAndNeitherRuns() async throws {
        let store = try await store()
        try await store.transaction { c in _ = try await c.run("CREATE TABLE t (k INTEGER)", []) }
        await #expect(throws: WorkflowError.self) {
            try await store.transaction { c in _ = try await c.run("INSERT INTO t VALUES (1); DELETE FROM t", []) }
        }
        let count = try await store.read { c in try await c.run("SELECT COUNT(*) AS n FROM t", []) }
        #expect(count.first?.int("n") == 0)
    }

    @Test func aFailedStatementNamesSQLitesReasonAndRollsTheTransactionBack() async throws {
        let store = try await store()
        try await store.transaction { c in _ = try await c.run("CREATE TABLE t (k INTEGER PRIMARY KEY)", []) }
        do {
            try await store.transaction { c in
                _ = try await c.run("INSERT INTO t VALUES (1)", [])
                _ = try await c.run("INSERT INTO t VALUES (1)", [])
            }
            Issue.record("a duplicate key was stored")
        } catch let error as WorkflowError {
            #expect(error.message.contains("UNIQUE constraint failed"), "\(error.message)")
        }
        let count = try await store.read { c in try await c.run("SELECT COUNT(*) AS n FROM t", []) }
        #expect(count.first?.int("n") == 0)
        // The connection is usable after the failure: its kept statements were reset.
        try await store.transaction { c in _ = try await c.run("INSERT INTO t VALUES (1)", []) }
        #expect(try await store.read { c in try await c.run("SELECT COUNT(*) AS n FROM t", []) }.first?.int("n") == 1)
    }

    @Test func manyTransactionsAtOnceAreEachAppliedOnce() async throws {
        let store = try await store()
        try await store.transaction { c in _ = try await c.run("CREATE TABLE t (k INTEGER PRIMARY KEY, n INTEGER)", []) }
        try await store.transaction { c in _ = try await c.run("INSERT INTO t VALUES (1, 0)", []) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<200 {
                group.addTask {
                    try await store.transaction { c in
                        let n = try await c.run("SELECT n FROM t WHERE k = 1", []).first?.int("n") ?? -1
                        _ = try await c.run("UPDATE t SET n = ? WHERE k = 1", [.int(Int64(n + 1))])
                    }
                }
                group.addTask { _ = try await store.read { c in try await c.run("SELECT n FROM t", []) } }
            }
            try await group.waitForAll()
        }
        #expect(try await store.read { c in try await c.run("SELECT n FROM t", []) }.first?.int("n") == 200)
    }

    @Test func aClosedStoreRefusesReadsAndWritesAndClosesAgainWithoutWaiting() async throws {
        let store = try await store()
        try await store.transaction { c in _ = try await c.run("CREATE TABLE t (k INTEGER)", []) }
        // Reads in flight and two closes at once: every read ends (done or refused), both closes return.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<20 { group.addTask { _ = try? await store.read { c in try await c.run("SELECT k FROM t", []) } } }
            group.addTask { try await store.close() }
            group.addTask { try await store.close() }
            try await group.waitForAll()
        }
        try await store.close()
        await #expect(throws: WorkflowError.self) { try await store.read { c in try await c.run("SELECT k FROM t", []) } }
        await #expect(throws: WorkflowError.self) { try await store.transaction { c in try await c.run("INSERT INTO t VALUES (1)", []) } }
    }
}
