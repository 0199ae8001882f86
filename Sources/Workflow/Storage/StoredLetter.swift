import Foundation

/// A letter as stored: its number and PDF (never changed after issue), and the receipt's PDF
/// once returned.
public struct StoredLetter: Sendable {
    /// Index of the hop.
    public let hop: Int
    /// The letter number.
    public let number: String
    /// The issuing organization.
    public let issuer: OrganizationID
    /// The version of the seal it carries.
    public let sealVersion: Int?
    /// The PDF as issued.
    public let pdf: Data
    /// SHA-256 of `pdf`, hex.
    public let sha256: String
    /// The returned receipt (part 3, sealed by the receiver), if returned.
    public let receiptPDF: Data?
    /// SHA-256 of `receiptPDF`.
    public let receiptSHA256: String?
    /// The letter's values as issued, in the JSON contract (nil for letters stored before
    /// schema version 3).
    public let letterJSON: Data?

    /// The letter of `row`, its PDFs as issued (the seal spliced back where it was cut out).
    init(_ row: SQLRow, seals: inout SealJPEGs) async throws {
        let key = "\(row.string("transfer_id") ?? "?") 第 \(row.int("hop").map { $0 + 1 } ?? 0) 封"
        hop = try row.integer("hop", of: "letters", key: key)
        number = try row.text("number", of: "letters", key: key)
        issuer = OrganizationID(try row.text("issuer_id", of: "letters", key: key))
        sealVersion = row.int("seal_version")
        pdf = try await seals.issued(try row.data("pdf", of: "letters", key: key), cut: row.string("pdf_cut"))
        sha256 = try row.text("sha256", of: "letters", key: key)
        if let receipt = row.bytes("receipt_pdf") {
            receiptPDF = try await seals.issued(receipt, cut: row.string("receipt_cut"))
        } else {
            receiptPDF = nil
        }
        receiptSHA256 = row.string("receipt_sha256")
        letterJSON = row.string("letter_json").map { Data($0.utf8) }
    }
}
