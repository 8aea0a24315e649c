import Foundation

/// In-process locks per stored chunk (or shard), so concurrent region writes that touch the
/// same chunk serialise their read-modify-write instead of losing each other's updates.
///
/// Keyed by the store's description plus the chunk key, so two handles on one directory
/// share the locks. (Other processes writing the same store are not coordinated.)
final class ChunkLocks: @unchecked Sendable {
    static let shared = ChunkLocks()

    private final class Entry { let lock = NSLock(); var users = 0 }
    private let guardLock = NSLock()
    private var entries: [String: Entry] = [:]

    /// Runs `body` holding the locks of all `keys` (taken in sorted order, so two writers
    /// never deadlock).
    func withLocks<R>(_ keys: [String], _ body: () throws(ZarrError) -> R) throws(ZarrError) -> R {
        let sorted = Array(Set(keys)).sorted()
        let held: [Entry] = guardLock.withLock {
            sorted.map { key in
                let entry = entries[key] ?? Entry()
                entries[key] = entry
                entry.users += 1
                return entry
            }
        }
        for entry in held { entry.lock.lock() }
        defer {
            for entry in held.reversed() { entry.lock.unlock() }
            guardLock.withLock {
                for (key, entry) in zip(sorted, held) {
                    entry.users -= 1
                    if entry.users == 0 { entries[key] = nil }
                }
            }
        }
        return try body()
    }
}
