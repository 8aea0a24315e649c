import Foundation
import InteropSupport
import Testing
@testable import GeoRaster

/// Window-by-window reads that keep the blocks two windows share (`edgeBlockCacheCapacity`)
/// return exactly what reads without them return, on every file GDAL wrote for the matrix.
@Suite(.enabled(if: ReferenceFixtures.interopEnabled))
struct EdgeBlockCacheTests {
    /// A 3 × 3 grid of windows over the level, with edges that cut through blocks.
    private func windows(width: Int, height: Int) -> [PixelWindow] {
        let xs = [0, width / 3 + 1, 2 * width / 3 + 3, width], ys = [0, height / 3 + 2, 2 * height / 3 + 1, height]
        return (0..<3).flatMap { r in (0..<3).compactMap { c in
            let window = PixelWindow(x: xs[c], y: ys[r], width: xs[c + 1] - xs[c], height: ys[r + 1] - ys[r])
            return window.width > 0 && window.height > 0 ? window : nil
        } }
    }

    private func read(_ raster: RasterDataset, band: Int, window: PixelWindow, overview: Int?) throws -> [UInt8] {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: window.pixelCount * raster.dataType.byteCount, alignment: 16)
        defer { buffer.deallocate() }
        try raster.readBlocking(band: band, window: window, overview: overview, into: buffer)
        return Array(buffer)
    }

    @Test func neighbouringWindowReadsMatchReadsWithoutKeptBlocks() throws {
        let (directory, names) = try ReferenceFixtures.matrix.get()
        var hits = 0
        for name in names {
            let path = directory.appendingPathComponent(name).appendingPathExtension("tif").path
            let plain = try RasterDataset.openBlocking(path)
            var options = RasterOpenOptions(concurrency: 2)
            options.edgeBlockCacheCapacity = 1 << 20
            let keeping = try RasterDataset.openBlocking(path, options: options)
            let overviews: [Int?] = plain.levels.count > 1 ? [nil, 0] : [nil]
            for overview in overviews {
                let level = overview.map { plain.levels[$0 + 1] } ?? plain.levels[0]
                for band in 1...plain.bandCount {
                    for window in windows(width: level.width, height: level.height) {
                        let expected = try read(plain, band: band, window: window, overview: overview)
                        let got = try read(keeping, band: band, window: window, overview: overview)
                        #expect(got == expected, "\(name) band \(band) overview \(String(describing: overview)) window \(window)")
                    }
                }
            }
            hits += keeping.edgeBlocks?.statistics.hits ?? 0
        }
        #expect(hits > 0, "no read found a kept block")
    }

    @Test func keptBlocksStayWithinTheCapacity() {
        let cache = EdgeBlockCache(capacity: 1000)
        for block in 0..<10 { cache.insert([UInt8](repeating: UInt8(block), count: 300), for: .init(directory: 8, block: block)) }
        #expect(cache.statistics.blocks == 3)
        // The most recent blocks survive; an older one used again is kept over a newer one.
        #expect(cache.bytes(for: .init(directory: 8, block: 9)) == [UInt8](repeating: 9, count: 300))
        #expect(cache.bytes(for: .init(directory: 8, block: 7)) != nil)
        cache.insert([UInt8](repeating: 42, count: 300), for: .init(directory: 16, block: 9))
        #expect(cache.bytes(for: .init(directory: 8, block: 8)) == nil)
        #expect(cache.bytes(for: .init(directory: 8, block: 7)) != nil)
        #expect(cache.bytes(for: .init(directory: 16, block: 9)) == [UInt8](repeating: 42, count: 300))
        cache.insert([UInt8](repeating: 1, count: 2000), for: .init(directory: 8, block: 99))
        #expect(cache.bytes(for: .init(directory: 8, block: 99)) == nil, "a block over the capacity is not kept")
    }
}
