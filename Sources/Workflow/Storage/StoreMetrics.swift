import CoreMetrics
import Dispatch

/// What the stores report through swift-metrics (the server exports it on `/metrics`): how long
/// a transaction waited for its connection or the write lock, and how long it held it. Made at
/// each use, so that a process that bootstraps metrics after opening its store still reports.
enum StoreMetrics {
    /// Records one transaction of `store` (`sqlite`, `postgres`) that waited from `asked` until
    /// `started` and ended now (nanoseconds on the monotonic clock).
    static func transaction(_ store: String, asked: UInt64, started: UInt64) {
        let now = DispatchTime.now().uptimeNanoseconds
        Timer(label: "letters_store_transaction_wait", dimensions: [("store", store)]).recordNanoseconds(Int64(started - asked))
        Timer(label: "letters_store_transaction_duration", dimensions: [("store", store)]).recordNanoseconds(Int64(now - started))
    }

    /// Now, on the monotonic clock.
    static var now: UInt64 { DispatchTime.now().uptimeNanoseconds }
}
