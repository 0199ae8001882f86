/// Hands out the indices of a fixed set of connections, each to one user at a time: a reader
/// takes whichever connection is free and waits, first come first served, only when all are
/// busy (a reader assigned in turn waited behind a slow read while another connection idled).
actor SlotPool {
    private var free: [Int]
    private var waiters: [CheckedContinuation<Int, Never>] = []

    /// A pool of the indices `0..<count`, all free.
    init(count: Int) {
        free = Array((0..<count).reversed())
    }

    /// A free index, once there is one.
    func take() async -> Int {
        if let index = free.popLast() { return index }
        return await withCheckedContinuation { waiters.append($0) }
    }

    /// Gives `index` back, to the longest waiter if there is one.
    func give(_ index: Int) {
        if waiters.isEmpty {
            free.append(index)
        } else {
            waiters.removeFirst().resume(returning: index)
        }
    }
}
