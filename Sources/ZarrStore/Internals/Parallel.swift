import Dispatch
import Foundation

/// Runs `body(0..<count)` on all cores and rethrows the first error.
///
/// The array layer decodes and encodes chunks through this; the calls block, so it is
/// used from async functions that own the work (chunk codecs are CPU-bound anyway).
enum Parallel {
    /// The first error raised by any iteration.
    private final class ErrorSlot: @unchecked Sendable {
        let lock = NSLock()
        var error: ZarrError?
        var isSet: Bool { lock.withLock { error != nil } }
        func record(_ e: ZarrError) { lock.withLock { if error == nil { error = e } } }
    }

    /// The number of worker threads (all cores).
    static let width = max(1, ProcessInfo.processInfo.activeProcessorCount)

    /// One parallel loop: the body, a shared index counter and the first error.
    private final class Job: @unchecked Sendable {
        let count: Int
        let lock = NSLock()
        var next = 0
        let slot = ErrorSlot()
        var body: ((Int) throws(ZarrError) -> Void)?

        init(count: Int) { self.count = count }

        func take() -> Int? {
            lock.withLock {
                guard next < count else { return nil }
                defer { next += 1 }
                return next
            }
        }

        func work() {
            guard let body else { return }
            while !slot.isSet, let i = take() {
                do throws(ZarrError) { try body(i) } catch { slot.record(error) }
            }
        }
    }

    static func forEach(_ count: Int, _ body: (Int) throws(ZarrError) -> Void) throws(ZarrError) {
        if count == 0 { return }
        if count == 1 || width == 1 {
            for i in 0..<count { try body(i) }
            return
        }
        let job = Job(count: count)
        withoutActuallyEscaping(body) { body in
            job.body = body
            // Dedicated threads rather than GCD: blocking pool threads here (called from async
            // code) left cores idle. The calling thread works too.
            let helpers = min(width, count) - 1
            let group = DispatchGroup()
            for _ in 0..<helpers {
                group.enter()
                let thread = Thread { [job] in
                    job.work()
                    group.leave()
                }
                thread.stackSize = 8 << 20
                thread.start()
            }
            job.work()
            group.wait()
            // Drop the only stored reference so the closure provably did not escape.
            job.body = nil
        }
        let slot = job.slot
        if let error = slot.error { throw error }
    }

    /// Maps `0..<count` in parallel, keeping order.
    static func map<T>(_ count: Int, _ body: (Int) throws(ZarrError) -> T) throws(ZarrError) -> [T] {
        let results = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
        results.initialize(repeating: nil)
        defer { results.deinitialize(); results.deallocate() }
        nonisolated(unsafe) let shared = results
        try forEach(count) { (i: Int) throws(ZarrError) in shared[i] = try body(i) }
        return results.map { $0! }
    }
}

/// Pointer access with typed throws (the standard library's `withUnsafe…` closures rethrow untyped errors).
enum UnsafeAccess {
    static func withMutableBytes<R>(_ array: inout [UInt8], _ body: (UnsafeMutableRawPointer) throws(ZarrError) -> R) throws(ZarrError) -> R {
        let result: Result<R, ZarrError> = array.withUnsafeMutableBytes { raw in
            // An empty array still gets a valid (never dereferenced) pointer.
            let base = raw.baseAddress ?? UnsafeMutableRawPointer(bitPattern: 1)!
            do throws(ZarrError) { return .success(try body(base)) } catch { return .failure(error) }
        }
        return try result.get()
    }
}
