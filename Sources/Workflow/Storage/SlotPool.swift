import Synchronization

/// Hands out the indices of a fixed set of connections, each to one user at a time: a reader
/// takes whichever connection is free and waits, first come first served, only when all are
/// busy (a reader assigned in turn waited behind a slow read while another connection idled).
/// Once closing, it hands out nothing more.
///
/// A lock, not an actor: every read takes and gives an index, and calling an actor switched the
/// task to the actor's executor and back, twice per read (`swift_task_switch` was 3 % of a
/// server's time under load). A taker suspends only when every index is out.
final class SlotPool: Sendable {
    private struct State {
        var free: [Int]
        var waiters: [CheckedContinuation<Int?, Never>] = []
        var closing = false
        var drained: CheckedContinuation<Void, Never>?
    }

    private let count: Int
    private let state: Mutex<State>

    /// A pool of the indices `0..<count`, all free.
    init(count: Int) {
        self.count = count
        state = Mutex(State(free: Array((0..<count).reversed())))
    }

    /// A free index, once there is one; nil once the pool is closing.
    func take() async -> Int? {
        // nil: none free, wait; .some(nil): closing.
        let now: Int?? = state.withLock { s in
            if s.closing { return .some(nil) }
            return s.free.popLast().map { .some($0) }
        }
        if let now { return now }
        return await withCheckedContinuation { continuation in
            // An index may have come back since the look above: look again under the lock.
            let now: Int?? = state.withLock { s in
                if s.closing { return .some(nil) }
                if let index = s.free.popLast() { return .some(index) }
                s.waiters.append(continuation)
                return nil
            }
            if let now { continuation.resume(returning: now) }
        }
    }

    /// Gives `index` back, to the longest waiter if there is one.
    func give(_ index: Int) {
        let (waiter, drained) = state.withLock { s -> (CheckedContinuation<Int?, Never>?, CheckedContinuation<Void, Never>?) in
            if !s.closing, !s.waiters.isEmpty { return (s.waiters.removeFirst(), nil) }
            s.free.append(index)
            guard s.closing, s.free.count == count else { return (nil, nil) }
            defer { s.drained = nil }
            return (nil, s.drained)
        }
        waiter?.resume(returning: index)
        drained?.resume()
    }

    /// How many takers wait.
    var waiting: Int { state.withLock { $0.waiters.count } }

    /// Refuses every taker from now on (those waiting get nil) and returns once every index is
    /// back: true for the first call, false (at once) for any later one.
    func close() async -> Bool {
        let waiters: [CheckedContinuation<Int?, Never>]? = state.withLock { s in
            guard !s.closing else { return nil }
            s.closing = true
            defer { s.waiters = [] }
            return s.waiters
        }
        guard let waiters else { return false }
        for waiter in waiters { waiter.resume(returning: nil) }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done = state.withLock { s -> Bool in
                if s.free.count == count { return true }
                s.drained = continuation
                return false
            }
            if done { continuation.resume() }
        }
        return true
    }
}
