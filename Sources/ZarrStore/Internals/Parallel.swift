import SystemSupport

/// The chunk-codec fan-out of the array layer, on the shared ``BlockingPool``: `body(0..<count)`
/// on up to `width` threads (the caller's included), the first error rethrown. Inside a cancelled
/// ``ZarrArray`` operation no new chunk starts and ``ZarrError/cancelled(array:)`` is thrown.
enum Parallel {
    /// The default width: all cores.
    static var width: Int { BlockingPool.coreCount }

    static func forEach(_ count: Int, width: Int = Parallel.width, _ body: (Int) throws(ZarrError) -> Void) throws(ZarrError) {
        try BlockingPool.shared.forEach(count, width: width, cancelled: ZarrError.cancelled(array: ""), body)
    }

    /// Maps `0..<count` in parallel, keeping order.
    static func map<T>(_ count: Int, width: Int = Parallel.width, _ body: (Int) throws(ZarrError) -> T) throws(ZarrError) -> [T] {
        try BlockingPool.shared.map(count, width: width, cancelled: ZarrError.cancelled(array: ""), body)
    }
}

extension ZarrArray {
    /// Runs the synchronous core of a read or write on the blocking pool, suspending the caller;
    /// a cancelled caller's operation stops between chunks.
    func onPool<T: Sendable>(_ work: @escaping @Sendable () throws(ZarrError) -> T) async throws(ZarrError) -> T {
        let path = self.path
        do {
            return try await BlockingPool.shared.run(cancelled: ZarrError.cancelled(array: path), work)
        } catch .cancelled {
            throw .cancelled(array: path)
        }
    }
}
