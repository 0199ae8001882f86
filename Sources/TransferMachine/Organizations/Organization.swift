/// A party organization (党组织), a node of the tree.
public struct Organization: Sendable, Hashable, Codable, Identifiable {
    /// Stable id.
    public let id: OrganizationID
    /// The parent, nil for the root.
    public var parentID: OrganizationID?
    /// Full name.
    public var name: String
    /// Letterhead name (介绍信抬头): what others write on letters addressed to it.
    public var letterhead: String
    /// Category.
    public var category: OrganizationCategory
    /// Level.
    public var level: OrganizationLevel
    /// Contact data.
    public var contact: ContactInfo?
    /// Transfer permissions.
    public var permissions: TransferPermissions
    /// What the register keeps beyond what letters print (nil for organizations made before it).
    public var register: OrganizationRegister?

    /// Creates an organization.
    public init(
        id: OrganizationID, parentID: OrganizationID?, name: String, letterhead: String? = nil,
        category: OrganizationCategory, level: OrganizationLevel, contact: ContactInfo? = nil,
        permissions: TransferPermissions = TransferPermissions(), register: OrganizationRegister? = nil
    ) {
        self.id = id
        self.parentID = parentID
        self.name = name
        self.letterhead = letterhead ?? name
        self.category = category
        self.level = level
        self.contact = contact
        self.permissions = permissions
        self.register = register
    }

    /// Whether it was revoked (撤销): kept for history and old letters, in no list and on no new path.
    public var isRevoked: Bool { register?.revocation != nil }

    /// A basic committee (基层党委) in the sense of the spec: first or second level.
    public var isBasicCommittee: Bool { category == .basicCommittee }

    /// Whether it is a township's or a street's first-level committee (乡（镇）党委, 街道工委),
    /// as opposed to one of organs, a company or a school directly under the county: the
    /// transfer type tells them apart (§7). The register keeps no field for it; the party's
    /// naming rule does (中共…镇委员会, 中共…乡委员会, 中共…街道工作委员会, 中共…苏木委员会).
    public var isTownship: Bool {
        guard level == .firstLevelBasic else { return false }
        return name.contains("街道") || ["乡委员会", "镇委员会", "苏木委员会", "乡党委", "镇党委"].contains { name.hasSuffix($0) }
    }
}
