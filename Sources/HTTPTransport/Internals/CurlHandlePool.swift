import Synchronization

/// A small pool of idle easy handles, so consecutive requests reuse warm connections.
final class CurlHandlePool: Sendable {
    private let idle = Mutex<[CurlEasyHandleBox]>([])
    private let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    /// Runs `body` with a handle taken from the pool (or a new one) and returns it afterwards.
    func withHandle<T>(_ body: (CurlEasyHandle) -> T) -> T? {
        let box = idle.withLock { $0.popLast() } ?? CurlEasyHandle().map(CurlEasyHandleBox.init)
        guard let box else { return nil }
        let result = body(box.handle)
        idle.withLock { if $0.count < capacity { $0.append(box) } }
        return result
    }
}

/// Moves a handle between threads; the pool guarantees one user at a time.
///
/// Unchecked because the handle has passed through `withHandle`'s body, so the compiler cannot
/// prove nobody kept it (`sending` cannot express "the body gave it back"); the pool's contract is
/// what makes the move safe.
struct CurlEasyHandleBox: @unchecked Sendable {
    let handle: CurlEasyHandle
}
