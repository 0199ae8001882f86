/// What the register keeps of an organization beyond what letters print (register spec §1).
public struct OrganizationRegister: Sendable, Hashable, Codable {
    /// 简称: what lists show, when given.
    public var shortName: String?
    /// 党组织书记.
    public var secretary: String?
    /// 所在单位: the 统一社会信用代码 of its units.
    public var unitCodes: [String]
    /// 撤销: when revoked, the document and the reason (it stays in history and old letters).
    public var revocation: Revocation? = nil

    /// A revocation (撤销) of an organization.
    public struct Revocation: Sendable, Hashable, Codable {
        /// 撤销文号.
        public var documentNumber: String
        /// Why.
        public var reason: String
        /// When (`YYYY-MM-DD`, China time).
        public var on: String

        /// A revocation by document `documentNumber`.
        public init(documentNumber: String, reason: String, on: String) {
            self.documentNumber = documentNumber
            self.reason = reason
            self.on = on
        }
    }

    /// A register entry.
    public init(shortName: String? = nil, secretary: String? = nil, unitCodes: [String] = []) {
        self.shortName = shortName
        self.secretary = secretary
        self.unitCodes = unitCodes
    }
}
