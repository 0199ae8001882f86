import Foundation

extension WorkflowService {
    /// Approve and issue a new letter (同意并开新信).
    public func approve(_ id: TransferID, by actor: Actor, validityDays: Int = 15, expectedVersion: Int? = nil) async throws -> Transfer {
        try await perform(id, expectedVersion: expectedVersion) { t, _, now throws(WorkflowError) in
            try t.approve(by: actor, validityDays: validityDays, at: now)
        }
    }

    /// Return (退件) one hop back with a reason.
    public func returnLetter(_ id: TransferID, by actor: Actor, reason: String) async throws -> Transfer {
        try await perform(id) { t, _, now throws(WorkflowError) in try t.returnLetter(by: actor, reason: reason, at: now) }
    }

    /// Void (废件) by the originator.
    public func void(_ id: TransferID, by actor: Actor, reason: String) async throws -> Transfer {
        try await perform(id) { t, _, now throws(WorkflowError) in try t.void(by: actor, reason: reason, at: now) }
    }

    /// Change the destination (调整接收党组织).
    public func changeDestination(_ id: TransferID, by actor: Actor, to destination: OrganizationID) async throws -> Transfer {
        try await perform(id) { t, tree, now throws(WorkflowError) in
            try t.changeDestination(by: actor, to: destination, tree: tree, at: now)
        }
    }

    /// Accept (接收).
    public func accept(_ id: TransferID, by actor: Actor) async throws -> Transfer {
        try await perform(id) { t, tree, now throws(WorkflowError) in try t.accept(by: actor, tree: tree, at: now) }
    }

    /// Confirm reporting (确认报到).
    public func confirmReporting(_ id: TransferID, by actor: Actor) async throws -> Transfer {
        try await perform(id) { t, _, now throws(WorkflowError) in try t.confirmReporting(by: actor, at: now) }
    }

    /// Objection (异议反馈).
    public func object(_ id: TransferID, by actor: Actor, feedback: String) async throws -> Transfer {
        try await perform(id) { t, _, now throws(WorkflowError) in try t.object(by: actor, feedback: feedback, at: now) }
    }

    /// Recall (撤回).
    public func recall(_ id: TransferID, by actor: Actor) async throws -> Transfer {
        try await perform(id) { t, _, now throws(WorkflowError) in try t.recall(by: actor, at: now) }
    }

    /// Complete out of system (办结).
    public func completeOutOfSystem(_ id: TransferID, by actor: Actor) async throws -> Transfer {
        try await perform(id) { t, _, now throws(WorkflowError) in try t.completeOutOfSystem(by: actor, at: now) }
    }

    /// Record the returned receipt (录入回执).
    public func recordReceipt(_ id: TransferID, by actor: Actor, note: String) async throws -> Transfer {
        try await perform(id) { t, _, now throws(WorkflowError) in try t.recordReceipt(by: actor, note: note, at: now) }
    }

    /// Recover (找回) a member completed out of system by mistake.
    public func recover(_ id: TransferID, by actor: Actor, reason: String) async throws -> Transfer {
        try await perform(id) { t, _, now throws(WorkflowError) in try t.recover(by: actor, reason: reason, at: now) }
    }

    /// The parts of a transfer's letters `org` may see in its archive (§5).
    public func archive(of org: OrganizationID, transfer id: TransferID) async throws -> [ArchivePart] {
        ArchiveRules.parts(for: org, in: try await transfer(id))
    }
}
