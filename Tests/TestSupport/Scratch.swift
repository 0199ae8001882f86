import Foundation
import Synchronization
import Testing

/// What the tests of a suite made and must take down when it ends: stores to close, scratch
/// databases to drop, temporary files to delete. A fixture registers each with `Scratch.onEnd`;
/// a suite marked `@Suite(.scratch)` runs them after its last test, failed or not. Outside such
/// a suite the resources stay until the process ends (a store must be closed before it is
/// released, so nothing is dropped while a test might still use it).
public final class Scratch: Sendable {
    /// The collector of the running suite, if it has one.
    @TaskLocal public static var current: Scratch?

    private let cleanups = Mutex<[@Sendable () async -> Void]>([])
    private static let unscoped = Mutex<[@Sendable () async -> Void]>([])

    /// Runs `cleanup` when the running suite ends.
    public static func onEnd(_ cleanup: @escaping @Sendable () async -> Void) {
        if let current {
            current.cleanups.withLock { $0.append(cleanup) }
        } else {
            unscoped.withLock { $0.append(cleanup) }
        }
    }

    /// Deletes `path` and SQLite's companions of it when the running suite ends.
    public static func deleteOnEnd(_ path: String) {
        onEnd {
            for suffix in ["", "-wal", "-shm", ".lock"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
    }

    fileprivate func runAll() async {
        // Last made, first taken down: a service goes before the store beneath it.
        for cleanup in cleanups.withLock({ list in
            defer { list.removeAll() }
            return list
        }).reversed() { await cleanup() }
    }
}

/// Runs a suite inside a `Scratch` collector and its cleanups after it.
public struct ScratchTrait: SuiteTrait, TestScoping {
    /// Once around the whole suite, not around each test.
    public var isRecursive: Bool { false }

    public func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        let scratch = Scratch()
        do {
            try await Scratch.$current.withValue(scratch) { try await function() }
        } catch {
            await scratch.runAll()
            throw error
        }
        await scratch.runAll()
    }
}

extension Trait where Self == ScratchTrait {
    /// Closes the stores, drops the scratch databases and deletes the files the suite's tests made.
    public static var scratch: ScratchTrait { ScratchTrait() }
}
