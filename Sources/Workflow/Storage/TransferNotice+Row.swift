import Foundation

extension TransferNotice {
    /// A notice as the outbox row holds it.
    init(row: SQLRow) throws(WorkflowError) {
        let id = try row.integer("id", of: "notifications", key: "?")
        let key = "id \(id)"
        self.init(
            id: Int64(id), organization: OrganizationID(try row.text("org_id", of: "notifications", key: key)),
            transferID: try row.text("transfer_id", of: "notifications", key: key),
            at: Date(timeIntervalSince1970: Double(try row.integer("at", of: "notifications", key: key))),
            text: try row.text("text", of: "notifications", key: key),
            deliveredAt: row.int("delivered_at").map { Date(timeIntervalSince1970: Double($0)) },
            attempts: try row.integer("attempts", of: "notifications", key: key))
    }
}
