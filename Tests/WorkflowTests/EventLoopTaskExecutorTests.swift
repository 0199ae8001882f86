import NIOCore
import NIOPosix
import Testing

@testable import Workflow

/// A PostgreSQL transaction runs on its connection's event loop (`EventLoopTaskExecutor`), so
/// that a statement's answer is handled where it arrives instead of waking another thread.
@Suite struct EventLoopTaskExecutorTests {
    private actor Elsewhere {
        func value() -> Int { 7 }
    }

    @Test func aTaskPreferringTheLoopResumesOnItAfterEveryKindOfWait() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop = group.next()
        let elsewhere = Elsewhere()
        let seen = try await withTaskExecutorPreference(EventLoopTaskExecutor(loop)) {
            var seen = [loop.inEventLoop]
            // An answer the loop itself completes (as a statement's is).
            let answer = try await loop.submit { 42 }.get()
            seen.append(loop.inEventLoop && answer == 42)
            // A call into an actor, and back.
            let value = await elsewhere.value()
            seen.append(loop.inEventLoop && value == 7)
            // A child task inherits the preference.
            async let child = { loop.inEventLoop }()
            seen.append(await child)
            return seen
        }
        #expect(seen == [true, true, true, true])
        try await group.shutdownGracefully()
    }
}
