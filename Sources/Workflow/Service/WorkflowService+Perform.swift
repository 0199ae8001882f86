import TransferMachine

extension WorkflowService {
    /// Runs operation `operation` on transfer `id`; `reason` is the reason, feedback or note,
    /// `destination` the new destination of a change; `caller`, when given, is audited with it.
    public func perform(
        _ operation: TransferOperation, on id: TransferID, by actor: Actor, reason: String = "",
        destination: OrganizationID? = nil, validityDays: Int = 15, amendments: LetterAmendments? = nil,
        caller: Caller? = nil
    ) async throws -> Transfer {
        try Limits.check(reason, field: "reason", max: Limits.reason)
        if let destination { try Limits.check(destination.rawValue, field: "to", max: Limits.identifier) }
        // The caller's audit entry is written in the change's own transaction.
        return try await perform(id, audit: caller.map { ($0, operation.rawValue) }) { t, tree, now throws(WorkflowError) in
            try t.apply(
                operation, by: actor, tree: tree, reason: reason, destination: destination, validityDays: validityDays,
                amendments: amendments, at: now)
        }
    }
}
