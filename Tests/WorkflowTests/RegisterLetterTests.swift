import Foundation
import TestSupport
import Testing

@testable import Workflow

/// The letters use the register (issue 14 item 4): what a letter prints — the member's data,
/// the addressee's letterhead, the basic committee's address — is the register's at the moment
/// of issue, and stays as issued afterwards.
@Suite(.scratch) struct RegisterLetterTests {
    @Test(arguments: StoreKind.available)
    func aLetterPrintsTheRegisterAsItStoodAtIssueAndKeepsIt(_ kind: StoreKind) async throws {
        let f = try await WorkflowFixture.make(kind)
        let jf = Caller(account: Account(name: "admin-JF", role: .administrator, organization: "JF", active: true), address: "test")
        let first = try await f.member(in: "B1", serial: 1)
        let second = try await f.member(in: "B1", serial: 2)
        let before = try await f.service.applyOut(
            member: first.id, direction: .inProvince(destination: "B3"), application: WorkflowFixture.application, by: org("B1"))
        let issued = try #require(try await f.service.letters(before.id).first)
        let oldText = try pdfText(issued.pdf)
        let oldAddress = try await f.service.tree().organization("JF").contact?.address.filter { !$0.isWhitespace } ?? "?"
        #expect(oldText.contains(oldAddress))

        // The register changes: the committee's address, the second member's phone.
        _ = try await f.service.editOrganization("JF", ["address": "济南市历下区新地址99号"], for: jf)
        var entry = MemberEntry(
            name: second.name, idNumber: second.idNumber, ethnicity: second.ethnicity, education: second.education,
            category: second.category == "预备" ? "预备党员" : "正式党员", branch: "B1", joinedOn: "2001-07-01",
            madeFullOn: second.category == "预备" ? nil : "2002-07-01", post: "在岗职工", phone: "13912345678",
            homeAddress: "某路", lostContact: false, mobile: false, duesPaidUpTo: nil)
        entry.phone = "13912345678"
        _ = try await f.service.editMember(second.id, entry, for: jf)

        let after = try await f.service.applyOut(
            member: second.id, direction: .inProvince(destination: "B3"), application: WorkflowFixture.application, by: org("B1"))
        let newText = try pdfText(try #require(try await f.service.letters(after.id).first).pdf)
        #expect(newText.contains("济南市历下区新地址99号") && newText.contains("13912345678"), "the new letter prints the register as it is now")
        let stored = try #require(try await f.service.letters(before.id).first)
        let storedText = try pdfText(stored.pdf)
        #expect(stored.pdf == issued.pdf && !storedText.contains("新地址"), "the letter issued before keeps what it was issued with")
        let reprint = try await f.service.printIssued(before.id, hop: 0, parts: [.letter, .stub, .receipt], template: .two, printer: nil)
        let reprintText = try pdfText(reprint.pdf)
        #expect(!reprintText.contains("新地址") && reprintText.contains(oldAddress), "and so does a reprint of it on template two")
    }
}
