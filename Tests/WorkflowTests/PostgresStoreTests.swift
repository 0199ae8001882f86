import Foundation
import TestSupport
import Testing

@_spi(Storage) @testable import Workflow

/// The PostgreSQL driver's statements prepared by name, as the repositories see them.
@Suite(.scratch, .enabled(if: Requirements.postgres, Comment(rawValue: Requirements.postgresReason)))
struct PostgresStoreTests {
    func store() async throws -> any WorkflowStore {
        let store = try await openWorkflowStore(try await scratchPostgres("p"))
        keepUntilSuiteEnds([store])
        return store
    }

    @Test func aStatementRunWithAValueAndThenWithNullInItsPlaceAnswersEach() async throws {
        let store = try await store()
        try await store.transaction { c in
            _ = try await c.run("CREATE TABLE t (k INTEGER PRIMARY KEY, s TEXT, b BYTEA)", [])
        }
        for k in 0..<6 {
            let s: SQLValue = k.isMultiple(of: 2) ? .text("第\(k)") : .null
            let b: SQLValue = k.isMultiple(of: 3) ? .blob([UInt8(k)]) : .null
            try await store.transaction { c in _ = try await c.run("INSERT INTO t (k, s, b) VALUES (?, ?, ?)", [.int(Int64(k)), s, b]) }
        }
        for k in 0..<6 {
            let row = try await store.read { c in try await c.run("SELECT k, s, b FROM t WHERE k = ?", [.int(Int64(k))]) }.first
            #expect(row?.values["s"] == (k.isMultiple(of: 2) ? .text("第\(k)") : .null))
            #expect(row?.values["b"] == (k.isMultiple(of: 3) ? .blob([UInt8(k)]) : .null))
        }
        let matched = try await store.read { c in try await c.run("SELECT COUNT(*) AS n FROM t WHERE s IS NOT DISTINCT FROM ?", [.null]) }
        #expect(matched.first?.int("n") == 3)
    }

    @Test func moreDistinctStatementsThanAConnectionKeepsAllRun() async throws {
        let store = try await store()
        // Each text twice: the second time it is prepared, until the connection keeps its most.
        let sums = try await store.read { c in
            var sums: [Int] = []
            for _ in 0..<2 {
                for k in 0..<(PostgresStatements.perConnection + 20) {
                    sums.append(try await c.run("SELECT ? + \(k) AS n", [.int(1)]).first?.int("n") ?? -1)
                }
            }
            return sums
        }
        let expected = (0..<(PostgresStatements.perConnection + 20)).map { $0 + 1 }
        #expect(sums == expected + expected)
    }

    @Test func readsPreparedBeforeAnotherServerChangedATablesColumnsStillAnswer() async throws {
        let store = try await store()
        try await store.transaction { c in
            _ = try await c.run("CREATE TABLE u (k INTEGER PRIMARY KEY)", [])
            _ = try await c.run("INSERT INTO u (k) VALUES (?)", [.int(1)])
        }
        for _ in 0..<5 { _ = try await store.read { c in try await c.run("SELECT * FROM u WHERE k = ?", [.int(1)]) } }
        // As a newer server's migration would: the prepared `SELECT *` no longer fits.
        try await store.transaction { c in _ = try await c.run("ALTER TABLE u ADD COLUMN extra TEXT", []) }
        for _ in 0..<5 {
            let row = try await store.read { c in try await c.run("SELECT * FROM u WHERE k = ?", [.int(1)]) }.first
            #expect(row?.int("k") == 1)
        }
    }

    @Test func aTransactionWhoseStatementAnotherServersMigrationOutdatedRunsAgainAndIsAppliedOnce() async throws {
        let store = try await store()
        try await store.transaction { c in
            _ = try await c.run("CREATE TABLE v (k INTEGER PRIMARY KEY, n INTEGER NOT NULL)", [])
            _ = try await c.run("INSERT INTO v (k, n) VALUES (?, ?)", [.int(1), .int(0)])
        }
        let bump = { @Sendable in
            try await store.transaction { c in
                let row = try await c.run("SELECT * FROM v WHERE k = ?", [.int(1)]).first
                _ = try await c.run("UPDATE v SET n = ? WHERE k = ?", [.int(Int64((row?.int("n") ?? 0) + 1)), .int(1)])
            }
        }
        for _ in 0..<5 { try await bump() }
        try await store.transaction { c in _ = try await c.run("ALTER TABLE v ADD COLUMN extra TEXT", []) }
        for _ in 0..<5 { try await bump() }
        let n = try await store.read { c in try await c.run("SELECT n FROM v WHERE k = ?", [.int(1)]) }.first?.int("n")
        #expect(n == 10, "every transaction applied exactly once")
    }
}
