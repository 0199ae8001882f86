import Foundation
import TransferMachine

/// A transfer driven through the machine by hand, one minute per step, every step required to
/// succeed: how the tables reach each state without a store.
struct MachineScenario {
    var transfer: Transfer
    var now: Date
    let tree = MachineFixture.tree

    /// A transfer of m1 from S1 to S3 started by `actor` (S1, or the member's own application).
    static func inProvince(by actor: Actor = .organization("S1")) throws -> MachineScenario {
        let (t, _) = try Transfer.applyOut(
            id: "t1", member: MachineFixture.member(), direction: .inProvince(destination: "S3"),
            application: MachineFixture.application, by: actor, tree: MachineFixture.tree, at: MachineFixture.start)
        return MachineScenario(transfer: t, now: MachineFixture.start)
    }

    /// A transfer of m1 out of the province, started and approved by S1.
    static func outOfProvince() throws -> MachineScenario {
        let (t, _) = try Transfer.applyOut(
            id: "t1", member: MachineFixture.member(), direction: .outOfProvince(destinationName: "北京市某党支部", letterhead: "北京市某党委"),
            type: .otherProvince, application: MachineFixture.application, by: .organization("S1"), tree: MachineFixture.tree,
            at: MachineFixture.start)
        return MachineScenario(transfer: t, now: MachineFixture.start)
    }

    /// Runs `operation` by `actor`, which must succeed; returns the effects.
    @discardableResult
    mutating func step(_ operation: TransferOperation, by actor: Actor, reason: String = "原因", destination: OrganizationID? = nil) throws -> [TransferEffect] {
        now = now.addingTimeInterval(60)
        return try transfer.apply(
            operation, by: actor, tree: tree, reason: reason, destination: destination ?? transfer.path.organizations.last,
            validityDays: 15, at: now)
    }

    /// Approves at each holder until `stop` holds it.
    mutating func approve(until stop: (Transfer) -> Bool) throws {
        while !stop(transfer) {
            guard let holder = transfer.currentHolder else { return }
            try step(.approve, by: .organization(holder))
        }
    }

    /// The holder's path index, when held.
    var heldAt: OrganizationID? {
        if case .held(let h, _) = transfer.state { transfer.path.organizations[h] } else { nil }
    }
}
