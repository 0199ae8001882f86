/// Hands out the indices of a fixed set of connections, each to one user at a time: a reader
/// takes whichever connection is free and waits, first come first served, only when all are
/// busy (a reader assigned in turn waited behind a slow read while another connection idled).
/// Once closing, it hands out nothing more.
actor SlotPool {
    private let count: Int
    private var free: [Int]
    private var waiters: [CheckedContinuation<Int?, Never>] = []
    private var closing = false
    private var drained: CheckedContinuation<Void, Never>?

    /// A pool of the indices `0..<count`, all free.
    init(count: Int) {
        self.count = count
        free = Array((0..<count).reversed())
    }

    /// A free index, once there is one; nil once the pool is closing.
    func take() async -> Int? {
        if closing { return nil }
        if let index = free.popLast() { return index }
        return await withCheckedContinuation { waiters.append($0) }
    }

    /// Gives `index` back, to the longest waiter if there is one.
    func give(_ index: Int) {
        if !closing, !waiters.isEmpty {
            waiters.removeFirst().resume(returning: index)
            return
        }
        free.append(index)
        if closing, free.count == count {
            drained?.resume()
            drained = nil
        }
    }

    /// Refuses every taker from now on (those waiting get nil) and returns once every index is
    /// back: true for the first call, false (at once) for any later one.
    func close() async -> Bool {
        guard !closing else { return false }
        closing = true
        for waiter in waiters { waiter.resume(returning: nil) }
        waiters = []
        if free.count < count { await withCheckedContinuation { drained = $0 } }
        return true
    }
}
