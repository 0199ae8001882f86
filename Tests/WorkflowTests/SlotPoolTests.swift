import Testing

@testable import Workflow

/// The SQLite store's reading connections are handed out by `SlotPool`: whichever is free, a
/// taker waiting only while all are out, first come first served; closing refuses new takers
/// and waits for every connection to come back.
@Suite struct SlotPoolTests {
    @Test func aTakerWaitsOnlyWhileEveryIndexIsOutAndWaitersAreServedInTurn() async throws {
        let pool = SlotPool(count: 2)
        let a = try #require(await pool.take())
        let b = try #require(await pool.take())
        #expect(Set([a, b]) == [0, 1])
        // Two takers wait, in this order.
        let (served, servedIn) = AsyncStream.makeStream(of: (Int, Int).self)
        let first = Task {
            let index = await pool.take()
            servedIn.yield((1, index ?? -1))
            return index
        }
        while pool.waiting < 1 { await Task.yield() }
        let second = Task {
            let index = await pool.take()
            servedIn.yield((2, index ?? -1))
            return index
        }
        while pool.waiting < 2 { await Task.yield() }
        pool.give(b)
        pool.give(a)
        var order: [(Int, Int)] = []
        for await s in served {
            order.append(s)
            if order.count == 2 { break }
        }
        #expect(order.map(\.0) == [1, 2] && order.map(\.1) == [b, a])
        pool.give(try #require(await first.value))
        pool.give(try #require(await second.value))
        // Free again: taken at once.
        let again = try #require(await pool.take())
        pool.give(again)
    }

    @Test func closingRefusesWaitersAndNewTakersAndReturnsOnceEveryIndexIsBack() async throws {
        let pool = SlotPool(count: 1)
        let held = try #require(await pool.take())
        let waiter = Task { await pool.take() }
        while pool.waiting < 1 { await Task.yield() }
        let closed = Task { await pool.close() }
        #expect(await waiter.value == nil, "a waiting taker is refused")
        #expect(await pool.take() == nil, "so is a new one")
        pool.give(held)
        #expect(await closed.value)
        #expect(await pool.close() == false, "only the first close closes")
    }
}
