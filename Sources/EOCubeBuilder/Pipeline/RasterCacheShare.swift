/// How much GeoRaster may cache for one opened asset when a day slot opens `assets` of them.
///
/// Each asset gets up to ``rangesPerAsset`` of fetched byte ranges (remote assets) and
/// ``edgeBlocksPerAsset`` of decoded tiles that two blocks share; a slot as a whole gets at most
/// ``rangesPerSlot`` and ``edgeBlocksPerSlot``, so the memory these caches take does not grow
/// with the number of items in a day (a day of a cube spanning many tiles can have dozens).
struct RasterCacheShare: Equatable {
    /// Byte ranges kept per remote asset when the slot has few.
    static let rangesPerAsset = 8 << 20
    /// Decoded tiles kept per asset when the slot has few: a row of 256² int16 tiles across a
    /// 15000-px tile is 7.5 MB.
    static let edgeBlocksPerAsset = 12 << 20
    /// The byte-range caches of all the slot's assets together.
    static let rangesPerSlot = 32 << 20
    /// The decoded-tile caches of all the slot's assets together.
    static let edgeBlocksPerSlot = 64 << 20

    /// GeoRaster's `cacheCapacity` for each asset.
    let rangeBytes: Int
    /// GeoRaster's `edgeBlockCacheCapacity` for each asset.
    let edgeBlockBytes: Int

    /// The share of each of `assets` assets opened for one slot. Under a small memory budget
    /// (below 1 GiB) the slot's totals shrink with it, to 1/32 (ranges) and 1/16 (tiles) of the
    /// budget: decoding a shared tile twice costs time, not correctness.
    init(assets: Int, memoryBudget: Int = .max) {
        let count = max(1, assets)
        rangeBytes = min(Self.rangesPerAsset, min(Self.rangesPerSlot, memoryBudget / 32) / count)
        edgeBlockBytes = min(Self.edgeBlocksPerAsset, min(Self.edgeBlocksPerSlot, memoryBudget / 16) / count)
    }
}
