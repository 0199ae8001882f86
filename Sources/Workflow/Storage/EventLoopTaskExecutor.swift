import NIOCore

/// Runs a task's jobs on one NIO event loop: the loop of the PostgreSQL connection a
/// transaction holds. Each statement's answer arrives on that loop; a task that preferred the
/// global pool was woken on another thread for every answer, and woke the loop again for every
/// statement (two thread switches per round trip). NIO 2.101 has no event-loop task executor
/// of its own, so this is ours.
final class EventLoopTaskExecutor: TaskExecutor, @unchecked Sendable {
    /// The loop every job runs on.
    let loop: any EventLoop

    init(_ loop: any EventLoop) {
        self.loop = loop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        loop.execute { job.runSynchronously(on: executor) }
    }
}
