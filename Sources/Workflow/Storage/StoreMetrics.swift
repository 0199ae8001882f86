import CoreMetrics
import Dispatch

/// What the stores report through swift-metrics (the server exports it on `/metrics`): how long
/// a transaction waited for its connection or the write lock, and how long it held it; how long
/// an SQLite read waited for a reading connection. Made at each use, so that a process that
/// bootstraps metrics after opening its store still reports.
enum StoreMetrics {
    /// Records one transaction of `store` (`sqlite`, `postgres`) that waited from `asked` until
    /// `started` and ended now (nanoseconds on the monotonic clock).
    static func transaction(_ store: String, asked: UInt64, started: UInt64) {
        let now = DispatchTime.now().uptimeNanoseconds
        Timer(label: "letters_store_transaction_wait", dimensions: [("store", store)]).recordNanoseconds(Int64(started - asked))
        Timer(label: "letters_store_transaction_duration", dimensions: [("store", store)]).recordNanoseconds(Int64(now - started))
    }

    /// Records how long a read of `store` waited, from `asked` until now, for a free reading
    /// connection: steadily high, the store wants more readers.
    static func read(_ store: String, asked: UInt64) {
        Timer(label: "letters_store_read_wait", dimensions: [("store", store)]).recordNanoseconds(Int64(now - asked))
    }

    /// Counts a read of `store` run again because another process held the database.
    static func readRetried(_ store: String) {
        Counter(label: "letters_store_read_retries", dimensions: [("store", store)]).increment()
    }

    /// Now, on the monotonic clock.
    static var now: UInt64 { DispatchTime.now().uptimeNanoseconds }
}
