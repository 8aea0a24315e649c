import Testing
@testable import EOCubeBuilder

/// The GeoRaster caches of a day slot's assets stay within a slot-wide cap however many items
/// the day has, and a day with few items keeps the full per-asset caches.
@Suite struct RasterCacheShareTests {
    @Test(arguments: [1, 2, 6, 24, 200, 10_000])
    func aSlotsCachesStayWithinTheCap(assets: Int) {
        let share = RasterCacheShare(assets: assets)
        #expect(share.rangeBytes * assets <= max(RasterCacheShare.rangesPerSlot, RasterCacheShare.rangesPerAsset))
        #expect(share.edgeBlockBytes * assets <= max(RasterCacheShare.edgeBlocksPerSlot, RasterCacheShare.edgeBlocksPerAsset))
        #expect(share.rangeBytes <= RasterCacheShare.rangesPerAsset && share.edgeBlockBytes <= RasterCacheShare.edgeBlocksPerAsset)
    }

    @Test func fewAssetsKeepTheirFullCaches() {
        #expect(RasterCacheShare(assets: 2) == RasterCacheShare(assets: 1))
        #expect(RasterCacheShare(assets: 2).edgeBlockBytes == RasterCacheShare.edgeBlocksPerAsset)
        #expect(RasterCacheShare(assets: 24).edgeBlockBytes == RasterCacheShare.edgeBlocksPerSlot / 24)
    }

    @Test func aSmallBudgetShrinksTheSlotsCaches() {
        let small = RasterCacheShare(assets: 4, memoryBudget: 200 << 20)
        #expect(small.edgeBlockBytes * 4 <= (200 << 20) / 16 && small.rangeBytes * 4 <= (200 << 20) / 32)
        #expect(RasterCacheShare(assets: 4, memoryBudget: 2 << 30) == RasterCacheShare(assets: 4))
    }
}
