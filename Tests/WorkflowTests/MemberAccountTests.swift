import Foundation
import TestSupport
import Testing

@_spi(Storage) @testable import Workflow

/// A member's own account (seed 002 党员e家, seed 003): made by the branch with an activation
/// code; the member applies for their own transfer and follows it; the branch approves (the
/// transfer then goes on as its own) or refuses with a reason.
@Suite(.scratch) struct MemberAccountTests {
    @Test(arguments: StoreKind.available)
    func aMemberAppliesTheBranchApprovesOrRefusesAndTheMemberSeesWhy(_ kind: StoreKind) async throws {
        let f = try await WorkflowFixture.make(kind)
        let accounts = AccountService(store: f.service.store, clock: f.clock, hasher: AuditLogTests.PlainHasher())
        let m = try await f.member(in: "B1", name: "申请人", serial: 51)
        let other = try await f.member(in: "B1", name: "别人", serial: 52)
        let b1 = Caller(account: Account(name: "admin-B1", role: .administrator, organization: "B1", active: true), address: "test")
        let qf = Caller(account: Account(name: "admin-QF", role: .administrator, organization: "QF", active: true), address: "test")
        let tree = try await f.service.tree()
        await #expect(throws: WorkflowError.self, "outside the caller's subtree: no such member") {
            _ = try await accounts.createMemberAccount(name: "m-51", member: m, tree: tree, for: qf)
        }
        let code = try await accounts.createMemberAccount(name: "m-51", member: m, tree: tree, for: b1)
        await #expect(throws: WorkflowError.self, "one account per member") {
            _ = try await accounts.createMemberAccount(name: "m-51b", member: m, tree: tree, for: b1)
        }
        try await accounts.activate(name: "m-51", code: code, password: "member-password-1")
        // The security officer's list reads each account's state the same way on both stores.
        let officer = Caller(account: Account(name: "security", role: .securityOfficer, organization: "P", active: true), address: "test")
        let listed = try await accounts.accounts(in: tree, for: officer).first { $0.name == "m-51" }
        #expect(listed?.active == true && listed?.role == .member && listed?.disabled == false, "\(String(describing: listed))")
        let (account, session, _) = try await accounts.login(name: "m-51", password: "member-password-1", address: "test")
        #expect(account.role == .member && account.member == m.id)
        let again = try #require(try await accounts.account(session: session))
        let me = Caller(account: again.account, address: "test")
        #expect(me.actor == .member(m.id))

        // The member applies: no letter yet, the branch holds it.
        var t = try await f.service.applyForMyself(to: "B3", application: WorkflowFixture.application, for: me)
        #expect(t.currentHolder == "B1" && t.hops.isEmpty && t.memberID == m.id)
        #expect(try await f.service.myTransfers(for: me).map(\.id) == [t.id])
        await #expect(throws: WorkflowError.self, "an administrator has no own transfers") { _ = try await f.service.myTransfers(for: b1) }
        // The branch approves: the first letter, and it goes on as the branch's own.
        t = try await f.service.perform(.approve, on: t.id, for: b1)
        #expect(t.hops.count == 1 && t.currentHolder == "Z1")
        await #expect(throws: WorkflowError.self, "the member acts on nothing the branch holds now") {
            _ = try await f.service.perform(.approve, on: t.id, for: me)
        }

        // Another member's transfer looks like none at all.
        let theirs = try await f.service.applyOut(
            member: other.id, direction: .inProvince(destination: "B3"), application: WorkflowFixture.application, by: org("B1"))
        await #expect(throws: WorkflowError.self) { _ = try await f.service.transfer(theirs.id, for: me) }

        // A second application (after the first ends) refused by the branch with a reason, which the member reads.
        t = try await f.service.perform(
            .approve, on: t.id, for: Caller(account: Account(name: "admin-Z1", role: .administrator, organization: "Z1", active: true), address: "test"))
        t = try await f.service.accept(t.id, by: org("B3"))
        t = try await f.service.confirmReporting(t.id, by: org("B3"))
        let third = try await f.member(in: "B1", name: "第三人", serial: 53)
        let code3 = try await accounts.createMemberAccount(name: "m-53", member: third, tree: tree, for: b1)
        try await accounts.activate(name: "m-53", code: code3, password: "member-password-1")
        let (a3, s3, _) = try await accounts.login(name: "m-53", password: "member-password-1", address: "test")
        _ = a3
        let me3 = Caller(account: try #require(try await accounts.account(session: s3)).account, address: "test")
        let asked = try await f.service.applyForMyself(to: "QB", application: WorkflowFixture.application, for: me3)
        _ = try await f.service.perform(.void, on: asked.id, for: b1, reason: "党费未交清，请先补交")
        let seen = try #require(try await f.service.myTransfers(for: me3).first)
        if case .void(let reason, _) = seen.state { #expect(reason == "党费未交清，请先补交") } else { Issue.record("\(seen.state)") }
    }
}
