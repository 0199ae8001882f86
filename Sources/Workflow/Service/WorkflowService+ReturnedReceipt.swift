import Crypto
import Foundation
import LetterModel

extension WorkflowService {
    /// The largest scan or photo of a returned receipt kept.
    public static let receiptScanLimit = 5 << 20

    /// Records the receipt returned from outside the province (录入回执) for `caller`: the day
    /// and number it reads, and its scan or photo (JPEG or PDF, at most 5 MB), kept with the
    /// transfer in the same transaction as the change and its audit entry.
    public func recordReturnedReceipt(
        _ id: TransferID, returnedOn: String, number: String?, note: String, scan: Data,
        for caller: Caller
    ) async throws -> Transfer {
        let action = "record-receipt"
        do {
            _ = try await transfer(id, for: caller, audit: nil, refusedAs: action)
            _ = try Limits.check(note, field: "note", max: Limits.reason)
            let number = number?.trimmingCharacters(in: .whitespaces).isEmpty == false ? number : nil
            if let number, number.count > 32 || !FieldRules.isLetterNumber(number) {
                throw WorkflowError(.invalid, field: "number", rule: "format", "回执编号只能由字母、数字和连字符组成，最多 32 位")
            }
            let kind: String
            if scan.starts(with: [0xFF, 0xD8, 0xFF]) {
                kind = "jpeg"
            } else if scan.starts(with: Array("%PDF-".utf8)) {
                kind = "pdf"
            } else {
                throw WorkflowError(.invalid, field: "scan", rule: "format", "回执扫描件应为 JPEG 照片或 PDF")
            }
            guard scan.count <= Self.receiptScanLimit else {
                throw WorkflowError(.invalid, field: "scan", rule: "size", "回执扫描件最多 5 MB，实为 \(scan.count / 1024 / 1024) MB")
            }
            let sha = ArchiveEntry.hex(SHA256.hash(data: scan))
            let receipt = ReturnedReceipt(returnedOn: returnedOn, number: number, scan: kind, sha256: sha)
            let tree = try await tree()
            var t = try await self.transfer(id)
            let member = try await self.member(t.memberID)
            let now = clock.now()
            let before = t.currentHolder
            let effects = try t.recordReceipt(by: caller.actor, note: note, receipt: receipt, at: now)
            return try await commit(
                t, effects: effects, member: member, tree: tree, now: now, isNew: false,
                attachment: ("returned-receipt", scan), holderBefore: before, audit: (caller, action))
        } catch let error as WorkflowError {
            try await audit(caller, action, target: Limits.clipped(id, to: Limits.identifier), outcome: error.code.rawValue)
            throw error
        }
    }

    /// The ID card's photo reviewed by hand when a transfer into the province was registered
    /// without an online check: for the organizations on its path (not the member); audited.
    public func idCardPhoto(_ id: TransferID, for caller: Caller) async throws -> Data {
        let action = "view-id-card-photo"
        let t = try await transfer(id, for: caller, audit: nil, refusedAs: action)
        return try await read(caller, action, target: Limits.clipped(id, to: Limits.identifier), waits: true) {
            guard case .intoProvince(_, _, true) = t.direction,
                let bytes = try await store.read({ try await Repository(c: $0).attachment(transfer: id, kind: "id-card-photo") })
            else {
                throw WorkflowError(.notFound, "该转接没有人工审核的身份证照片")
            }
            return bytes
        }
    }

    /// The returned receipt's scan of a transfer the caller may see, with its kind (`jpeg`,
    /// `pdf`); audited as a read.
    public func returnedReceiptScan(_ id: TransferID, for caller: Caller) async throws -> (kind: String, bytes: Data) {
        let action = "view-receipt-scan"
        let t = try await transfer(id, for: caller, audit: nil, refusedAs: action)
        return try await read(caller, action, target: Limits.clipped(id, to: Limits.identifier)) {
            guard let receipt = t.returnedReceipt,
                let bytes = try await store.read({ try await Repository(c: $0).attachment(transfer: id, kind: "returned-receipt") })
            else {
                throw WorkflowError(.notFound, "该转接没有录入回执扫描件")
            }
            return (receipt.scan, bytes)
        }
    }
}
