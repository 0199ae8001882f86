extension AuditEntry {
    /// An action code in the words the transfer log and the manuals use, for the audit page and
    /// its spreadsheet; the code itself stays what filters match and the API returns.
    public static func actionLabel(_ code: String) -> String {
        switch code {
        case "login": "登录"
        case "activate": "激活账号"
        case "create-account": "创建账号"
        case "set-permissions": "设置转接权限"
        case "upload-seal": "上传印章"
        case "save-printer": "保存打印机"
        case "delete-printer": "删除打印机"
        case "apply": "单人转出申请"
        case "approve": "同意并开新信"
        case "return": "退件"
        case "void": "废件"
        case "change-destination": "调整接收党组织"
        case "accept": "接收"
        case "confirm-report": "确认报到"
        case "object": "提出异议"
        case "recall": "撤回"
        case "complete": "办结"
        case "record-receipt": "录入回执"
        case "recover": "找回"
        case "download-letter": "下载介绍信"
        case "download-receipt": "下载回执"
        case "print-letter": "套打介绍信"
        case "export-archive": "导出存档"
        case "view-transfer": "查看转接"
        case "view-archive": "查看存档"
        case "backup": "备份数据"
        case "restore": "从备份恢复"
        default: code
        }
    }
}
