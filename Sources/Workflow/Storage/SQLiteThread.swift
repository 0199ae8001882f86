import NIOPosix

/// The thread the writing SQLite connection's statements run on, as a task executor: the store
/// runs a transaction's whole body here with `withTaskExecutorPreference`, so a write waiting
/// for another process's lock stays off Swift's cooperative threads and a body's statements
/// follow one another without a hand-off between threads.
final class SQLiteThread: TaskExecutor, @unchecked Sendable {
    // NIO's pool of one thread: its queue and its shutdown, rather than a thread loop of ours.
    private let pool = NIOThreadPool(numberOfThreads: 1)

    /// Starts the thread.
    init() {
        pool.start()
    }

    /// Runs `job` on the thread, after those already queued.
    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        pool.submit { _ in job.runSynchronously(on: executor) }
    }

    /// Stops the thread once its queued jobs have run; nothing may be enqueued after.
    func shutdown() async throws {
        try await pool.shutdownGracefully()
    }
}
