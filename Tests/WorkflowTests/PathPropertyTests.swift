import Foundation
import Testing

@testable import Workflow

/// For random trees and random pairs of branches, every path starts at the source, ends at
/// the destination, visits no organization twice and contains only organizations allowed to
/// transfer (the two ends aside).
@Suite struct PathPropertyTests {
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state
        }
    }

    func randomTree(_ rng: inout Generator) throws -> OrganizationTree {
        var orgs = [
            Organization(
                id: "root", parentID: nil, name: "省委", category: .committee, level: .province,
                permissions: TransferPermissions(national: true))
        ]
        func add(_ parent: OrganizationID, depth: Int) {
            let count = Int.random(in: 1...3, using: &rng)
            for i in 0..<count {
                let id = OrganizationID("\(parent.rawValue).\(i)")
                let leaf = depth >= 4 || (depth >= 2 && Bool.random(using: &rng))
                let category: OrganizationCategory = leaf ? .branch : depth == 3 ? .generalBranch : depth == 2 ? .basicCommittee : .committee
                let permissions = TransferPermissions(
                    mayTransfer: Int.random(in: 0..<5, using: &rng) > 0,
                    national: depth == 0 && Bool.random(using: &rng),
                    provincial: depth <= 1 && Bool.random(using: &rng),
                    autoApprove: Bool.random(using: &rng))
                orgs.append(
                    Organization(
                        id: id, parentID: parent, name: id.rawValue, category: category,
                        level: leaf ? .branch : .county, permissions: permissions))
                if !leaf { add(id, depth: depth + 1) }
            }
        }
        add("root", depth: 0)
        return try OrganizationTree(orgs)
    }

    @Test func everyPathRunsFromSourceToDestinationOnceThroughPermittedOrganizations() throws {
        var rng = Generator(state: 2017)
        var checked = 0
        for _ in 0..<60 {
            let tree = try randomTree(&rng)
            let branches = tree.organizations.values.filter { $0.category.holdsMembers }.map(\.id).sorted()
            guard branches.count >= 2 else { continue }
            let planner = PathPlanner(tree: tree)
            for _ in 0..<30 {
                let s = branches.randomElement(using: &rng)!
                let d = branches.randomElement(using: &rng)!
                guard s != d else { continue }
                let path = try planner.path(from: s, to: d)
                let orgs = path.organizations
                #expect(orgs.first == s && orgs.last == d)
                #expect(Set(orgs).count == orgs.count, "\(orgs)")
                #expect(orgs.dropFirst().dropLast().allSatisfy { tree.organizations[$0]!.permissions.mayTransfer })
                #expect(path.turnIndex > 0 && path.turnIndex < orgs.count)
                // Each hop goes up, down, or laterally between ranged organizations.
                for (a, b) in zip(orgs, orgs.dropFirst()) {
                    let vertical = tree.isSelfOrAncestor(a, of: b) || tree.isSelfOrAncestor(b, of: a)
                    let lateral = tree.organizations[a]!.permissions.ranged && tree.organizations[b]!.permissions.ranged
                    #expect(vertical || lateral, "\(a) → \(b) in \(orgs)")
                }
                checked += 1
            }
        }
        #expect(checked > 500)
    }
}
