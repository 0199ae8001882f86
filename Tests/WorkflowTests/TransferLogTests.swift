import Foundation
import TestSupport
import Testing

@testable import Workflow

/// The transfer log names the person who acted (seed 004's 操作人): the account and its
/// holder's name on every line a person's request wrote; the system's own steps name nobody.
@Suite(.scratch) struct TransferLogTests {
    @Test func everyLineAPersonWroteNamesTheAccountAndItsHolder() async throws {
        let f = try await WorkflowFixture.make(.sqlite)
        let member = try await f.member(in: "B1", serial: 11)
        let b1 = Caller(account: Account(name: "admin-B1", role: .administrator, organization: "B1", active: true, person: "张明"), address: "test")
        let z1 = Caller(account: Account(name: "admin-Z1", role: .administrator, organization: "Z1", active: true), address: "test")
        let started = try await f.service.applyOut(
            member: member.id, direction: .inProvince(destination: "QB"),
            application: WorkflowFixture.application, for: b1)
        #expect(started.log.allSatisfy { $0.person == "admin-B1（张明）" }, "\(started.log.map { ($0.operation, $0.person) })")
        let approved = try await f.service.perform(.approve, on: started.id, for: z1)
        let added = approved.log.dropFirst(started.log.count)
        #expect(added.contains { $0.person == "admin-Z1" && $0.actor == .organization("Z1") }, "an account without a name is named by its login")
        #expect(added.filter { $0.actor == .system }.allSatisfy { $0.person == nil }, "the system's steps name no person")
        let stored = try await f.service.transfer(started.id)
        #expect(stored.log.map(\.person) == approved.log.map(\.person), "kept as written")
    }
}
