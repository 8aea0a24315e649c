import Foundation

/// Tuning knobs for opening a raster; the defaults suit local files and COGs over HTTP.
public struct RasterOpenOptions: Sendable {
    /// How many blocks are decoded at once (and, for URLs, how many range requests run at once).
    public var concurrency: Int
    /// Memory cap in bytes of the block cache of a remote file.
    public var cacheCapacity: Int
    /// Bytes fetched with the first request of a remote file (header, IFDs and usually the tile index of a COG).
    public var headerPrefetchSize: Int
    /// Two byte ranges closer than this are fetched with one HTTP request.
    public var rangeMergeGap: Int
    /// Largest single allocation libtiff may make for one file (guards against absurd sizes in damaged files).
    public var maxSingleAllocation: Int
    /// Largest window (in bytes) a typed read allocates.
    public var maxReadBytes: Int
    /// Extra HTTP headers for remote files (e.g. `Authorization`).
    public var httpHeaders: [String: String] = [:]
    /// Memory cap in bytes for decoded blocks that a window read used only in part, kept so that
    /// reading the neighbouring window does not decode them again (window-by-window processing of
    /// a large image). 0, the default, keeps none.
    public var edgeBlockCacheCapacity: Int = 0

    /// Options with defaults: one decoder per core (when `concurrency` is nil), a 256 MiB cache, a 64 KiB header prefetch.
    public init(concurrency: Int? = nil, cacheCapacity: Int = 256 << 20,
                headerPrefetchSize: Int = 64 << 10, rangeMergeGap: Int = 16 << 10,
                maxSingleAllocation: Int = 1 << 30, maxReadBytes: Int = 8 << 30) {
        self.concurrency = max(1, concurrency ?? ProcessInfo.processInfo.activeProcessorCount)
        self.cacheCapacity = cacheCapacity
        self.headerPrefetchSize = headerPrefetchSize
        self.rangeMergeGap = rangeMergeGap
        self.maxSingleAllocation = maxSingleAllocation
        self.maxReadBytes = maxReadBytes
    }
}
