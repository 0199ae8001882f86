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
    public init(id: OrganizationID, parentID: OrganizationID?, name: String, letterhead: String? = nil,
                category: OrganizationCategory, level: OrganizationLevel, contact: ContactInfo? = nil,
                permissions: TransferPermissions = TransferPermissions(), register: OrganizationRegister? = nil) {
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
}
