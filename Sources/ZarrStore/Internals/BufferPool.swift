import Synchronization

/// Reusable scratch buffers for chunk coding, so the hot path does not allocate (and
/// page-fault in) a fresh chunk-sized buffer for every chunk.
final class BufferPool: Sendable {
    static let shared = BufferPool()

    /// Idle buffers by size, as addresses (a buffer belongs to no one while it is here).
    private let free = Mutex<[Int: [UInt]]>([:])
    /// At most this many idle buffers are kept per size.
    private let keepPerSize = 2 * Parallel.width + 2
    /// Buffers larger than this are not pooled.
    private let largest = 256 << 20

    /// Runs `body` with an uninitialised buffer of `size` bytes, returned to the pool afterwards.
    func with<R>(size: Int, _ body: (UnsafeMutableRawBufferPointer) throws(ZarrError) -> R) throws(ZarrError) -> R {
        let capacity = max(size, 1)
        let address = free.withLock { $0[capacity]?.popLast() }
        let pointer = address.flatMap { UnsafeMutableRawPointer(bitPattern: $0) }
            ?? UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 64)
        defer {
            let address = UInt(bitPattern: pointer)
            let kept: Bool = capacity > largest ? false : free.withLock {
                if $0[capacity, default: []].count < keepPerSize { $0[capacity, default: []].append(address); return true }
                return false
            }
            if !kept { pointer.deallocate() }
        }
        return try body(UnsafeMutableRawBufferPointer(start: pointer, count: size))
    }
}
