import Foundation

extension WorkflowService {
    /// The latest notices of the caller's organization (通知), newest first; audited as a read.
    public func notices(limit: Int = 100, for caller: Caller) async throws -> [TransferNotice] {
        let org = caller.account.organization
        return try await read(caller, "view-notices", target: org.rawValue) {
            try await store.read { try await Repository(c: $0).notifications(of: org, limit: max(1, min(limit, 500))) }
        }
    }

    /// Notices due for delivery to the hook, claimed by this process for `lease` (so that of
    /// several servers on one database exactly one sends each).
    public func claimNotices(limit: Int = 50, lease: TimeInterval = 60) async throws -> [TransferNotice] {
        let now = clock.now()
        return try await store.transaction { try await Repository(c: $0).claimNotifications(now: now, until: now.addingTimeInterval(lease), limit: limit) }
    }

    /// Where `org`'s notices are e-mailed: the notice addresses its administrators keep.
    public func noticeRecipients(of org: OrganizationID) async throws -> [String] {
        try await store.read { try await Repository(c: $0).noticeAddresses(of: org) }
    }

    /// The caller's own notice address (administrators).
    public func noticeAddress(for caller: Caller) async throws -> String? {
        try await read(caller, "view-notice-address", target: caller.account.name) {
            try await store.read { try await Repository(c: $0).noticeAddress(account: caller.account.name) }
        }
    }

    /// Keeps the caller's notice address (nil or empty clears it): administrators, for
    /// themselves; checked, then changed with its audit entry in one transaction.
    public func setNoticeAddress(_ address: String?, for caller: Caller) async throws {
        let trimmed = address?.trimmingCharacters(in: .whitespaces)
        let kept = trimmed?.isEmpty == false ? trimmed : nil
        try await change(caller, "set-notice-address", target: caller.account.name) { entry in
            if let kept, !NoticeAddress.isValid(kept) {
                throw WorkflowError(.invalid, field: "email", rule: "address", "通知邮箱应为 name@example.cn 这样的地址（ASCII，最多 \(NoticeAddress.maxLength) 个字符）")
            }
            try await store.transaction { c in
                let repository = Repository(c: c)
                try await repository.setNoticeAddress(kept, account: caller.account.name)
                try await repository.appendAudit(entry)
            }
        }
    }

    /// Records a delivery attempt: delivered, or to be tried again after a delay that doubles
    /// with each failure (30 s, 1 min, 2 min … at most an hour).
    public func noticeAttempted(_ notice: TransferNotice, error: String?) async throws {
        guard let id = notice.id else { return }
        let now = clock.now()
        let delay = min(3600, 30 * pow(2, Double(min(notice.attempts, 12))))
        try await store.transaction { c in
            try await Repository(c: c).markNotification(
                id, deliveredAt: error == nil ? now : nil, nextAttempt: now.addingTimeInterval(delay),
                error: error.map { String($0.prefix(500)) })
        }
    }
}
