import NIOConcurrencyHelpers

/// Appends audit entries with group commit: an entry is acknowledged only once it is committed
/// (a download is logged before it is served), but entries that arrive while a commit is in
/// progress wait for the next one and share its transaction, so that a busy server spends one
/// commit on many downloads instead of one each.
final class AuditWriter: Sendable {
    private let store: any WorkflowStore
    private let state = NIOLockedValueBox(State())

    private struct State {
        var entries: [AuditEntry] = []
        var waiters: [CheckedContinuation<Void, any Error>] = []
        var flushing = false
    }

    /// At most this many entries per statement (PostgreSQL allows 65,535 parameters, SQLite 32,766).
    static let batchLimit = 500

    init(store: any WorkflowStore) {
        self.store = store
    }

    /// Appends `entry`; returns once it is committed.
    func append(_ entry: AuditEntry) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let lead = state.withLockedValue { s in
                s.entries.append(entry)
                s.waiters.append(continuation)
                defer { s.flushing = true }
                return !s.flushing
            }
            if lead { Task { await self.flush() } }
        }
    }

    /// Commits what is queued, batch after batch, until nothing is left.
    private func flush() async {
        while true {
            let (entries, waiters) = state.withLockedValue { s -> ([AuditEntry], [CheckedContinuation<Void, any Error>]) in
                let n = min(s.entries.count, Self.batchLimit)
                if n == 0 { s.flushing = false }
                let taken = (Array(s.entries.prefix(n)), Array(s.waiters.prefix(n)))
                s.entries.removeFirst(n)
                s.waiters.removeFirst(n)
                return taken
            }
            if entries.isEmpty { return }
            do {
                try await store.transaction { c in
                    let row = "(?, ?, ?, ?, ?, ?)"
                    let sql = "INSERT INTO audit_log (at, account, address, action, target, outcome) VALUES "
                        + Array(repeating: row, count: entries.count).joined(separator: ", ")
                    _ = try await c.run(sql, entries.flatMap { e -> [SQLValue] in
                        [.int(Int64(e.at.timeIntervalSince1970)), .text(e.account), .text(e.address), .text(e.action), .text(e.target), .text(e.outcome)]
                    })
                }
                for waiter in waiters { waiter.resume() }
            } catch {
                for waiter in waiters { waiter.resume(throwing: error) }
            }
        }
    }
}
