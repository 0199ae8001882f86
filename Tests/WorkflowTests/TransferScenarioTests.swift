import DemoData
import Foundation
import LetterModel
import Render
import TestSupport
import Testing

@_spi(Storage) @testable import Workflow

/// The manuals' own examples, end to end through the service and a real store: path, letters
/// and their addressees, log, archives and the member's final record.
@Suite(.serialized, .scratch) struct TransferScenarioTests {
    func addressees(_ f: WorkflowFixture, _ t: Transfer) async throws -> [String] {
        let id = t.id
        let rows = try await f.service.store.transaction { c in
            try await c.run("SELECT letter_doc FROM letters WHERE transfer_id = ? ORDER BY hop", [.text(id)])
        }
        return try rows.map { row in
            let json = try JSONSerialization.jsonObject(with: Data((row.string("letter_doc") ?? "{}").utf8)) as! [String: Any]
            return json["addressee"] as! String
        }
    }

    func letterhead(_ id: OrganizationID) -> String {
        ExampleProvince.organizations.first { $0.id == id }!.letterhead
    }

    @Test("within one basic committee: B1 → Z1 → JF → B3, JF approving by itself", arguments: StoreKind.available)
    func withinOneCommittee(kind: StoreKind) async throws {
        let f = try await WorkflowFixture.make(kind)
        let m = try await f.member(in: "B1", serial: 1)
        var t = try await f.service.applyOut(member: m.id, direction: .inProvince(destination: "B3"), application: WorkflowFixture.application, by: org("B1"))
        #expect(t.path.organizations == ["B1", "Z1", "JF", "B3"])
        #expect(t.type == .townshipDirect)
        #expect(t.currentHolder == "Z1")
        #expect((try await f.service.member(m.id)).status == .inTransfer)
        // Only the holder may act; the error says who.
        await #expect(throws: WorkflowError.self) { try await f.service.approve(t.id, by: org("JF")) }
        t = try await f.service.approve(t.id, by: org("Z1"))
        #expect(t.currentHolder == "B3", "JF's step is automatic")
        #expect(t.hops.map(\.automatic) == [false, false, true])
        #expect(t.log.last?.actor == .system)
        #expect(try await addressees(f, t) == [letterhead("Z1"), letterhead("JF"), letterhead("B3")])
        t = try await f.service.accept(t.id, by: org("B3"))
        t = try await f.service.confirmReporting(t.id, by: org("B3"))
        #expect(t.stateCode == "completed")
        let moved = try await f.service.member(m.id)
        #expect(moved.organization == "B3" && moved.status == .active)
        #expect(moved.records.map(\.kind) == [.decrease, .increase])
        // Every letter stored once with its hash; every receipt returned and sealed.
        let letters = try await f.service.letters(t.id)
        #expect(letters.count == 3 && letters.allSatisfy { $0.receiptPDF != nil && !$0.sha256.isEmpty })
        #expect(Set(letters.map(\.number)).count == 3 && letters.allSatisfy { $0.number.count == 18 })
        // Archives per §5.
        #expect(try await f.service.archive(of: "B1", transfer: t.id) == [ArchivePart(hop: 0, part: .stub)])
        #expect(try await f.service.archive(of: "B3", transfer: t.id) == [ArchivePart(hop: 2, part: .letter), ArchivePart(hop: 2, part: .receipt)])
        #expect(
            try await f.service.archive(of: "Z1", transfer: t.id) == [
                ArchivePart(hop: 1, part: .stub), ArchivePart(hop: 0, part: .letter), ArchivePart(hop: 0, part: .receipt),
            ])
        #expect(try await f.service.archive(of: "B2", transfer: t.id).isEmpty, "only organizations that acted")
        #expect(try await f.service.acted(by: "JF", view: .automatic).map(\.id) == [t.id])
    }

    @Test("within a county: the county approves by itself only when its setting says so", arguments: StoreKind.available)
    func withinCounty(kind: StoreKind) async throws {
        let f = try await WorkflowFixture.make(kind)
        let m = try await f.member(in: "B1", serial: 2)
        var t = try await f.service.applyOut(member: m.id, direction: .inProvince(destination: "QB"), application: WorkflowFixture.application, by: org("B1"))
        #expect(t.path.organizations == ["B1", "Z1", "JF", "LX", "QF", "QB"])
        #expect(t.type == .otherTownship)
        t = try await f.service.approve(t.id, by: org("Z1"))
        t = try await f.service.approve(t.id, by: org("JF"))
        #expect(t.currentHolder == "QF", "LX auto-approves")
        t = try await f.service.approve(t.id, by: org("QF"))
        t = try await f.service.accept(t.id, by: org("QB"))
        #expect((try await f.service.member(m.id)).organization == "QB")

        var lx = ExampleProvince.organizations.first { $0.id == "LX" }!
        lx.permissions.autoApprove = false
        try await f.service.save(organizations: [lx])
        let m2 = try await f.member(in: "B2", serial: 3)
        var t2 = try await f.service.applyOut(member: m2.id, direction: .inProvince(destination: "QB"), application: WorkflowFixture.application, by: org("B2"))
        t2 = try await f.service.approve(t2.id, by: org("Z1"))
        t2 = try await f.service.approve(t2.id, by: org("JF"))
        #expect(t2.currentHolder == "LX", "manual when auto-approve is off")
    }

    @Test("across counties and cities: a lateral hop, nothing automatic", arguments: StoreKind.available)
    func acrossCounties(kind: StoreKind) async throws {
        let f = try await WorkflowFixture.make(kind)
        let m = try await f.member(in: "B1", serial: 4)
        var t = try await f.service.applyOut(member: m.id, direction: .inProvince(destination: "YB"), application: WorkflowFixture.application, by: org("B1"))
        #expect(t.path.organizations == ["B1", "Z1", "JF", "LX", "PY", "YS", "YB"])
        #expect(t.type == .otherCounty)
        for holder: OrganizationID in ["Z1", "JF", "LX", "PY", "YS"] {
            #expect(t.currentHolder == holder)
            t = try await f.service.approve(t.id, by: org(holder))
        }
        #expect(t.hops.allSatisfy { !$0.automatic })
        t = try await f.service.accept(t.id, by: org("YB"))
        #expect(try await addressees(f, t).last == letterhead("YB"))
        let cb = try await f.member(in: "B2", serial: 5)
        let toCity = try await f.service.applyOut(
            member: cb.id, direction: .inProvince(destination: "CB"), application: WorkflowFixture.application, by: org("B2"))
        #expect(toCity.path.organizations == ["B2", "Z1", "JF", "LX", "HD", "CJ", "CB"] && toCity.type == .otherCity)
    }

    @Test("out of the province: issued by the city, completed out of system, receipt recorded, recall and recovery", arguments: StoreKind.available)
    func outOfProvince(kind: StoreKind) async throws {
        let f = try await WorkflowFixture.make(kind)
        let m = try await f.member(in: "B1", serial: 6)
        var t = try await f.service.applyOut(
            member: m.id, direction: .outOfProvince(destinationName: "中共北京市海淀区委", letterhead: "中共北京市海淀区委组织部"),
            type: .otherProvince, application: WorkflowFixture.application, by: org("B1"))
        #expect(t.path.organizations == ["B1", "Z1", "JF", "LX", "J"])
        for holder: OrganizationID in ["Z1", "JF", "LX", "J"] { t = try await f.service.approve(t.id, by: org(holder)) }
        #expect(t.stateCode == "issued-out")
        #expect(try await addressees(f, t).last == "中共北京市海淀区委组织部")
        t = try await f.service.recall(t.id, by: org("J"))
        #expect(t.currentHolder == "J" && t.stateCode == "recalled")
        t = try await f.service.approve(t.id, by: org("J"))
        t = try await f.service.completeOutOfSystem(t.id, by: org("J"))
        #expect((try await f.service.member(m.id)).status == .history(.movedOut))
        await #expect(throws: WorkflowError.self) { try await f.service.recordReceipt(t.id, by: org("B1"), note: "x") }
        t = try await f.service.recordReceipt(t.id, by: org("JF"), note: "回执已收到")
        #expect(t.stateCode == "completed")
        t = try await f.service.recover(t.id, by: org("B1"), reason: "误办结")
        let back = try await f.service.member(m.id)
        #expect(back.status == .active && back.organization == "B1" && back.records.last?.reason == "找回")
        #expect(t.stateCode == "recovered")
    }

    @Test("into the province: created by a national organization, with manual review when identity cannot be verified", arguments: StoreKind.available)
    func intoProvince(kind: StoreKind) async throws {
        let f = try await WorkflowFixture.make(kind)
        let newcomer = try PartyMember(
            id: "in-1", organization: "YB", name: "张三", idNumber: WorkflowFixture.idNumber(serial: 7),
            ethnicity: "汉族", category: .probationary, occupation: "教师", education: "硕士", phone: "13900000000")
        await #expect(throws: WorkflowError.self) {
            try await f.service.registerIncoming(
                member: newcomer, origin: "中共北京市海淀区某支部", type: .fromOtherProvince,
                application: WorkflowFixture.application, idCardPhoto: nil, by: org("J"))
        }
        await #expect(throws: WorkflowError.self, "a county without national permission may not create one") {
            try await f.service.registerIncoming(
                member: newcomer, origin: "x", type: .fromOtherProvince,
                application: WorkflowFixture.application, idCardPhoto: sealJPEG, by: org("PY"))
        }
        var t = try await f.service.registerIncoming(
            member: newcomer, origin: "中共北京市海淀区某支部", type: .fromOtherProvince,
            application: WorkflowFixture.application, idCardPhoto: sealJPEG, by: org("J"))
        #expect(t.path.organizations == ["J", "PY", "YS", "YB"])
        if case .intoProvince(_, _, let review) = t.direction { #expect(review) }
        t = try await f.service.approve(t.id, by: org("PY"))
        t = try await f.service.accept(t.id, by: org("YS"))  // a basic committee accepting into its branch
        #expect(t.hops.last?.automatic == true)
        let member = try await f.service.member("in-1")
        #expect(member.status == .active && member.records.map(\.reason) == ["自外省(区、市)转入"])
    }

    @Test("returned back to the originator, then voided", arguments: StoreKind.available)
    func returnThenVoid(kind: StoreKind) async throws {
        let f = try await WorkflowFixture.make(kind)
        let m = try await f.member(in: "B1", serial: 8)
        var t = try await f.service.applyOut(member: m.id, direction: .inProvince(destination: "YB"), application: WorkflowFixture.application, by: org("B1"))
        t = try await f.service.approve(t.id, by: org("Z1"))
        await #expect(throws: WorkflowError.self, "a reason is required") { try await f.service.returnLetter(t.id, by: org("JF"), reason: " ") }
        t = try await f.service.returnLetter(t.id, by: org("JF"), reason: "材料不全")
        #expect(t.currentHolder == "Z1")
        await #expect(throws: WorkflowError.self, "only the originator voids") { try await f.service.void(t.id, by: org("Z1"), reason: "x") }
        t = try await f.service.returnLetter(t.id, by: org("Z1"), reason: "退回支部")
        #expect(t.currentHolder == "B1" && t.stateCode == "returned")
        t = try await f.service.void(t.id, by: org("B1"), reason: "党员不再调动")
        #expect(t.stateCode == "void")
        #expect((try await f.service.member(m.id)).status == .active)
        #expect(t.log.map(\.operation) == ["单人转出申请", "发起并开具介绍信", "同意并开新信", "退件", "退件", "废件"])
    }

    @Test("the destination is changed midway by a receiving-side organization", arguments: StoreKind.available)
    func changeDestination(kind: StoreKind) async throws {
        let f = try await WorkflowFixture.make(kind)
        try await f.service.save(organizations: [Organization(id: "YB2", parentID: "YS", name: "中共榆山街道另一社区支部委员会", category: .branch, level: .branch)])
        let m = try await f.member(in: "B1", serial: 9)
        var t = try await f.service.applyOut(member: m.id, direction: .inProvince(destination: "YB"), application: WorkflowFixture.application, by: org("B1"))
        for holder: OrganizationID in ["Z1", "JF", "LX"] { t = try await f.service.approve(t.id, by: org(holder)) }
        await #expect(throws: WorkflowError.self, "a source-side organization may not") {
            try await f.service.changeDestination(t.id, by: org("LX"), to: "YB2")
        }
        t = try await f.service.approve(t.id, by: org("PY"))
        t = try await f.service.changeDestination(t.id, by: org("YS"), to: "YB2")
        #expect(t.path.organizations == ["B1", "Z1", "JF", "LX", "PY", "YS", "YB2"] && t.destination == "YB2")
        t = try await f.service.approve(t.id, by: org("YS"))
        t = try await f.service.accept(t.id, by: org("YB2"))
        #expect((try await f.service.member(m.id)).organization == "YB2")
    }

    @Test("objection from the receiving branch sends the letter back for re-approval", arguments: StoreKind.available)
    func objection(kind: StoreKind) async throws {
        let f = try await WorkflowFixture.make(kind)
        let m = try await f.member(in: "B1", serial: 10)
        var t = try await f.service.applyOut(member: m.id, direction: .inProvince(destination: "B3"), application: WorkflowFixture.application, by: org("B1"))
        t = try await f.service.approve(t.id, by: org("Z1"))
        t = try await f.service.object(t.id, by: org("B3"), feedback: "党员姓名有误")
        #expect(t.currentHolder == "JF" && t.stateCode == "objection")
        t = try await f.service.approve(t.id, by: org("JF"))
        t = try await f.service.accept(t.id, by: org("B3"))
        #expect(t.stateCode == "awaiting-report")
        #expect(try await f.service.notReported(under: "JF").map(\.id) == [t.id])
    }

    @Test("a basic committee starts for its branch: the steps below are filled in", arguments: StoreKind.available)
    func autoFill(kind: StoreKind) async throws {
        let f = try await WorkflowFixture.make(kind)
        let m = try await f.member(in: "B1", serial: 11)
        let t = try await f.service.applyOut(member: m.id, direction: .inProvince(destination: "QB"), application: WorkflowFixture.application, by: org("JF"))
        #expect(t.initiator == 2)
        #expect(t.hops.map(\.automatic) == [true, true, false, true])
        #expect(t.currentHolder == "QF")
        #expect(try await f.service.letters(t.id).count == 4)
    }

    @Test("an organization without the transfer permission is skipped", arguments: StoreKind.available)
    func skipping(kind: StoreKind) async throws {
        let f = try await WorkflowFixture.make(kind)
        var z1 = ExampleProvince.organizations.first { $0.id == "Z1" }!
        z1.permissions.mayTransfer = false
        try await f.service.save(organizations: [z1])
        let m = try await f.member(in: "B1", serial: 12)
        let t = try await f.service.applyOut(member: m.id, direction: .inProvince(destination: "B3"), application: WorkflowFixture.application, by: org("B1"))
        #expect(t.path.organizations == ["B1", "JF", "B3"])
        #expect(t.currentHolder == "B3", "JF turns and approves by itself")
    }

    @Test("recall by the applicant before the first approval", arguments: StoreKind.available)
    func recallByApplicant(kind: StoreKind) async throws {
        let f = try await WorkflowFixture.make(kind)
        let m = try await f.member(in: "B1", serial: 13)
        var t = try await f.service.applyOut(member: m.id, direction: .inProvince(destination: "B3"), application: WorkflowFixture.application, by: org("B1"))
        t = try await f.service.recall(t.id, by: org("B1"))
        #expect(t.currentHolder == "B1" && t.stateCode == "recalled")
        t = try await f.service.approve(t.id, by: org("B1"))
        t = try await f.service.approve(t.id, by: org("Z1"))
        await #expect(throws: WorkflowError.self, "Z1 cannot recall JF's automatic letter") { try await f.service.recall(t.id, by: org("Z1")) }
    }

    @Test("a member applies for themself; the branch then issues the letter", arguments: StoreKind.available)
    func memberApplies(kind: StoreKind) async throws {
        let f = try await WorkflowFixture.make(kind)
        let m = try await f.member(in: "B1", serial: 14)
        var t = try await f.service.applyOut(
            member: m.id, direction: .inProvince(destination: "B3"), application: WorkflowFixture.application, by: .member(m.id))
        #expect(t.currentHolder == "B1" && t.hops.isEmpty)
        #expect(try await f.service.queue(of: "B1").map(\.id) == [t.id])
        t = try await f.service.approve(t.id, by: org("B1"))
        #expect(t.currentHolder == "Z1")
    }
}

