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
