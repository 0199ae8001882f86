import Foundation
import TestSupport
import Testing

@testable import Workflow

/// The issuing organization checks and completes the letter before issuing it (seed 003:
/// 检查完善介绍信息无误后，点击保存; seed 000): the member's phone, the addressee's letterhead, the
/// basic committee's contact data; a preview first; what changed printed and in the log.
@Suite(.scratch) struct LetterCompletionTests {
    @Test(arguments: StoreKind.available)
    func whatTheIssuerCompletesIsPrintedAndLoggedAndOnlyWhatChanged(_ kind: StoreKind) async throws {
        let f = try await WorkflowFixture.make(kind)
        let m = try await f.member(in: "B1", serial: 31)
        let b1 = Caller(account: Account(name: "admin-B1", role: .administrator, organization: "B1", active: true), address: "test")
        let z1 = Caller(account: Account(name: "admin-Z1", role: .administrator, organization: "Z1", active: true), address: "test")
        // The application takes the same fields: the first letter prints the phone the branch corrected.
        let started = try await f.service.applyOut(
            member: m.id, direction: .inProvince(destination: "QB"),
            application: .init(duesPaidUpTo: "2017-05", amendments: LetterAmendments(memberPhone: "13912345678")),
            for: b1)
        #expect(try pdfText(try #require(try await f.service.letters(started.id).first).pdf).contains("13912345678"))

        let defaults = try #require(try await f.service.letterDefaults(started.id, for: z1))
        #expect(defaults.memberPhone == "13606406636" && defaults.addressee?.isEmpty == false, "the register's values, to check")
        var edited = defaults
        edited.fax = "0531-86009999"
        edited.address = "济南市历下区解放路新1号"
        edited.reason = "工作调动"
        let preview = try await f.service.letterPreview(started.id, amendments: edited, for: z1)
        let draft = try pdfText(preview)
        #expect(draft.contains("0531-86009999") && draft.contains("未编号"), "the preview shows the completed letter, unnumbered")
        await #expect(throws: WorkflowError.self) {
            var bad = edited
            bad.fax = "12"
            _ = try await f.service.perform(.approve, on: started.id, for: z1, letter: bad)
        }
        // What no font prints is the typist's to correct, never a server error (schemathesis sent these).
        for odd in ["中共\u{1B}某委", "\u{41176}J", "\u{F0000}"] {
            var bad = edited
            bad.addressee = odd
            await #expect(throws: WorkflowError.self) { _ = try await f.service.letterPreview(started.id, amendments: bad, for: z1) }
            do { _ = try await f.service.letterPreview(started.id, amendments: bad, for: z1) } catch let error as WorkflowError {
                #expect(error.code == .invalid && error.rule == "printable", "\(error)")
            }
        }
        let approved = try await f.service.perform(.approve, on: started.id, for: z1, letter: edited)
        let line = try #require(approved.log.last { $0.operation == "同意并开新信" })
        #expect(
            line.note == "核对完善：通讯地址 济南市历下区解放路新1号；传真 0531-86009999；转出原因 工作调动",
            "only what differs from the register: \(line.note ?? "")")
        let issued = try await f.service.letters(started.id)
        let text = try pdfText(issued[1].pdf)
        #expect(text.contains("0531-86009999") && text.contains("解放路新1号"))
        #expect(!(try pdfText(issued[0].pdf)).contains("0531-86009999"), "the letter issued before stays as it was")
    }
}
