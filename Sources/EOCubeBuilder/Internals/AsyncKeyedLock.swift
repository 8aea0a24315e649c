/// Exclusive locks for async code, one per key, that suspend a waiting task instead of
/// blocking its thread; waiters of a key are served first come, first served.
///
/// Holders keep a key for a short read-modify-write, so waiting ignores cancellation: the
/// caller checks it around the locked section.
actor AsyncKeyedLock {
    private var held: Set<Int64> = []
    private var waiters: [Int64: [CheckedContinuation<Void, Never>]] = [:]

    /// Runs `body` holding `key`.
    nonisolated func withLock<T: Sendable, E: Error>(_ key: Int64 = 0, _ body: () async throws(E) -> T) async throws(E) -> T {
        await acquire(key)
        let result: Result<T, E>
        do throws(E) { result = .success(try await body()) } catch { result = .failure(error) }
        await release(key)
        return try result.get()
    }

    private func acquire(_ key: Int64) async {
        guard held.contains(key) else {
            held.insert(key)
            return
        }
        await withCheckedContinuation { waiters[key, default: []].append($0) }
    }

    private func release(_ key: Int64) {
        // Handed straight to the next waiter, so nobody can slip in between.
        guard var queue = waiters[key], !queue.isEmpty else {
            held.remove(key)
            return
        }
        let next = queue.removeFirst()
        waiters[key] = queue.isEmpty ? nil : queue
        next.resume()
    }
}
