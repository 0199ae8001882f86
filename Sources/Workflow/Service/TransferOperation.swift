/// The operations on a transfer by name, as the command line, the API and the pages name them.
public enum TransferOperation: String, Sendable, CaseIterable {
    /// 同意并开新信.
    case approve
    /// 退件.
    case returnLetter = "return"
    /// 废件.
    case void
    /// 调整接收党组织.
    case changeDestination = "change-destination"
    /// 接收.
    case accept
    /// 确认报到.
    case confirmReport = "confirm-report"
    /// 异议反馈.
    case object
    /// 撤回.
    case recall
    /// 办结.
    case complete
    /// 录入回执.
    case recordReceipt = "record-receipt"
    /// 找回.
    case recover
}

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
