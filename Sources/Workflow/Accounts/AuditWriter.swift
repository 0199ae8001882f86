import NIOConcurrencyHelpers

/// Appends audit entries with group commit: entries that arrive while a commit is in progress
/// wait for the next one and share its transaction, so that a busy server spends one commit on
/// many entries instead of one each. `append` returns once its entry is committed (a download is
/// logged before it is served); `enqueue` does not wait (a list read is answered while its entry
/// is committed, at the price of losing it if the process dies in that instant); `barrier`
/// waits for everything queued before it, so that a reader of the log sees it.
final class AuditWriter: Sendable {
    private let store: any WorkflowStore
    private let state = NIOLockedValueBox(State())

    private struct Pending {
        var entry: AuditEntry?
        var waiter: CheckedContinuation<Void, any Error>?
    }

    private struct State {
        var pending: [Pending] = []
        var flushing = false
    }

    /// At most this many entries per statement (PostgreSQL allows 65,535 parameters, SQLite 32,766).
    static let batchLimit = 500

    private init(store: any WorkflowStore) {
        self.store = store
    }

    /// The one writer of `store` in this process, shared by the account and workflow services
    /// so that all their entries share commits.
    static func shared(for store: any WorkflowStore) -> AuditWriter {
        let key = ObjectIdentifier(store as AnyObject)
        return writers.withLockedValue { all in
            if let existing = all[key], existing.store as AnyObject === store as AnyObject { return existing }
            let writer = AuditWriter(store: store)
            all[key] = writer
            return writer
        }
    }

    private static let writers = NIOLockedValueBox<[ObjectIdentifier: AuditWriter]>([:])

    /// Appends `entry`; returns once it is committed.
    func append(_ entry: AuditEntry) async throws {
        AuditTrail.mark()
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            queue(Pending(entry: entry, waiter: continuation))
        }
    }

    /// Appends `entry` without waiting for its commit.
    func enqueue(_ entry: AuditEntry) {
        AuditTrail.mark()
        queue(Pending(entry: entry, waiter: nil))
    }

    /// Returns once every entry queued before it is committed.
    func barrier() async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            queue(Pending(entry: nil, waiter: continuation))
        }
    }

    private func queue(_ item: Pending) {
        let lead = state.withLockedValue { s in
            s.pending.append(item)
            defer { s.flushing = true }
            return !s.flushing
        }
        if lead { Task { await self.flush() } }
    }

    /// Commits what is queued, batch after batch, until nothing is left.
    private func flush() async {
        while true {
            let batch = state.withLockedValue { s -> [Pending] in
                let n = min(s.pending.count, Self.batchLimit)
                if n == 0 { s.flushing = false }
                defer { s.pending.removeFirst(n) }
                return Array(s.pending.prefix(n))
            }
            if batch.isEmpty { return }
            let entries = batch.compactMap(\.entry)
            do {
                if !entries.isEmpty {
                    try await store.transaction { try await AuditRepository(c: $0).append(batch: entries) }
                }
                for item in batch { item.waiter?.resume() }
            } catch {
                for item in batch { item.waiter?.resume(throwing: error) }
            }
        }
    }
}
