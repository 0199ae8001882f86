import Foundation
import LetterModel
import Workflow

/// The fields of 省外转入登记 as a form or the API sends them (`multipart/form-data` with the ID
/// card's photo as the file `idCardPhoto`, or JSON without it), read into a registration; the
/// rules of each value are the service's, this only turns text into values.
enum IncomingForm {
    /// The fields, in the order the page shows them.
    static let fields = [
        "name", "idNumber", "ethnicity", "category", "occupation", "education", "phone", "origin", "destination", "type",
        "duesPaidUpTo", "validityDays", "originLetterNumber",
    ]

    static func registration(_ fields: [String: String], photo: [UInt8]?) throws(APIError) -> IncomingRegistration {
        func text(_ name: String) throws(APIError) -> String {
            guard let value = fields[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else {
                throw APIError(.unprocessableContent, code: "invalid", message: "\(name) 不能为空", field: name)
            }
            return value
        }
        let categoryText = try text("category")
        guard let category: MemberCategory = categoryText.hasPrefix("正式") ? .full : categoryText.hasPrefix("预备") ? .probationary : nil else {
            throw APIError(.unprocessableContent, code: "invalid", message: "category 应为 正式党员 或 预备党员", field: "category")
        }
        let typeText = try text("type")
        guard let type = TransferType(rawValue: typeText) else {
            throw APIError(
                .unprocessableContent, code: "invalid", message: "type 应为 " + TransferType.incoming.map(\.rawValue).joined(separator: "、") + " 之一",
                field: "type")
        }
        let validity = try IntegerParameter.optional(fields["validityDays"], name: "validityDays", in: 1...365, fallback: 15)
        return IncomingRegistration(
            name: try text("name"), idNumber: try text("idNumber"), ethnicity: try text("ethnicity"), category: category,
            occupation: fields["occupation"] ?? "", education: fields["education"] ?? "", phone: try text("phone"),
            origin: try text("origin"), destination: OrganizationID(try text("destination")), type: type,
            application: .init(duesPaidUpTo: try text("duesPaidUpTo"), validityDays: validity),
            idCardPhoto: photo.flatMap { $0.isEmpty ? nil : Data($0) },
            originLetterNumber: fields["originLetterNumber"].flatMap { $0.isEmpty ? nil : $0 })
    }
}
