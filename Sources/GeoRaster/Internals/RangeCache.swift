import DequeModule
import Foundation

/// Byte extents of a remote object kept in memory, with least-recently-used eviction under a cap.
///
/// Extents are whatever was fetched (a header prefetch, a merged run of tiles); a read may be
/// served from several neighbouring extents.
final class RangeCache: @unchecked Sendable {
    private struct Extent {
        var start: UInt64
        var bytes: [UInt8]
        var lastUse: UInt64
        /// Never evicted (the header: every new libtiff handle reads it).
        var pinned = false
        var end: UInt64 { start + UInt64(bytes.count) }
    }

    private let lock = NSLock()
    private var extents: [Extent] = []   // sorted by start, non-overlapping
    private var clock: UInt64 = 0
    private var storedBytes = 0
    let capacity: Int

    init(capacity: Int) { self.capacity = max(capacity, 1 << 20) }

    /// Copies cached bytes at `offset` into `buffer`; returns how many leading bytes were available.
    func copy(into buffer: UnsafeMutableRawBufferPointer, at offset: UInt64) -> Int {
        lock.withLock {
            var done = 0
            var position = offset
            while done < buffer.count, let index = indexContaining(position) {
                clock += 1
                extents[index].lastUse = clock
                let extent = extents[index]
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
        lock.withLock {
            var gaps: [Range<UInt64>] = []
            var position = range.lowerBound
            while position < range.upperBound {
                if let index = indexContaining(position) {
                    position = extents[index].end
                    continue
                }
                let next = extents.first { $0.start > position }?.start ?? range.upperBound
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
        lock.withLock {
            // Trim the new extent to the gaps between existing ones so extents never overlap.
            var position = start
            let end = start + UInt64(bytes.count)
            while position < end {
                if let index = indexContaining(position) { position = extents[index].end; continue }
                let next = extents.first { $0.start > position }?.start ?? end
                let pieceEnd = min(next, end)
                let piece = Array(bytes[Int(position - start)..<Int(pieceEnd - start)])
                clock += 1
                let insertAt = extents.firstIndex { $0.start > position } ?? extents.count
                extents.insert(Extent(start: position, bytes: piece, lastUse: clock, pinned: pinned), at: insertAt)
                storedBytes += piece.count
                position = pieceEnd
            }
            while storedBytes > capacity,
                  let oldest = extents.indices.filter({ !extents[$0].pinned }).min(by: { extents[$0].lastUse < extents[$1].lastUse }) {
                storedBytes -= extents[oldest].bytes.count
                extents.remove(at: oldest)
            }
        }
    }

    /// Binary search for the extent holding `position`.
    private func indexContaining(_ position: UInt64) -> Int? {
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
