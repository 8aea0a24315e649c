import Foundation

/// Reusable scratch buffers for chunk coding, so the hot path does not allocate (and
/// page-fault in) a fresh chunk-sized buffer for every chunk.
final class BufferPool: @unchecked Sendable {
    static let shared = BufferPool()

    private let lock = NSLock()
    private var free: [Int: [UnsafeMutableRawPointer]] = [:]
    /// At most this many idle buffers are kept per size.
    private let keepPerSize = 2 * Parallel.width + 2
    /// Buffers larger than this are not pooled.
    private let largest = 256 << 20

    /// Runs `body` with an uninitialised buffer of `size` bytes, returned to the pool afterwards.
    func with<R>(size: Int, _ body: (UnsafeMutableRawBufferPointer) throws(ZarrError) -> R) throws(ZarrError) -> R {
        let capacity = max(size, 1)
        let pointer = lock.withLock { free[capacity]?.popLast() } ?? UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 64)
        defer {
            let kept: Bool = capacity > largest ? false : lock.withLock {
                if free[capacity, default: []].count < keepPerSize { free[capacity, default: []].append(pointer); return true }
                return false
            }
            if !kept { pointer.deallocate() }
        }
        return try body(UnsafeMutableRawBufferPointer(start: pointer, count: size))
    }
}
