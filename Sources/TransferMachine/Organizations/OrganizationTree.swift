/// The organization tree: lookups, ancestry and the lowest common ancestor.
public struct OrganizationTree: Sendable {
    /// Every organization by id.
    public private(set) var organizations: [OrganizationID: Organization]
    private var children: [OrganizationID: [OrganizationID]]

    /// Builds the tree; fails when a parent is missing, a cycle exists, or a lower category
    /// holds a higher one.
    public init(_ list: [Organization]) throws(WorkflowError) {
        organizations = Dictionary(list.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        children = [:]
        for org in list.sorted(by: { $0.id < $1.id }) {
            guard let parent = org.parentID else { continue }
            guard let p = organizations[parent] else {
                throw WorkflowError(.invalid, "组织 \(org.id) 的上级 \(parent) 不存在")
            }
            guard p.category.rank >= org.category.rank else {
                throw WorkflowError(.invalid, "\(p.name)（\(p.category.rawValue)）下不能设置更高类别的组织 \(org.name)（\(org.category.rawValue)）")
            }
            children[parent, default: []].append(org.id)
        }
        for org in list { _ = try depthChecked(org.id) }
    }

    private func depthChecked(_ id: OrganizationID) throws(WorkflowError) -> Int {
        var depth = 0
        var current = organizations[id]?.parentID
        while let c = current {
            depth += 1
            guard depth < 64, c != id else { throw WorkflowError(.invalid, "组织树在 \(id) 处有环") }
            current = organizations[c]?.parentID
        }
        return depth
    }

    /// The organization, or a not-found error naming the id.
    public func organization(_ id: OrganizationID) throws(WorkflowError) -> Organization {
        guard let org = organizations[id] else { throw WorkflowError(.notFound, "没有组织 \(id)") }
        return org
    }

    /// Direct children, in id order.
    public func children(of id: OrganizationID) -> [OrganizationID] { children[id] ?? [] }

    /// The organizations without a parent (the province's committee, in one province's store).
    public var roots: [OrganizationID] {
        organizations.values.filter { $0.parentID == nil }.map(\.id).sorted()
    }

    /// `id`, its parent, …, the root.
    public func lineage(_ id: OrganizationID) -> [OrganizationID] {
        var chain: [OrganizationID] = []
        var current: OrganizationID? = id
        while let c = current, let organization = organizations[c] {
            chain.append(c)
            current = organization.parentID
        }
        return chain
    }

    /// Whether `ancestor` is `id` or above it. Asked for every transfer and letter a request
    /// touches (the subtree check), so it climbs without building the lineage.
    public func isSelfOrAncestor(_ ancestor: OrganizationID, of id: OrganizationID) -> Bool {
        var current: OrganizationID? = id
        while let c = current, let organization = organizations[c] {
            if c == ancestor { return true }
            current = organization.parentID
        }
        return false
    }

    /// The lowest common ancestor of two organizations.
    public func lowestCommonAncestor(_ a: OrganizationID, _ b: OrganizationID) -> OrganizationID? {
        let above = Set(lineage(a))
        return lineage(b).first { above.contains($0) }
    }

    /// Every organization in the subtree of `id`, itself included.
    public func subtree(_ id: OrganizationID) -> [OrganizationID] {
        var out = [id]
        var i = 0
        while i < out.count {
            out += children(of: out[i])
            i += 1
        }
        return out
    }

    /// `id` and everything under it in reading order: each organization followed by its own
    /// subtree, as an indented list shows a tree.
    public func depthFirst(_ id: OrganizationID) -> [OrganizationID] {
        var out: [OrganizationID] = []
        var stack = [id]
        while let next = stack.popLast() {
            out.append(next)
            stack += children(of: next).reversed()
        }
        return out
    }

    /// The materialized path `/root/…/id/`, for prefix queries over subtrees in storage.
    public func materializedPath(_ id: OrganizationID) -> String {
        "/" + lineage(id).reversed().map(\.rawValue).joined(separator: "/") + "/"
    }

    /// The nearest basic committee at or above `id`.
    public func basicCommittee(of id: OrganizationID) -> OrganizationID? {
        lineage(id).first { organizations[$0]?.isBasicCommittee == true }
    }

    /// Replaces or adds an organization (its parent must exist).
    public mutating func upsert(_ org: Organization) throws(WorkflowError) {
        var all = Array(organizations.values.filter { $0.id != org.id })
        all.append(org)
        self = try OrganizationTree(all)
    }
}
