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

    /// Records a delivery attempt: delivered, or to be tried again after a delay that doubles
    /// with each failure (30 s, 1 min, 2 min … at most an hour).
    public func noticeAttempted(_ notice: TransferNotice, error: String?) async throws {
        guard let id = notice.id else { return }
        let now = clock.now()
        let delay = min(3600, 30 * pow(2, Double(min(notice.attempts, 12))))
        try await store.transaction { c in
            try await Repository(c: c).markNotification(id, deliveredAt: error == nil ? now : nil, nextAttempt: now.addingTimeInterval(delay),
                                                        error: error.map { String($0.prefix(500)) })
        }
    }
}
