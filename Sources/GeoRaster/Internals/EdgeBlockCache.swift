import Synchronization

/// Decoded blocks that a window read used only in part, kept for a read of a neighbouring window.
///
/// Reading a large image window by window (as the cube builder does, block by block) decodes
/// every block that straddles two windows twice; with 256-px tiles and 2000-px windows that is
/// one decode in seven. Keeping the straddling blocks, least recently used out first, makes each
/// decode once. Blocks hold their bytes as decoded (predictor undone), so a hit is a plain copy.
final class EdgeBlockCache: Sendable {
    /// A block of one directory (image level).
    struct Key: Hashable, Sendable {
        /// The directory's file offset: unique within a file.
        let directory: UInt64
        /// The block's index in the directory (tile or strip number).
        let block: Int
    }

    private struct Entry {
        var bytes: [UInt8]
        var lastUse: UInt64
    }

    private struct State {
        var entries: [Key: Entry] = [:]
        var byteCount = 0
        var clock: UInt64 = 0
        var hits = 0
    }

    /// Memory cap in bytes.
    let capacity: Int
    private let state = Mutex(State())

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// How many blocks are kept, and how many lookups found theirs (for tests and tuning).
    var statistics: (blocks: Int, hits: Int) { state.withLock { ($0.entries.count, $0.hits) } }

    /// The decoded bytes of `key`, if kept.
    func bytes(for key: Key) -> [UInt8]? {
        state.withLock { state in
            guard var entry = state.entries[key] else { return nil }
            state.hits += 1
            state.clock += 1
            entry.lastUse = state.clock
            state.entries[key] = entry
            return entry.bytes
        }
    }

    /// Keeps `bytes` for `key`, dropping the least recently used blocks beyond the capacity.
    func insert(_ bytes: [UInt8], for key: Key) {
        guard bytes.count <= capacity else { return }
        state.withLock { state in
            state.clock += 1
            if let old = state.entries.updateValue(Entry(bytes: bytes, lastUse: state.clock), forKey: key) {
                state.byteCount -= old.bytes.count
            }
            state.byteCount += bytes.count
            while state.byteCount > capacity, let oldest = state.entries.min(by: { $0.value.lastUse < $1.value.lastUse }) {
                state.entries[oldest.key] = nil
                state.byteCount -= oldest.value.bytes.count
            }
        }
    }
}
