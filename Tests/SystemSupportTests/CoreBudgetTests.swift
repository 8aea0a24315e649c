import Foundation
import Synchronization
import Testing
@testable import SystemSupport

private struct BudgetFailure: Error { }

/// CPU-bound fan-outs share the pool's cores: one alone uses them all, several at once do not
/// each take their width, a fan-out nested in CPU-bound work still gets the cores left, and
/// fan-outs that are not CPU-bound (I/O) keep their width.
@Suite struct CoreBudgetTests {
    /// The most items of `body`'s fan-outs that ran at the same moment.
    private final class Peak: Sendable {
        private let counts = Mutex((now: 0, most: 0))
        func enter() { counts.withLock { $0.now += 1; $0.most = max($0.most, $0.now) } }
        func leave() { counts.withLock { $0.now -= 1 } }
        var most: Int { counts.withLock { $0.most } }
    }

    private func slowItems(_ pool: BlockingPool, count: Int = 24, width: Int, cpuBound: Bool, peak: Peak) throws(BudgetFailure) {
        try pool.forEach(count, width: width, cpuBound: cpuBound, cancelled: BudgetFailure()) { (_: Int) throws(BudgetFailure) in
            peak.enter()
            usleep(4_000)
            peak.leave()
        }
    }

    @Test func aCPUBoundFanOutKeepsToTheCoresAndAnIOFanOutToItsWidth() throws {
        let pool = BlockingPool(threadCount: 16, cores: 2)
        let cpu = Peak(), io = Peak()
        try slowItems(pool, width: 6, cpuBound: true, peak: cpu)
        try slowItems(pool, width: 6, cpuBound: false, peak: io)
        #expect(cpu.most == 2, "a CPU-bound fan-out of width 6 on 2 cores ran \(cpu.most) items at once")
        #expect(io.most >= 4, "an I/O fan-out of width 6 ran only \(io.most) items at once")
    }

    @Test func fanOutsRunningTogetherShareTheCores() async throws {
        let pool = BlockingPool(threadCount: 16, cores: 2)
        let peak = Peak()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<3 {
                group.addTask {
                    try await pool.run(cancelled: BudgetFailure()) { () throws(BudgetFailure) in try slowItems(pool, width: 4, cpuBound: true, peak: peak) }
                }
            }
            try await group.waitForAll()
        }
        // Each caller works even without a core (nothing waits for one): at most the cores plus
        // the callers that found none, far below the 12 threads three width-4 fan-outs would take.
        #expect(peak.most <= 2 + 2, "three CPU-bound fan-outs on 2 cores ran \(peak.most) items at once")
    }

    @Test func aFanOutNestedInCPUWorkGetsTheCoresLeft() async throws {
        let pool = BlockingPool(threadCount: 16, cores: 2)
        let peak = Peak()
        try await pool.run(cancelled: BudgetFailure()) { () throws(BudgetFailure) in
            // One outer item (no outer helper): its nested fan-out must still use the second core.
            try pool.forEach(1, width: 2, cpuBound: true, cancelled: BudgetFailure()) { (_: Int) throws(BudgetFailure) in
                try slowItems(pool, width: 4, cpuBound: true, peak: peak)
            }
        }
        #expect(peak.most == 2, "the nested fan-out ran \(peak.most) items at once on 2 cores")
    }
}
