import Foundation

/// Jobs `0..<count` shared by up to `workers` threads, each claiming the next job under a lock.
///
/// The first error stops all claiming and is rethrown once every thread has returned. Block
/// decoding and remote range prefetching both run this way.
enum ClaimedWork {
    /// Calls `worker` once per thread with a `nextJob` function that hands out job numbers (nil
    /// when none are left or a worker failed). A worker sets up its per-thread state (such as a
    /// scratch buffer), loops over `nextJob()`, and throws to stop everyone.
    static func run(count: Int, workers: Int,
                    worker: (_ nextJob: () -> Int?) throws(GeoRasterError) -> Void) throws(GeoRasterError) {
        guard count > 0 else { return }
        let lock = NSLock()
        nonisolated(unsafe) var next = 0
        nonisolated(unsafe) var firstError: GeoRasterError?
        let nextJob = { () -> Int? in
            lock.withLock {
                guard firstError == nil, next < count else { return nil }
                defer { next += 1 }
                return next
            }
        }
        let threads = max(1, min(workers, count))
        withoutActuallyEscaping(worker) { worker in
            // concurrentPerform wants a Sendable closure; the shared state above is lock-protected.
            let body = UncheckedSendableBox { (_: Int) in
                do throws(GeoRasterError) { try worker(nextJob) } catch {
                    lock.withLock { if firstError == nil { firstError = error } }
                }
            }
            if threads == 1 { body.value(0) } else { DispatchQueue.concurrentPerform(iterations: threads) { body.value($0) } }
        }
        if let firstError { throw firstError }
    }
}
