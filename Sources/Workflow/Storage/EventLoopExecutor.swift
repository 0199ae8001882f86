import NIOCore

/// A PostgreSQL connection's event loop as a task executor: a transaction's body runs on the
/// thread that writes its statements and reads their answers, so a statement's answer resumes
/// the body without waking a thread of Swift's pool (two hand-offs per statement, a full
/// transfer's 80 statements' worth). NIO of the mirrored version has no such adapter of its own.
final class EventLoopExecutor: TaskExecutor {
    let loop: any EventLoop

    init(loop: any EventLoop) { self.loop = loop }

    /// Runs `job` on the loop, after what is already queued there.
    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        loop.execute { job.runSynchronously(on: executor) }
    }
}