/// Lists, views and statistics over the stored transfers.
@Suite(.scratch) struct QueryTests {
    @Test("queues, histories, views, overview and statistics", arguments: StoreKind.available)
    func queries(kind: StoreKind) async throws {
        let f = try await WorkflowFixture.make(kind)
        let a = try await f.member(in: "B1", name: "甲", serial: 60)
        let b = try await f.member(in: "B2", name: "乙", serial: 61)
        var t1 = try await f.service.applyOut(member: a.id, direction: .inProvince(destination: "QB"), application: WorkflowFixture.application, by: org("B1"))
        f.clock.advance(seconds: 86_400)
        let t2 = try await f.service.applyOut(member: b.id, direction: .inProvince(destination: "YB"), application: WorkflowFixture.application, by: org("B2"))
        // Both wait at Z1; the earlier letter expires first.
        #expect(try await f.service.queue(of: "Z1").map(\.id) == [t1.id, t2.id])
        #expect(try await f.service.queueCounts(of: "JF") == QueueCounts(own: 0, subordinates: 2))
        f.clock.advance(seconds: 20 * 86_400)
        #expect(try await f.service.queue(of: "Z1").allSatisfy(\.overdue))
        #expect(try await f.service.history(of: "JF", outgoing: true, filter: HistoryFilter(name: "甲")).map(\.id) == [t1.id])
        #expect(try await f.service.history(of: "JF", outgoing: true, filter: HistoryFilter(type: .otherCounty)).map(\.id) == [t2.id])
        #expect(try await f.service.history(of: "JF", outgoing: true, filter: HistoryFilter(includeDescendants: false)).isEmpty)
        for holder: OrganizationID in ["Z1", "JF", "QF"] { t1 = try await f.service.approve(t1.id, by: org(holder)) }
        t1 = try await f.service.accept(t1.id, by: org("QB"))
        #expect(try await f.service.history(of: "QF", outgoing: false).map(\.id) == [t1.id])
        #expect(Set(try await f.service.acted(by: "Z1").map(\.id)) == [t1.id])
        #expect(try await f.service.acted(by: "LX", view: .automatic).map(\.id) == [t1.id])
        #expect(try await f.service.acted(by: "JF", view: .subordinates).map(\.id).contains(t1.id))
        let overview = try await f.service.overview(of: "P")
        #expect(overview.outgoingThisYear == 2 && overview.incomingThisYear == 2)
        let stats = try await f.service.statistics(under: "P", from: WorkflowFixture.start.addingTimeInterval(-86_400), until: f.clock.now())
        #expect(stats.total == 1 && stats.type == ["转往本县(市、区)其他乡镇（街道）党组织": 1] && stats.sex.values.reduce(0, +) == 1)
        #expect(stats.sourceKind == ["一级党（工）委": 1] && stats.destinationKind == ["一级党（工）委": 1], "levels in words, as the seed names them")
    }
}
