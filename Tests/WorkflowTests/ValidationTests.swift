import DemoData
import Foundation
import TestSupport
import Testing

@testable import Workflow

/// Every rule of §6 rejects with its own error.
@Suite(.scratch) struct ValidationTests {
    func expectError(
        _ code: WorkflowError.Code, containing text: String, _ body: () async throws -> Void,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async {
        do {
            try await body()
            Issue.record("expected \(code) containing “\(text)”", sourceLocation: sourceLocation)
        } catch let error as WorkflowError {
            #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
            // The field and rule are values of their own now; `description` carries them as `field [rule]: message`.
            #expect(error.description.contains(text), "\(error)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("unexpected \(error)", sourceLocation: sourceLocation)
        }
    }

    @Test func eachRuleOfCreationRejectsWithItsOwnError() async throws {
        let f = try await WorkflowFixture.make(.sqlite)
        let m = try await f.member(in: "B1", serial: 50)
        let app = WorkflowFixture.application
        // Another county's member is answered as no member at all.
        await expectError(.notFound, containing: "没有党员 \(m.id)") {
            _ = try await f.service.applyOut(member: m.id, direction: .inProvince(destination: "B3"), application: app, by: org("QF"))
        }
        await expectError(.noPath, containing: "上级党组织") {
            _ = try await f.service.applyOut(member: m.id, direction: .inProvince(destination: "Z1"), application: app, by: org("B1"))
        }
        await expectError(.invalid, containing: "党费") {
            _ = try await f.service.applyOut(
                member: m.id, direction: .inProvince(destination: "B3"),
                application: .init(duesPaidUpTo: "2017-01"), by: org("B1"))
        }
        await expectError(.invalid, containing: "党费") {
            _ = try await f.service.applyOut(
                member: m.id, direction: .inProvince(destination: "B3"),
                application: .init(duesPaidUpTo: "2017-07"), by: org("B1"))
        }
        await expectError(.invalid, containing: "有效期") {
            _ = try await f.service.applyOut(
                member: m.id, direction: .inProvince(destination: "B3"),
                application: .init(duesPaidUpTo: "2017-06", validityDays: 20), by: org("B1"))
        }
        await expectError(.invalid, containing: "手工填写") {
            _ = try await f.service.applyOut(
                member: m.id, direction: .outOfProvince(destinationName: "", letterhead: ""),
                type: .otherProvince, application: app, by: org("B1"))
        }
        // A destination typed by hand takes an out-of-province type or (off the tree) an in-province one, never an incoming one.
        await expectError(.invalid, containing: "选择类型") {
            _ = try await f.service.applyOut(
                member: m.id, direction: .outOfProvince(destinationName: "中共北京市委", letterhead: "中共北京市委组织部"),
                type: .fromArmy, application: app, by: org("B1"))
        }
        _ = try await f.service.applyOut(member: m.id, direction: .inProvince(destination: "B3"), application: app, by: org("B1"))
        await expectError(.invalid, containing: "在转接流程中") {
            _ = try await f.service.applyOut(member: m.id, direction: .inProvince(destination: "QB"), application: app, by: org("B1"))
        }
    }

    @Test func memberRecordsCheckIDNumberPhoneAndEthnicity() async throws {
        #expect(throws: WorkflowError.self) {
            let valid = WorkflowFixture.idNumber(serial: 55)
            let wrong = String(valid.dropLast()) + (valid.last == "1" ? "2" : "1")
            return try PartyMember(
                id: "x", organization: "B1", name: "王五", idNumber: wrong, ethnicity: "汉族",
                category: .full, occupation: "", education: "", phone: "13606406636")
        }
        #expect(throws: WorkflowError.self) {
            try PartyMember(
                id: "x", organization: "B1", name: "王五", idNumber: WorkflowFixture.idNumber(serial: 51), ethnicity: "汉族",
                category: .full, occupation: "", education: "", phone: "12345")
        }
        let f = try await WorkflowFixture.make(.sqlite, seals: false)
        _ = try await f.member(in: "B1", serial: 52)
        await expectError(.invalid, containing: "已有党员记录") { _ = try await f.member(in: "B2", serial: 52) }
        await expectError(.invalid, containing: "党支部") {
            let m = try PartyMember(
                id: "y", organization: "JF", name: "王五", idNumber: WorkflowFixture.idNumber(serial: 53),
                ethnicity: "汉族", category: .full, occupation: "", education: "", phone: "13606406636")
            try await f.service.add(member: m)
        }
    }

    @Test func theSendingBasicCommitteeNeedsItsContactData() async throws {
        let f = try await WorkflowFixture.make(.sqlite)
        var jf = ExampleProvince.organizations.first { $0.id == "JF" }!
        jf.contact?.fax = ""
        try await f.service.save(organizations: [jf])
        let m = try await f.member(in: "B1", serial: 54)
        await expectError(.invalid, containing: "传真") {
            _ = try await f.service.applyOut(member: m.id, direction: .inProvince(destination: "B3"), application: WorkflowFixture.application, by: org("B1"))
        }
    }

    @Test func aSealUploadIsValidatedAndKeptAsHistory() async throws {
        let f = try await WorkflowFixture.make(.sqlite)
        await expectError(.invalid, containing: "seal") {
            try await f.service.uploadSeal(org: "JF", jpeg: Data([0x89, 0x50, 0x4E, 0x47]), uploader: "安全员")
        }
        try await f.service.uploadSeal(org: "JF", jpeg: sealJPEG, uploader: "管理员")
        let history = try await f.service.sealHistory(org: "JF")
        #expect(history.map(\.version) == [1, 2] && history.last?.uploader == "管理员")
    }

    @Test func aSubtreeIsListedInReadingOrderEachOrganizationBeforeItsOwn() throws {
        let tree = try OrganizationTree(ExampleProvince.organizations)
        let order = tree.depthFirst("LX")
        #expect(Set(order) == Set(tree.subtree("LX")) && order.first == "LX")
        for (i, id) in order.enumerated() {
            // Everything between an organization and the next one not under it is its subtree.
            let rest = order[(i + 1)...].prefix { tree.lineage($0).contains(id) }
            #expect(Set(rest) == Set(tree.subtree(id).dropFirst()), "\(id)")
        }
    }

    @Test func aLowerCategoryMayNotHoldAHigherOne() async throws {
        #expect(throws: WorkflowError.self) {
            try OrganizationTree([
                Organization(id: "b", parentID: nil, name: "支部", category: .branch, level: .branch),
                Organization(id: "c", parentID: "b", name: "党委", category: .basicCommittee, level: .firstLevelBasic),
            ])
        }
    }
}
