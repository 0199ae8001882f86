import Foundation
import Testing

@testable import TransferMachine

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

    /// A transfer's stored form, to compare one before and after a refused step.
    static func document(_ t: Transfer) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return try encoder.encode(t)
    }

    /// On random trees, transfers between random branches, pushed by random operations from
    /// random actors: a refused step changes nothing, an allowed one leaves a consistent
    /// transfer (the holder on the path, each letter one hop down it, the log one entry longer
    /// at least, each issued letter a new one, its stored document decoding to the same
    /// transfer), `allowedOperations` offers exactly what the machine then allows, and a
    /// finished transfer offers nothing to anyone.
    @Test func randomOperationsByRandomActorsKeepEveryTransferConsistent() throws {
        var rng = Generator(state: 1921)
        var steps = 0
        var finished = 0
        let operations = TransferOperation.allCases
        for _ in 0..<30 {
            let tree = try randomTree(&rng)
            let orgs = tree.organizations.keys.sorted()
            let branches = tree.organizations.values.filter { $0.category.holdsMembers }.map(\.id).sorted()
            guard branches.count >= 2 else { continue }
            for round in 0..<10 {
                let s = branches.randomElement(using: &rng)!
                let d = branches.randomElement(using: &rng)!
                guard s != d else { continue }
                let member = try PartyMember(
                    id: "m\(round)", organization: s, name: "张三", idNumber: MachineFixture.idNumber(serial: round), ethnicity: "汉族",
                    category: .full, occupation: "职员", education: "大学本科", phone: "13606406636")
                var now = Date(timeIntervalSince1970: 1_496_282_400)
                var t = try Transfer.applyOut(
                    id: "t", member: member, direction: .inProvince(destination: d),
                    application: Transfer.Application(duesPaidUpTo: "2017-05"), by: .organization(s), tree: tree, at: now
                ).0
                let actors: [Actor] = orgs.map { .organization($0) } + [.member(member.id), .system]
                for _ in 0..<60 {
                    // Not whole seconds, as the clock is: a stored date must decode to the same date.
                    now = now.addingTimeInterval(60.123_456_789)
                    let operation = operations.randomElement(using: &rng)!
                    // Mostly someone on the path, so that the walk gets somewhere.
                    let actor: Actor =
                        Bool.random(using: &rng)
                        ? .organization(t.path.organizations.randomElement(using: &rng)!) : actors.randomElement(using: &rng)!
                    let offered = t.allowedOperations(for: actor, tree: tree, at: now).contains(operation)
                    let before = try Self.document(t)
                    var next = t
                    do {
                        let effects = try next.apply(
                            operation, by: actor, tree: tree, reason: "原因", destination: next.path.organizations.last,
                            validityDays: 15, at: now)
                        #expect(offered, "\(operation.rawValue) by \(actor) succeeded but was not offered")
                        #expect(next.log.count > t.log.count)
                        for case .issueLetter(let hop) in effects {
                            #expect(hop >= t.hops.count && hop < next.hops.count && next.hops[hop].number == nil)
                        }
                        if case .held(let h, _) = next.state { #expect(next.path.organizations.indices.contains(h)) }
                        for hop in next.hops where !hop.withdrawn {
                            #expect(hop.to == nil || hop.to == hop.from + 1, "\(hop)")
                        }
                        t = next
                        steps += 1
                    } catch {
                        #expect(try Self.document(next) == before, "a refused \(operation.rawValue) by \(actor) changed the transfer")
                        #expect(offered == (error.code != .notAllowed), "\(operation.rawValue) by \(actor): \(error)")
                    }
                    // The service keeps the transfer it stored and uses it in place of its
                    // stored document: the two must be the same transfer.
                    #expect(try JSONDecoder().decode(Transfer.self, from: Self.document(t)) == t)
                    if ["completed", "void"].contains(t.stateCode) {
                        finished += 1
                        #expect(actors.allSatisfy { t.allowedOperations(for: $0, tree: tree, at: now).isEmpty })
                        break
                    }
                }
            }
        }
        #expect(steps > 300 && finished > 10, "\(steps) steps, \(finished) finished")
    }
}
