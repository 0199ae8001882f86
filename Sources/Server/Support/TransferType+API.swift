import Workflow

extension TransferType {
    /// The transfer type `text` names, or a 422 naming `field` and listing the types: a filter
    /// that cannot be read is refused, never dropped.
    static func parse(_ text: String, field: String) throws(APIError) -> TransferType {
        guard let type = TransferType(rawValue: text) else {
            throw APIError(
                .unprocessableContent, code: "invalid",
                message: "\(field) 应为以下之一：" + allCases.map(\.rawValue).joined(separator: "、"), field: field)
        }
        return type
    }
}
