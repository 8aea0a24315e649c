@testable import GeoRaster
import Testing

/// The remote block cache and range planning, without a server.
@Suite("Range cache and request planning")
struct RangeCacheTests {
    func read(_ cache: RangeCache, _ offset: UInt64, _ count: Int) -> [UInt8]? {
        var out = [UInt8](repeating: 0, count: count)
        let got = out.withUnsafeMutableBytes { cache.copy(into: $0, at: offset) }
        return got == count ? out : nil
    }

    @Test func readsSpanNeighbouringExtentsAndOverlapsKeepTheFirstBytes() {
        let cache = RangeCache(capacity: 1 << 20)
        cache.insert(Array(0..<100), at: 0)
        cache.insert(Array(100..<200).map { UInt8($0) }, at: 100)
        #expect(read(cache, 90, 20) == (90..<110).map { UInt8($0) })
        cache.insert([UInt8](repeating: 255, count: 100), at: 150) // [150, 200) already cached: only [200, 250) is new
        #expect(read(cache, 195, 10) == [195, 196, 197, 198, 199, 255, 255, 255, 255, 255])
        #expect(cache.missing(0..<260) == [250..<260])
        #expect(read(cache, 240, 20) == nil)
    }

    @Test func leastRecentlyUsedExtentsGoFirstAndPinnedOnesStay() {
        let cache = RangeCache(capacity: 1 << 20)
        let piece = 300_000
        cache.insert([UInt8](repeating: 1, count: 1000), at: 0, pinned: true)
        cache.insert([UInt8](repeating: 2, count: piece), at: 10_000)
        cache.insert([UInt8](repeating: 3, count: piece), at: 10_000_000)
        cache.insert([UInt8](repeating: 5, count: piece), at: 30_000_000)
        _ = read(cache, 10_000, 10)  // touch the oldest large extent
        cache.insert([UInt8](repeating: 4, count: piece), at: 20_000_000) // over the 1 MiB cap
        #expect(read(cache, 0, 1000) != nil)             // pinned header
        #expect(read(cache, 10_000, 10) != nil)          // recently used
        #expect(read(cache, 10_000_000, 10) == nil)      // evicted
        #expect(read(cache, 20_000_000, 10) != nil)
    }

    @Test func nearbyRangesMergeAndLongRunsSplit() {
        let merged = HTTPByteSource.merge([100..<200, 0..<50, 210..<300, 10_000..<10_100, 40..<60], maxGap: 16)
        #expect(merged == [0..<60, 100..<300, 10_000..<10_100])
        let long: Range<UInt64> = 0..<(40 << 20)
        let pieces = HTTPByteSource.split([long], into: 4)
        #expect(pieces.count == 4)
        #expect(pieces.first?.lowerBound == 0 && pieces.last?.upperBound == long.upperBound)
        #expect(zip(pieces, pieces.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
        #expect(HTTPByteSource.split([0..<(1 << 20)], into: 4) == [0..<(1 << 20)])
    }
}
