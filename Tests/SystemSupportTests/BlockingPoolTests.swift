import Foundation
import Synchronization
import Testing
@testable import SystemSupport

private struct PoolFailure: Error, Equatable { let code: Int }

/// The shared blocking pool: fan-outs run every item once, nest without deadlock, stop at the
/// first error, and async callers are suspended, skipped when cancelled before they start and
/// stopped between items when cancelled while running.
@Suite struct BlockingPoolTests {
    @Test func everyItemRunsOnceAndMapKeepsOrder() throws {
        let pool = BlockingPool(threadCount: 3)
        let counts = Mutex([Int](repeating: 0, count: 1000))
        try pool.forEach(1000, width: 4, cancelled: PoolFailure(code: -1)) { (i: Int) throws(PoolFailure) in counts.withLock { $0[i] += 1 } }
        #expect(counts.withLock { $0 }.allSatisfy { $0 == 1 })
        #expect(try pool.map(100, width: 4, cancelled: PoolFailure(code: -1)) { (i: Int) throws(PoolFailure) in i * i } == (0..<100).map { $0 * $0 })
    }

    @Test func nestedFanOutsOnASaturatedPoolFinish() async throws {
        // One thread: every nested fan-out's helpers queue behind their caller, which then does
        // all the work itself instead of waiting for them.
        let pool = BlockingPool(threadCount: 1)
        let total = try await pool.run(cancelled: PoolFailure(code: -1)) { () throws(PoolFailure) -> Int in
            let sums = try pool.map(8, width: 8, cancelled: PoolFailure(code: -1)) { (i: Int) throws(PoolFailure) -> Int in
                try pool.map(8, width: 8, cancelled: PoolFailure(code: -1)) { (j: Int) throws(PoolFailure) -> Int in i * 8 + j }.reduce(0, +)
            }
            return sums.reduce(0, +)
        }
        #expect(total == (0..<64).reduce(0, +))
    }

    @Test func theFirstErrorIsRethrownAndStopsNewItems() {
        let pool = BlockingPool(threadCount: 2)
        let started = Atomic(0)
        #expect(throws: PoolFailure(code: 3)) {
            try pool.forEach(10_000, width: 3, cancelled: PoolFailure(code: -1)) { (i: Int) throws(PoolFailure) in
                started.add(1, ordering: .relaxed)
                if i == 3 { throw PoolFailure(code: 3) }
                usleep(50)
            }
        }
        let count = started.load(ordering: .relaxed)
        #expect(count < 10_000)
    }

    @Test func cancelledBeforeItStartsTheWorkIsSkipped() async {
        let pool = BlockingPool(threadCount: 1)
        let gate = DispatchSemaphore(value: 0)
        // Occupy the only thread so the next request stays queued.
        let blocking = Atomic(false)
        let blocker = Task { try await pool.run(cancelled: PoolFailure(code: -1)) { () throws(PoolFailure) in blocking.store(true, ordering: .relaxed); gate.wait() } }
        while !blocking.load(ordering: .relaxed) { try? await Task.sleep(for: .milliseconds(5)) }
        let ran = Atomic(false)
        let queued = Task { () async throws in
            try await pool.run(cancelled: PoolFailure(code: -2)) { () throws(PoolFailure) in ran.store(true, ordering: .relaxed) }
        }
        try? await Task.sleep(for: .milliseconds(20))
        queued.cancel()
        #expect(await queued.result.poolFailure == PoolFailure(code: -2))
        gate.signal()
        _ = await blocker.result
        try? await Task.sleep(for: .milliseconds(20))
        let workRan = ran.load(ordering: .relaxed)
        #expect(!workRan)
    }

    @Test func cancelledWhileRunningAFanOutStopsBetweenItems() async {
        let pool = BlockingPool(threadCount: 2)
        let done = Atomic(0)
        let handle = Mutex<Task<Void, any Error>?>(nil)
        let task = Task { () async throws in
            try await pool.run(cancelled: PoolFailure(code: -2)) { () throws(PoolFailure) in
                try pool.forEach(100_000, width: 2, cancelled: PoolFailure(code: -3)) { (i: Int) throws(PoolFailure) in
                    // The work cancels its own task once it runs: no cooperative thread is needed
                    // to do it (a loaded test process may have none free for seconds).
                    if done.add(1, ordering: .relaxed).newValue >= 100 { handle.withLock { $0?.cancel() } }
                    usleep(100)
                }
            }
        }
        handle.withLock { $0 = task }
        #expect(await task.result.poolFailure == PoolFailure(code: -3))
        let count = done.load(ordering: .relaxed)
        #expect(count < 100_000)
    }
}

private extension Result {
    var poolFailure: PoolFailure? { if case .failure(let error) = self { return error as? PoolFailure }; return nil }
}
