import Synchronization

/// Byte extents of a remote object kept in memory, with least-recently-used eviction under a cap.
///
/// Extents are whatever was fetched (a header prefetch, a merged run of tiles); a read may be
/// served from several neighbouring extents.
final class RangeCache: Sendable {
    fileprivate struct Extent {
        var start: UInt64
        var bytes: [UInt8]
        var lastUse: UInt64
        /// Never evicted (the header: every new libtiff handle reads it).
        var pinned = false
        var end: UInt64 { start + UInt64(bytes.count) }
    }

    /// The cached extents and their use clock, behind one lock.
    fileprivate struct State {
        var extents: [Extent] = []   // sorted by start, non-overlapping
        var clock: UInt64 = 0
        var storedBytes = 0
    }

    private let state = Mutex(State())
    let capacity: Int

    init(capacity: Int) { self.capacity = max(capacity, 1 << 20) }

    /// Copies cached bytes at `offset` into `buffer`; returns how many leading bytes were available.
    func copy(into buffer: UnsafeMutableRawBufferPointer, at offset: UInt64) -> Int {
        state.withLock { state in
            var done = 0
            var position = offset
            while done < buffer.count, let index = state.indexContaining(position) {
                state.clock += 1
                state.extents[index].lastUse = state.clock
                let extent = state.extents[index]
                let from = Int(position - extent.start)
                let count = min(buffer.count - done, extent.bytes.count - from)
                extent.bytes.withUnsafeBytes { source in
                    (buffer.baseAddress! + done).copyMemory(from: source.baseAddress! + from, byteCount: count)
                }
                done += count
                position += UInt64(count)
            }
            return done
        }
    }

    /// The parts of `range` not in the cache.
    func missing(_ range: Range<UInt64>) -> [Range<UInt64>] {
        state.withLock { state in
            var gaps: [Range<UInt64>] = []
            var position = range.lowerBound
            while position < range.upperBound {
                if let index = state.indexContaining(position) {
                    position = state.extents[index].end
                    continue
                }
                let next = state.extents.first { $0.start > position }?.start ?? range.upperBound
                let gapEnd = min(next, range.upperBound)
                gaps.append(position..<gapEnd)
                position = gapEnd
            }
            return gaps
        }
    }

    /// Stores fetched bytes starting at `start` (parts already cached are kept as they are).
    func insert(_ bytes: [UInt8], at start: UInt64, pinned: Bool = false) {
        guard !bytes.isEmpty else { return }
        let capacity = self.capacity
        state.withLock { state in
            // Trim the new extent to the gaps between existing ones so extents never overlap.
            var position = start
            let end = start + UInt64(bytes.count)
            while position < end {
                if let index = state.indexContaining(position) { position = state.extents[index].end; continue }
                let next = state.extents.first { $0.start > position }?.start ?? end
                let pieceEnd = min(next, end)
                let piece = Array(bytes[Int(position - start)..<Int(pieceEnd - start)])
                state.clock += 1
                let insertAt = state.extents.firstIndex { $0.start > position } ?? state.extents.count
                state.extents.insert(Extent(start: position, bytes: piece, lastUse: state.clock, pinned: pinned), at: insertAt)
                state.storedBytes += piece.count
                position = pieceEnd
            }
            while state.storedBytes > capacity, let oldest = state.extents.indices.filter({ !state.extents[$0].pinned })
                    .min(by: { state.extents[$0].lastUse < state.extents[$1].lastUse }) {
                state.storedBytes -= state.extents[oldest].bytes.count
                state.extents.remove(at: oldest)
            }
        }
    }

}

extension RangeCache.State {
    /// Binary search for the extent holding `position`.
    func indexContaining(_ position: UInt64) -> Int? {
        var low = 0, high = extents.count
        while low < high {
            let mid = (low + high) / 2
            if extents[mid].start <= position { low = mid + 1 } else { high = mid }
        }
        let candidate = low - 1
        guard candidate >= 0, position < extents[candidate].end else { return nil }
        return candidate
    }
}
