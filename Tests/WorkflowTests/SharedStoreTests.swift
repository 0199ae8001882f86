import Foundation
import TestSupport
import Testing

@_spi(Storage) @testable import Workflow

/// Several server processes on one database: each keeps its own caches, and each must see what
/// the others changed the moment it matters. Two services (and two account services) over one
/// store stand for two processes.
@Suite(.scratch) struct SharedStoreTests {
    /// A fixture and two services over its one store.
    private static func twoServers(_ kind: StoreKind) async throws -> (WorkflowFixture, WorkflowService, WorkflowService) {
        let f = try await WorkflowFixture.make(kind)
        return (f, f.service, WorkflowService(store: f.service.store, clock: f.clock, printer: sharedPrinter))
    }

    @Test(arguments: StoreKind.available)
    func aSealLetterheadOrPermissionChangedThroughOneServerIsUsedByTheOtherAtOnce(_ kind: StoreKind) async throws {
        let (f, a, b) = try await Self.twoServers(kind)
        let first = try await f.member(in: "B1", serial: 1)
        let second = try await f.member(in: "B1", serial: 2)
        // B has the tree and B1's seal cached.
        let before = try await b.applyOut(member: first.id, direction: .inProvince(destination: "B3"), application: WorkflowFixture.application, by: org("B1"))
        #expect(try await b.letters(before.id).first?.sealVersion == 1)
        // Through A: a new seal for B1, a new letterhead for Z1, a permission.
        try await a.uploadSeal(org: "B1", jpeg: sealJPEG, uploader: "安全员")
        try await a.update("Z1") { $0.letterhead = "中共新抬头党支部委员会" }
        try await a.update("LX") { $0.permissions.autoApprove = !$0.permissions.autoApprove }
        let after = try await b.applyOut(member: second.id, direction: .inProvince(destination: "B3"), application: WorkflowFixture.application, by: org("B1"))
        let letter = try #require(try await b.letters(after.id).first)
        #expect(letter.sealVersion == 2, "B seals with the seal uploaded through A")
        #expect(String(decoding: letter.letterJSON ?? Data(), as: UTF8.self).contains("中共新抬头党支部委员会"), "and addresses A's letterhead")
        #expect(try await b.tree().organization("LX").permissions.autoApprove == (try await a.tree().organization("LX").permissions.autoApprove))
    }

    @Test(arguments: StoreKind.available)
    func aServerWhoseCopyPredatesARedirectSealsTheNewDestinationsReceipt(_ kind: StoreKind) async throws {
        let (f, a, b) = try await Self.twoServers(kind)
        try await a.save(organizations: [Organization(id: "YB2", parentID: "YS", name: "中共榆山街道另一社区支部委员会", category: .branch, level: .branch)])
        try await a.uploadSeal(org: "YB2", jpeg: sealJPEG, uploader: "安全员")
        let m = try await f.member(in: "B1", serial: 9)
        // B applies and approves up to the receiving side: it keeps the transfer with its path.
        var t = try await b.applyOut(member: m.id, direction: .inProvince(destination: "YB"), application: WorkflowFixture.application, by: org("B1"))
        for holder: OrganizationID in ["Z1", "JF", "LX", "PY"] { t = try await b.approve(t.id, by: org(holder)) }
        // Through A: the destination changes to YB2, which B's copy of the path does not have.
        t = try await a.changeDestination(t.id, by: org("YS"), to: "YB2")
        t = try await a.approve(t.id, by: org("YS"))
        // B accepts for YB2: the receipt it returns carries YB2's seal.
        t = try await b.accept(t.id, by: org("YB2"))
        #expect(t.path.organizations.last == "YB2")
        let receipt = try #require(try await b.letters(t.id).last?.receiptPDF)
        #expect(receipt.range(of: sealJPEG) != nil, "the receipt is sealed with YB2's seal")
    }

