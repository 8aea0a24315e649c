import SystemSupport

/// The chunk-codec fan-out of the array layer, on the shared ``BlockingPool``: `body(0..<count)`
/// on up to `width` threads (the caller's included), the first error rethrown. Inside a cancelled
/// ``ZarrArray`` operation no new chunk starts and ``ZarrError/cancelled(array:)`` is thrown.
///
/// A fan-out no wider than the cores is codec work and shares the pool's core budget with every
/// other (several arrays written at once need not split the cores by hand); a wider one hides
/// the latency of a remote store's requests and takes its threads whatever the budget.
enum Parallel {
    /// The default width: all cores.
    static var width: Int { BlockingPool.coreCount }

    static func forEach(_ count: Int, width: Int = Parallel.width, _ body: (Int) throws(ZarrError) -> Void) throws(ZarrError) {
        try BlockingPool.shared.forEach(count, width: width, cpuBound: width <= Parallel.width, cancelled: ZarrError.cancelled(array: ""), body)
    }

    /// Maps `0..<count` in parallel, keeping order.
    static func map<T>(_ count: Int, width: Int = Parallel.width, _ body: (Int) throws(ZarrError) -> T) throws(ZarrError) -> [T] {
        try BlockingPool.shared.map(count, width: width, cpuBound: width <= Parallel.width, cancelled: ZarrError.cancelled(array: ""), body)
    }
}

extension ZarrArray {
    /// Regions up to this many bytes are read and written on the calling thread: the hop to the
    /// pool and back would cost more than the work, and a task that suspends must then wait
    /// for a cooperative thread again, which callers doing blocking work of their own may hold.
    static let inlineBytes = 1 << 20

    /// Runs the synchronous core of a read or write of `bytes` bytes on the blocking pool,
    /// suspending the caller (small ones inline, see ``inlineBytes``); a cancelled caller's
    /// operation stops between chunks.
    func onPool<T: Sendable>(bytes: Int, _ work: @escaping @Sendable () throws(ZarrError) -> T) async throws(ZarrError) -> T {
        if bytes <= Self.inlineBytes { return try work() }
        let path = self.path
        do {
            return try await BlockingPool.shared.run(cancelled: ZarrError.cancelled(array: path), work)
        } catch .cancelled {
            throw .cancelled(array: path)
        }
    }
}
