import Logging
import Synchronization
import SystemSupport

/// A remote object read with HTTP range requests through a ``RangeCache``.
///
/// Opening fetches the first `headerPrefetchSize` bytes, which also tells the object size
/// (`Content-Range`). Prefetched tile ranges are merged when closer than `rangeMergeGap` and
/// fetched in parallel; a read that misses the cache fetches at least `minimumFetch` bytes so
/// libtiff's small header reads do not each become a request.
final class HTTPByteSource: ByteSource, Sendable {
    let location: String
    let size: UInt64
    private let fetcher: RangeFetcher
    private let cache: RangeCache
    private let options: RasterOpenOptions
    private let logger: Logger
    var prefetchBatchBytes: Int? { max(256 << 10, options.cacheCapacity / 4) }
    /// Requests and bytes fetched so far (benchmarks and tests read them).
    private let counters = Mutex<(requests: Int, bytes: UInt64)>((0, 0))
    /// Largest object size believed from a server (the largest `off_t`).
    static let maximumObjectSize = UInt64(Int64.max)
    /// Smallest request made on a cache miss.
    static let minimumFetch: UInt64 = 16 << 10

    init(fetcher: RangeFetcher, options: RasterOpenOptions, logger: Logger) throws(GeoRasterError) {
        self.fetcher = fetcher
        self.location = fetcher.url
        self.options = options
        self.logger = logger
        self.cache = RangeCache(capacity: options.cacheCapacity)
        let first = try fetcher.fetch(0..<UInt64(max(options.headerPrefetchSize, 16)))
        guard let total = first.totalSize ?? (first.bytes.count < options.headerPrefetchSize ? UInt64(first.bytes.count) : nil) else {
            throw .readFailed(location: fetcher.url, reason: "the server did not tell the object size (no Content-Range)")
        }
        // No file is larger than off_t can address; refusing such claims keeps every
        // `offset + length` below (read-ahead, range merging, caching) free of overflow.
        guard total <= Self.maximumObjectSize else {
            throw .readFailed(location: fetcher.url, reason: "the server claims an object size of \(total) bytes, more than any file can hold")
        }
        size = total
        counters.withLock { $0 = (1, UInt64(first.bytes.count)) }
        cache.insert(first.bytes, at: 0, pinned: true)
    }

    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: UInt64) throws(GeoRasterError) -> Int {
        guard offset < size, buffer.count > 0 else { return 0 }
        let wanted = Int(min(UInt64(buffer.count), size - offset))
        var done = cache.copy(into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<wanted]), at: offset)
        var attempts = 0
        while done < wanted {
            let position = offset + UInt64(done)
            let end = min(size, max(offset + UInt64(wanted), position + Self.minimumFetch))
            for gap in cache.missing(position..<end) { try fetchAndStore(gap) }
            let got = cache.copy(into: UnsafeMutableRawBufferPointer(rebasing: buffer[done..<wanted]), at: position)
            done += got
            attempts += 1
            if got == 0 && attempts > 3 {
                throw .readFailed(location: location, reason: "bytes \(position)..<\(end) could not be kept in the cache")
            }
        }
        return done
    }

    func prefetch(_ ranges: [Range<UInt64>]) throws(GeoRasterError) {
        let gaps = ranges.flatMap { cache.missing($0.clamped(to: 0..<size)) }
        let streams = max(options.concurrency, 4)
        let merged = Self.split(Self.merge(gaps, maxGap: UInt64(options.rangeMergeGap)), into: streams)
        guard !merged.isEmpty else { return }
        if merged.count == 1 || options.concurrency == 1 {
            for range in merged { try fetchAndStore(range) }
            return
        }
        try BlockingPool.shared.forEach(merged.count, width: streams, cancelled: GeoRasterError.cancelled(location: location)) {
            (index: Int) throws(GeoRasterError) in try fetchAndStore(merged[index])
        }
    }

    /// Sorted, with neighbours closer than `maxGap` joined.
    static func merge(_ ranges: [Range<UInt64>], maxGap: UInt64) -> [Range<UInt64>] {
        var result: [Range<UInt64>] = []
        for range in ranges.filter({ !$0.isEmpty }).sorted(by: { $0.lowerBound < $1.lowerBound }) {
            // Saturating: tile offsets come from the file and may sit at the very end of UInt64.
            let (reach, overflow) = (result.last?.upperBound ?? 0).addingReportingOverflow(maxGap)
            if let last = result.last, range.lowerBound <= (overflow ? UInt64.max : reach) {
                result[result.count - 1] = last.lowerBound..<max(last.upperBound, range.upperBound)
            } else {
                result.append(range)
            }
        }
        return result
    }

    /// Long runs are cut into up to `streams` pieces of at least ``minimumSplitPiece`` so one
    /// large read downloads over several connections (latency and per-connection throughput
    /// of real object stores), while small reads stay one request each.
    static func split(_ ranges: [Range<UInt64>], into streams: Int) -> [Range<UInt64>] {
        guard ranges.count < streams else { return ranges }
        return ranges.flatMap { range -> [Range<UInt64>] in
            let length = range.upperBound - range.lowerBound
            let pieces = Int(min(UInt64(streams), length / minimumSplitPiece))
            guard pieces > 1 else { return [range] }
            let step = (length + UInt64(pieces) - 1) / UInt64(pieces)
            return stride(from: range.lowerBound, to: range.upperBound, by: Int(step)).map { $0..<min($0 + step, range.upperBound) }
        }
    }

    /// Smallest piece a long range is split into.
    static let minimumSplitPiece: UInt64 = 8 << 20

    private func fetchAndStore(_ range: Range<UInt64>) throws(GeoRasterError) {
        let answer = try fetcher.fetch(range)
        let expected = Int(range.upperBound - range.lowerBound)
        guard answer.bytes.count == expected else {
            throw .readFailed(location: location, reason: "asked for bytes \(range.lowerBound)..<\(range.upperBound), got \(answer.bytes.count) bytes")
        }
        counters.withLock {
            $0.requests += 1
            $0.bytes += UInt64(expected)
        }
        cache.insert(answer.bytes, at: range.lowerBound)
    }

    /// Requests made and bytes received so far.
    var statistics: (requests: Int, bytes: UInt64) { counters.withLock { $0 } }
}
