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
        // Two takers wait, in this order; the first index given back goes to the first.
        let first = Task { await pool.take() }
        while pool.waiting < 1 { await Task.yield() }
        let second = Task { await pool.take() }
        while pool.waiting < 2 { await Task.yield() }
        pool.give(b)
        pool.give(a)
        let served = (await first.value, await second.value)
        #expect(served == (b, a))
        pool.give(b)
        pool.give(a)
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
