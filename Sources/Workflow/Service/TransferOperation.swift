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
    /// `destination` the new destination of a change.
    public func perform(_ operation: TransferOperation, on id: TransferID, by actor: Actor, reason: String = "",
                        destination: OrganizationID? = nil, validityDays: Int = 15) async throws -> Transfer {
        try Limits.check(reason, field: "reason", max: Limits.reason)
        if let destination { try Limits.check(destination.rawValue, field: "to", max: Limits.identifier) }
        return switch operation {
        case .approve: try await approve(id, by: actor, validityDays: validityDays)
        case .returnLetter: try await returnLetter(id, by: actor, reason: reason)
        case .void: try await void(id, by: actor, reason: reason)
        case .changeDestination: try await changeDestination(id, by: actor, to: destination ?? OrganizationID(""))
        case .accept: try await accept(id, by: actor)
        case .confirmReport: try await confirmReporting(id, by: actor)
        case .object: try await object(id, by: actor, feedback: reason)
        case .recall: try await recall(id, by: actor)
        case .complete: try await completeOutOfSystem(id, by: actor)
        case .recordReceipt: try await recordReceipt(id, by: actor, note: reason)
        case .recover: try await recover(id, by: actor, reason: reason)
        }
    }
}