    @Test(arguments: StoreKind.available)
    func anApprovalThroughOneServerWorksOnWhatAnotherChangedSealTransferAndAddressee(_ kind: StoreKind) async throws {
        let (f, a, b) = try await Self.twoServers(kind)
        let m = try await f.member(in: "B1", serial: 1)
        // B applies and approves once: it now keeps the transfer, the tree and the seals.
        var t = try await b.applyOut(member: m.id, direction: .inProvince(destination: "QB"), application: WorkflowFixture.application, by: org("B1"))
        t = try await b.approve(t.id, by: org(try #require(t.currentHolder)))
        // Through A: the next approval, a new seal for the holder after it, a new letterhead for
        // the organization that holder's letter is addressed to.
        t = try await a.approve(t.id, by: org(try #require(t.currentHolder)))
        let holder = try #require(t.currentHolder)
        let index = try #require(t.path.organizations.firstIndex(of: holder))
        let addressee = t.path.organizations[index + 1]
        try await a.uploadSeal(org: holder, jpeg: sealJPEG, uploader: "安全员")
        try await a.update(addressee) { $0.letterhead = "中共改名后的党委" }
        // B approves: on the transfer as A left it (not a conflict with its old copy), sealed
        // with the new seal, addressed with the new letterhead.
        let after = try await b.approve(t.id, by: org(holder))
        #expect(after.version == t.version + 1)
        let letter = try #require(try await b.letters(t.id).last { $0.issuer == holder })
        #expect(letter.sealVersion == 2)
        #expect(String(decoding: letter.letterJSON ?? Data(), as: UTF8.self).contains("中共改名后的党委"))
        // B's old copy of the transfer is not used to approve again.
        let fresh = try await a.transfer(t.id)
        #expect(fresh.version == after.version && fresh.currentHolder == after.currentHolder)
    }

    @Test(arguments: StoreKind.available)
    func changesToDifferentFieldsThroughTwoServersAreBothKept(_ kind: StoreKind) async throws {
        let (_, a, b) = try await Self.twoServers(kind)
        _ = try await b.tree()
        let was = try await a.tree().organization("B3").permissions.mayTransfer
        try await a.update("B3") { $0.permissions.mayTransfer = !was }
        // B's cached copy is older; its letterhead edit must not write the old permission back.
        try await b.update("B3") { $0.letterhead = "中共另一抬头" }
        let stored = try await WorkflowService(store: a.store, printer: sharedPrinter).tree().organization("B3")
        #expect(stored.permissions.mayTransfer == !was && stored.letterhead == "中共另一抬头")
        // Many concurrent edits of different fields: none lost.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for n in 0..<10 {
                group.addTask { try await (n.isMultiple(of: 2) ? a : b).update("B3") { $0.letterhead = "中共抬头\(n)" } }
                group.addTask { try await (n.isMultiple(of: 2) ? b : a).update("B3") { $0.permissions.autoApprove = n.isMultiple(of: 2) } }
            }
            try await group.waitForAll()
        }
        #expect(try await a.tree().organization("B3").letterhead.hasPrefix("中共抬头"))
    }

    @Test(arguments: StoreKind.available)
    func aLogoutOrPasswordResetEndsTheSessionOnEveryServerAtOnce(_ kind: StoreKind) async throws {
        let f = try await WorkflowFixture.make(kind)
        let one = AccountService(store: f.service.store, hasher: AuditLogTests.PlainHasher())
        let two = AccountService(store: f.service.store, hasher: AuditLogTests.PlainHasher())
        let code = try await one.bootstrap(name: "security", organization: "P")
        try await one.activate(name: "security", code: code, password: "password-1234")
        let (_, session, _) = try await one.login(name: "security", password: "password-1234", address: "a")
        #expect(try await two.account(session: session) != nil)
        try await one.logout(session: session)
        #expect(try await two.account(session: session) == nil, "the other server refuses it at once")
    }

    @Test func serversStartingTogetherOnAnEmptyDatabaseAllComeUp() async throws {
        let path = scratchSQLite("together")
        let stores = try await withThrowingTaskGroup(of: (any WorkflowStore).self) { group in
            for _ in 0..<4 { group.addTask { try await openWorkflowStore(path) } }
            return try await group.reduce(into: [any WorkflowStore]()) { $0.append($1) }
        }
        keepUntilSuiteEnds(stores)
        #expect(stores.count == 4)
        if Requirements.postgres {
            let url = try await scratchPostgres("t")
            let pg = try await withThrowingTaskGroup(of: (any WorkflowStore).self) { group in
                for _ in 0..<4 { group.addTask { try await openWorkflowStore(url) } }
                return try await group.reduce(into: [any WorkflowStore]()) { $0.append($1) }
            }
            keepUntilSuiteEnds(pg)
            #expect(pg.count == 4)
        }
    }
}
