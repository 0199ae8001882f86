import Foundation
import TestSupport
import Testing

@testable import Workflow

/// After acceptance and before the member reports (报到和退回, seed 001): the receiving side may
/// send back a member who never reported, with a reason, and the receiving branch may object;
/// the letter goes back to its issuer for a new decision, and nothing stays open for ever.
@Suite(.scratch) struct AfterAcceptanceTests {
    @Test(arguments: StoreKind.available)
    func aMemberWhoNeverReportedGoesBackAndTheTransferCanStillEnd(_ kind: StoreKind) async throws {
        let f = try await WorkflowFixture.make(kind)
        let m = try await f.member(in: "B1", serial: 21)
        var t = try await f.service.applyOut(member: m.id, direction: .inProvince(destination: "QB"), application: WorkflowFixture.application, by: org("B1"))
        #expect(t.path.organizations == ["B1", "Z1", "JF", "LX", "QF", "QB"])
        for holder in ["Z1", "JF", "LX", "QF"] as [OrganizationID] where t.currentHolder == holder { t = try await f.service.approve(t.id, by: org(holder)) }
        t = try await f.service.accept(t.id, by: org("QB"))
        let accepted = try await f.service.member(m.id)
        #expect(t.stateCode == "awaiting-report" && accepted.organization == "QB")
        let tree = try await f.service.tree()
        #expect(t.allowedOperations(for: org("QB"), tree: tree, at: f.clock.now()).contains(.returnLetter))
        #expect(t.allowedOperations(for: org("QF"), tree: tree, at: f.clock.now()).contains(.returnLetter), "the receiving basic committee too")
        #expect(!t.allowedOperations(for: org("JF"), tree: tree, at: f.clock.now()).contains(.returnLetter), "not the sending side")
        #expect(!t.allowedOperations(for: org("QF"), tree: tree, at: f.clock.now()).contains(.object), "an objection is the branch's")
        await #expect(throws: WorkflowError.self) { try await f.service.returnLetter(t.id, by: org("QB"), reason: " ") }

        t = try await f.service.returnLetter(t.id, by: org("QB"), reason: "三个月未报到，联系不上")
        #expect(t.currentHolder == "QF" && t.stateCode == "returned", "back to the organization that issued the letter QB received")
        let back = try await f.service.member(m.id)
        #expect(back.organization == "B1" && back.status == .inTransfer, "the record is at the source again, in transfer")
        #expect(back.records.suffix(2).map(\.reason) == ["接收后退回", "接收后退回"])
        #expect(t.log.last?.operation == "退回（接收后、报到前）" && t.log.last?.note == "三个月未报到，联系不上")

        // QF decides again; this time the member reports.
        t = try await f.service.approve(t.id, by: org("QF"))
        t = try await f.service.accept(t.id, by: org("QB"))
        t = try await f.service.object(t.id, by: org("QB"), feedback: "介绍信姓名有误")
        #expect(t.currentHolder == "QF" && t.stateCode == "objection")
        t = try await f.service.approve(t.id, by: org("QF"))
        t = try await f.service.accept(t.id, by: org("QB"))
        t = try await f.service.confirmReporting(t.id, by: org("QB"))
        let reported = try await f.service.member(m.id)
        #expect(t.stateCode == "completed" && reported.organization == "QB")
        #expect(try await f.service.checkIntegrity().isEmpty)
    }

    @Test func aTransferSentToABasicCommitteeIsAcceptedIntoTheBranchItChoosesWithThePhoneAndARemark() async throws {
        let f = try await WorkflowFixture.make(.sqlite)
        let m = try await f.member(in: "B1", serial: 22)
        var t = try await f.service.applyOut(member: m.id, direction: .inProvince(destination: "QF"), application: WorkflowFixture.application, by: org("B1"))
        #expect(t.path.organizations.last == "QF" && t.type == .otherTownship, "精确到基层党委")
        for holder in ["Z1", "JF", "LX"] as [OrganizationID] where t.currentHolder == holder { t = try await f.service.approve(t.id, by: org(holder)) }
        #expect(t.currentHolder == "QF")
        let tree = try await f.service.tree()
        let allowed = t.allowedOperations(for: org("QF"), tree: tree, at: f.clock.now())
        #expect(allowed.contains(.accept) && allowed.contains(.changeDestination))
        let qf = Caller(account: Account(name: "admin-QF", role: .administrator, organization: "QF", active: true, person: "孙八"), address: "test")
        await #expect(throws: WorkflowError.self, "not into the committee itself") { try await f.service.perform(.accept, on: t.id, for: qf) }
        await #expect(throws: WorkflowError.self, "a handler's phone is checked") {
            try await f.service.perform(.accept, on: t.id, for: qf, destination: "QB", handlerPhone: "12345")
        }
        t = try await f.service.perform(.accept, on: t.id, for: qf, reason: "已电话联系本人", destination: "QB", handlerPhone: "0531-86001234")
        #expect(t.stateCode == "awaiting-report" && t.path.organizations.suffix(2) == ["QF", "QB"])
        let line = try #require(t.log.last { $0.operation == "接收" })
        #expect(line.note == "办理人联系电话 0531-86001234；备注 已电话联系本人" && line.person == "admin-QF（孙八）")
        let moved = try await f.service.member(m.id)
        #expect(moved.organization == "QB")
        #expect(try await f.service.checkIntegrity().isEmpty)
    }
}
