/// The organizations a transfer passes, and where it turns.
public struct TransferPath: Sendable, Hashable, Codable {
    /// Hop organizations in order: the source branch first (or the creating national
    /// organization for an incoming transfer), the destination branch last (or the national
    /// organization that issues the letter out of the province).
    public var organizations: [OrganizationID]
    /// Index of the organization where the path turns from climbing to descending: the lowest
    /// common ancestor, or the receiving end of a lateral hop.
    public var turnIndex: Int
    /// Whether the step at `turnIndex` is approved by the system (turn at an auto-approving
    /// lowest common ancestor; never on a lateral hop).
    public var automaticTurn: Bool

    /// The last organization.
    public var last: OrganizationID { organizations[organizations.count - 1] }
}

/// Computes paths per §3: climb from the source until the lowest common ancestor or an
/// organization with provincial or national permission, likewise from the destination, turn
/// or hop laterally, and skip organizations without the transfer permission.
public struct PathPlanner: Sendable {
    /// The tree paths run through.
    public let tree: OrganizationTree

    /// A planner over `tree`.
    public init(tree: OrganizationTree) { self.tree = tree }

    /// The path of an in-province transfer from branch `source` to branch `destination`.
    public func path(from source: OrganizationID, to destination: OrganizationID) throws(WorkflowError) -> TransferPath {
        let s = try tree.organization(source)
        let d = try tree.organization(destination)
        guard s.id != d.id else { throw WorkflowError(.noPath, "接收党组织不能是党员所在的党组织") }
        guard !tree.isSelfOrAncestor(d.id, of: s.id) else {
            throw WorkflowError(.noPath, "不能选择转出党员的上级党组织“\(d.name)”作为接收党组织")
        }
        // A branch, or a basic committee (seed 003: 精确到基层党委), which names the branch as it accepts.
        guard d.category.holdsMembers || d.category == .basicCommittee else {
            throw WorkflowError(.noPath, "接收党组织“\(d.name)”不是党支部或基层党委：请选择具体的党支部")
        }
        guard !d.isRevoked else {
            throw WorkflowError(.noPath, "接收党组织“\(d.name)”已撤销（\(d.register?.revocation?.documentNumber ?? "")）：请选择现有的党支部")
        }
        guard let lca = tree.lowestCommonAncestor(s.id, d.id) else {
            throw WorkflowError(.noPath, "\(s.name) 与 \(d.name) 不在同一棵组织树中")
        }
        let up = climb(from: s.id, lca: lca)
        let down = climb(from: d.id, lca: lca)
        // Both climbs end at the same organization when they reach the common ancestor (or the
        // first one above it that may transfer): the path turns there. Otherwise it hops
        // between the two organizations where the climbs stopped.
        let turnedAtAncestor = up.last == down.last
        var organizations = up
        organizations += turnedAtAncestor ? down.dropLast().reversed() : down.reversed()
        organizations = skipWithoutPermission(organizations)
        let turnOrg = down.last!
        let turn = organizations.firstIndex(of: turnOrg)!
        let automatic = turnedAtAncestor && (tree.organizations[turnOrg]?.permissions.autoApprove ?? false)
        return TransferPath(organizations: organizations, turnIndex: turn, automaticTurn: automatic)
    }

    /// The path of a transfer out of the province: up from `source` to the nearest
    /// organization with national permission, which issues the final letter.
    public func pathOutOfProvince(from source: OrganizationID) throws(WorkflowError) -> TransferPath {
        _ = try tree.organization(source)
        var chain: [OrganizationID] = []
        for id in tree.lineage(source) {
            chain.append(id)
            if tree.organizations[id]?.permissions.national == true {
                let organizations = skipWithoutPermission(chain)
                return TransferPath(organizations: organizations, turnIndex: organizations.count - 1, automaticTurn: false)
            }
        }
        throw WorkflowError(.noPath, "\(source) 之上没有具有全国范围转接权限的党组织，无法转往省外")
    }

    /// The path of a transfer to an organization in the province that is not on the tree: up
    /// from `source` to the nearest organization with provincial (or national) permission,
    /// which issues the final letter to the destination typed by hand and completes it.
    public func pathOffTree(from source: OrganizationID) throws(WorkflowError) -> TransferPath {
        _ = try tree.organization(source)
        var chain: [OrganizationID] = []
        for id in tree.lineage(source) {
            chain.append(id)
            if let p = tree.organizations[id]?.permissions, p.provincial || p.national {
                let organizations = skipWithoutPermission(chain)
                return TransferPath(organizations: organizations, turnIndex: organizations.count - 1, automaticTurn: false)
            }
        }
        throw WorkflowError(.noPath, "\(source) 之上没有具有全省范围转接权限的党组织，无法转往组织树外的党组织")
    }

    /// The path of a transfer into the province, created by national organization `creator`
    /// and descending to branch `destination` in its subtree.
    public func pathIntoProvince(by creator: OrganizationID, to destination: OrganizationID) throws(WorkflowError) -> TransferPath {
        let c = try tree.organization(creator)
        let d = try tree.organization(destination)
        guard c.permissions.national else {
            throw WorkflowError(.notAllowed, "只有具有全国范围转接权限的党组织可以登记省外转入，\(c.name) 没有该权限")
        }
        guard d.category.holdsMembers else { throw WorkflowError(.noPath, "接收党组织“\(d.name)”不是党支部") }
        let chain = tree.lineage(d.id)
        guard let index = chain.firstIndex(of: c.id), index > 0 else {
            throw WorkflowError(.noPath, "接收党组织“\(d.name)”不在 \(c.name) 的下属范围内")
        }
        let organizations = skipWithoutPermission(Array(chain[0...index].reversed()))
        return TransferPath(organizations: organizations, turnIndex: 0, automaticTurn: false)
    }

    /// The descending part of a path from `holder` to its descendant `destination`.
    func descent(from holder: OrganizationID, to destination: OrganizationID) throws(WorkflowError) -> [OrganizationID] {
        let chain = tree.lineage(destination)
        guard let index = chain.firstIndex(of: holder), index > 0 else {
            throw WorkflowError(.noPath, "新的接收党组织必须是 \(holder) 的下属党支部")
        }
        guard (try tree.organization(destination)).category.holdsMembers else {
            throw WorkflowError(.noPath, "新的接收党组织必须是党支部")
        }
        return skipWithoutPermission(Array(chain[0..<index].reversed()), keepLast: true)
    }

    /// `id`, its parent, … up to and including the first organization above `id` that may
    /// transfer and either stands at or above `lca`, or has provincial or national permission.
    private func climb(from id: OrganizationID, lca: OrganizationID) -> [OrganizationID] {
        var chain: [OrganizationID] = []
        for current in tree.lineage(id) {
            chain.append(current)
            guard current != id, let org = tree.organizations[current], org.permissions.mayTransfer else { continue }
            if tree.isSelfOrAncestor(current, of: lca) || org.permissions.ranged { break }
        }
        return chain
    }

    /// Drops organizations that may not transfer, except the two ends.
    private func skipWithoutPermission(_ path: [OrganizationID], keepLast: Bool = true) -> [OrganizationID] {
        path.enumerated().filter { i, id in
            i == 0 || (keepLast && i == path.count - 1) || tree.organizations[id]?.permissions.mayTransfer != false
        }.map(\.element)
    }
}
