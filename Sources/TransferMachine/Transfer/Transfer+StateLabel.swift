extension Transfer {
    /// Every state code `stateCode` gives, in the order a list offers them.
    public static let stateCodes = [
        "completed", "awaiting-report", "awaiting-receipt", "pending", "returned", "objection",
        "recalled", "issued-out", "void", "recovered",
    ]

    /// The words an administrator reads for a state code (`Transfer.stateCode`): the codes stay
    /// in the API and the archive's manifests, the pages and spreadsheets say it in Chinese.
    public static func stateLabel(_ code: String) -> String {
        switch code {
        case "pending": "办理中"
        case "returned": "已退回"
        case "objection": "接收方有异议，待重新审批"
        case "recalled": "已撤回"
        case "issued-out": "已开往省外"
        case "awaiting-receipt": "待回执"
        case "awaiting-report": "待报到"
        case "completed": "已办结"
        case "void": "已废件"
        case "recovered": "已找回"
        default: code
        }
    }

    /// This transfer's state in words.
    public var stateLabel: String { Self.stateLabel(stateCode) }
}
