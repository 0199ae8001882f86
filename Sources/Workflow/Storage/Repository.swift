import Foundation

/// The workflow's SQL, written once for every driver: entities are kept as JSON documents
/// beside the columns that lists and queues filter on.
struct Repository {
    let c: any StoreConnection

    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return e
    }()
    static let decoder = JSONDecoder()

    func encode<T: Encodable>(_ value: T) throws -> String {
        try Repository.encode(value)
    }

    /// `value` as the JSON document the store keeps.
    static func encode<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    func decode<T: Decodable>(_ type: T.Type, _ text: String?) throws -> T {
        guard let text else { throw WorkflowError(.storage, "存储中缺少 \(T.self) 文档") }
        return try Repository.decoder.decode(T.self, from: Data(text.utf8))
    }

    /// Appends one audit entry inside the caller's transaction (a change and its entry are
    /// stored together or not at all).
    func appendAudit(_ e: AuditEntry) async throws {
        try await AuditRepository(c: c).append(e)
    }
}
