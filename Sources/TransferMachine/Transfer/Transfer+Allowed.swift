import Foundation

extension Transfer {
    /// Runs `operation` by `actor`: the one place an operation's name becomes the machine's
    /// step, for the service, and for `allowedOperations`. `reason` is the reason, feedback or
    /// note; `destination` the new destination of a change.
    public mutating func apply(
        _ operation: TransferOperation, by actor: Actor, tree: OrganizationTree, reason: String,
        destination: OrganizationID?, validityDays: Int, amendments: LetterAmendments? = nil,
        at now: Date
    ) throws(WorkflowError) -> [TransferEffect] {
        switch operation {
        case .approve: try approve(by: actor, validityDays: validityDays, at: now, amendments: amendments)
        case .returnLetter: try returnLetter(by: actor, reason: reason, at: now)
        case .void: try void(by: actor, reason: reason, at: now)
        case .changeDestination: try changeDestination(by: actor, to: destination ?? OrganizationID(""), tree: tree, at: now)
        case .accept:
            // 转入支部: a receiving committee names the branch as it accepts (seed 000).
            try acceptInto(destination, by: actor, note: reason, tree: tree, at: now)
        case .confirmReport: try confirmReporting(by: actor, at: now)
        case .object: try object(by: actor, feedback: reason, at: now)
        case .recall: try recall(by: actor, at: now)
        case .complete: try completeOutOfSystem(by: actor, at: now)
        case .recordReceipt: try recordReceipt(by: actor, note: reason, at: now)
        case .recover: try recover(by: actor, reason: reason, at: now)
        }
    }

    /// Accepts into `branch` when one is named that is not the present destination (the path
    /// changed first, as 调整接收党组织 would), into the destination otherwise.
    mutating func acceptInto(
        _ branch: OrganizationID?, by actor: Actor, note: String, tree: OrganizationTree,
        at now: Date
    ) throws(WorkflowError) -> [TransferEffect] {
        if let branch, branch != path.last {
            _ = try changeDestination(by: actor, to: branch, tree: tree, at: now)
        }
        return try accept(by: actor, note: note, tree: tree, at: now)
    }

    /// The operations `actor` may take now, as the machine answers: each is tried on a copy
    /// with ordinary inputs (a reason, the usual validity, the present destination), and is
    /// allowed unless the machine refuses the actor or the state (`notAllowed`); a refusal of
    /// the inputs means the operation is open and its form must be filled correctly. Pages,
    /// API and command line show this list; none works it out for itself.
    public func allowedOperations(for actor: Actor, tree: OrganizationTree, at now: Date) -> [TransferOperation] {
        TransferOperation.allCases.filter { operation in
            var copy = self
            do {
                _ = try copy.apply(
                    operation, by: actor, tree: tree, reason: "—", destination: path.organizations.last,
                    validityDays: 15, at: now)
                return true
            } catch let error as WorkflowError {
                return error.code != .notAllowed
            } catch {
                return false
            }
        }
    }
}
