import Synchronization

/// In-process locks per stored chunk (or shard), so concurrent region writes that touch the
/// same chunk serialise their read-modify-write instead of losing each other's updates.
///
/// Keyed by the store's description plus the chunk key, so two handles on one directory
/// share the locks. (Other processes writing the same store are not coordinated.)
final class ChunkLocks: Sendable {
    static let shared = ChunkLocks()

    private final class Entry: Sendable { let lock = Mutex(()) }
    /// Each key's lock and how many writers hold or wait for it (the entry goes at zero).
    private let entries = Mutex<[String: (entry: Entry, users: Int)]>([:])

    /// Runs `body` holding the locks of all `keys` (taken in sorted order, so two writers
    /// never deadlock).
    func withLocks<R>(_ keys: [String], _ body: () throws(ZarrError) -> R) throws(ZarrError) -> R {
        let sorted = Array(Set(keys)).sorted()
        let held: [Entry] = entries.withLock { entries in
            sorted.map { key in
                let entry = entries[key]?.entry ?? Entry()
                entries[key] = (entry, (entries[key]?.users ?? 0) + 1)
                return entry
            }
        }
        defer {
            entries.withLock { entries in
                for key in sorted {
                    guard let current = entries[key] else { continue }
                    entries[key] = current.users == 1 ? nil : (current.entry, current.users - 1)
                }
            }
        }
        return try Self.holding(held[...], body)
    }

    /// `body` run inside the locks of `entries`, outermost first.
    private static func holding<R>(_ entries: ArraySlice<Entry>, _ body: () throws(ZarrError) -> R) throws(ZarrError) -> R {
        guard let first = entries.first else { return try body() }
        // Kept outside the lock's closure: its result must be `sending`, which a generic `R` is not.
        var outcome: Result<R, ZarrError>?
        first.lock.withLock { _ in outcome = Result { () throws(ZarrError) -> R in try holding(entries.dropFirst(), body) } }
        return try outcome!.get()
    }
}
