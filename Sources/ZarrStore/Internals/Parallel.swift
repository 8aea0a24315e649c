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

    static func forEach(_ count: Int, _ body: (Int) throws(ZarrError) -> Void) throws(ZarrError) {
        if count == 0 { return }
        if count == 1 { try body(0); return }
        let slot = ErrorSlot()
        withoutActuallyEscaping(body) { body in
            nonisolated(unsafe) let body = body
            DispatchQueue.concurrentPerform(iterations: count) { i in
                if slot.isSet { return }
                do throws(ZarrError) { try body(i) } catch { slot.record(error) }
            }
        }
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
