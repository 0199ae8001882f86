import Foundation
import TestSupport
import Testing

@_spi(Storage) @testable import Workflow

/// Concurrent operations on one transfer: the version check lets exactly one through.
@Suite(.scratch) struct ConcurrencyTests {
    @Test(arguments: StoreKind.available)
    func letterNumbersTakenAtOnceAreAllDistinctAndALoneStatementRefusesASecond(_ kind: StoreKind) async throws {
        let f = try await WorkflowFixture.make(kind)
        let store = f.service.store
        let numbers = try await withThrowingTaskGroup(of: [String].self) { group in
            for _ in 0..<20 { group.addTask { try await store.singleStatement { try await Repository(c: $0).nextNumbers(2, prefix: "202612") } } }
            return try await group.reduce(into: [String]()) { $0 += $1 }
        }
        #expect(Set(numbers).count == 40)
        if kind == .postgres {
            // Without BEGIN, a second statement would run outside any transaction: it is refused.
            let error = await #expect(throws: WorkflowError.self) {
                try await store.singleStatement { c in
                    _ = try await c.run("SELECT 1 AS n", [])
                    _ = try await c.run("SELECT 2 AS n", [])
                }
            }
            #expect(error?.code == .storage)
        }
    }

    @Test("50 parallel approvals of one letter: exactly one succeeds, the rest get a conflict", arguments: StoreKind.available)
    func parallelApprovals(kind: StoreKind) async throws {
        let f = try await WorkflowFixture.make(kind)
        let m = try await f.member(in: "B1", serial: 40)
        let t = try await f.service.applyOut(member: m.id, direction: .inProvince(destination: "YB"), application: WorkflowFixture.application, by: org("B1"))
        let service = f.service
        let outcomes = await withTaskGroup(of: String.self) { group in
            for _ in 0..<50 {
                group.addTask {
                    do {
                        _ = try await service.approve(t.id, by: org("Z1"))
                        return "ok"
                    } catch let error as WorkflowError {
                        return error.code.rawValue
                    } catch {
                        return "other: \(error)"
                    }
                }
            }
            var all: [String] = []
            for await o in group { all.append(o) }
            return all
        }
        #expect(outcomes.filter { $0 == "ok" }.count == 1, "\(outcomes)")
        #expect(outcomes.allSatisfy { $0 == "ok" || $0 == "conflict" || $0 == "not-allowed" }, "\(outcomes)")
        let after = try await f.service.transfer(t.id)
        #expect(after.hops.count == 2 && after.currentHolder == "JF")
        #expect(try await f.service.letters(t.id).count == 2, "no letter from a losing approval was stored")
        // The winner told JF, once; no losing approval left a notice or an actor behind.
        let jf = Caller(account: Account(name: "admin-JF", role: .administrator, organization: "JF", active: true), address: "test")
        #expect(try await f.service.notices(for: jf).map(\.transferID) == [t.id])
    }

    @Test("two applications for one member at once: one transfer, the other refused", arguments: StoreKind.available)
    func parallelApplications(kind: StoreKind) async throws {
        let f = try await WorkflowFixture.make(kind)
        let m = try await f.member(in: "B1", serial: 41)
        let service = f.service
        let results = await withTaskGroup(of: Bool.self) { group in
            for destination: OrganizationID in ["B3", "QB", "YB", "CB"] {
                group.addTask {
                    (try? await service.applyOut(
                        member: m.id, direction: .inProvince(destination: destination),
                        application: WorkflowFixture.application, by: org("B1"))) != nil
                }
            }
            var all: [Bool] = []
            for await r in group { all.append(r) }
            return all
        }
        #expect(results.filter { $0 }.count == 1)
    }
}
