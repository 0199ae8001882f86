import Crypto
import Foundation
import TestSupport
import Testing

@_spi(Storage) @testable import Workflow

/// A letter's and a receipt's PDF are stored without their seal's JPEG, which the store keeps
/// once per seal version, and read back as issued: byte for byte the PDF whose SHA-256 the
/// archive chain holds.
@Suite(.scratch) struct SealCutTests {
    @Test("letters and receipts are stored without their seal and read back byte for byte as issued", arguments: StoreKind.available)
    func storedWithoutTheSealReadBackAsIssued(kind: StoreKind) async throws {
        let f = try await WorkflowFixture.make(kind)
        let m = try await f.member(in: "B1", serial: 80)
        var t = try await f.service.applyOut(member: m.id, direction: .inProvince(destination: "QB"), application: WorkflowFixture.application, by: org("B1"))
        t = try await f.service.approve(t.id, by: org("Z1"))  // returns the receipt of B1's letter
        let letters = try await f.service.letters(t.id)
        #expect(letters.count == 2 && letters[0].receiptPDF != nil)
        let id = t.id
        let rows = try await f.service.store.read {
            try await $0.run(
                "SELECT hop, LENGTH(pdf) AS stored, pdf_cut, LENGTH(receipt_pdf) AS receipt_stored, receipt_cut FROM letters WHERE transfer_id = ? ORDER BY hop",
                [.text(id)])
        }
        for (letter, row) in zip(letters, rows) {
            #expect(ArchiveEntry.hex(SHA256.hash(data: letter.pdf)) == letter.sha256, "the bytes read are the bytes issued")
            #expect(letter.pdf.starts(with: Array("%PDF-".utf8)))
            #expect(row.string("pdf_cut") != nil && row.int("stored")! + sealJPEG.count == letter.pdf.count, "stored without the seal's JPEG")
        }
        let receipt = try #require(letters[0].receiptPDF)
        #expect(ArchiveEntry.hex(SHA256.hash(data: receipt)) == letters[0].receiptSHA256)
        #expect(rows[0].string("receipt_cut") != nil && rows[0].int("receipt_stored")! + sealJPEG.count == receipt.count)
        #expect(try await ArchiveChain.check(f.service.store).isIntact)
    }
}
