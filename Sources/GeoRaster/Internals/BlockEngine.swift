import CTIFF
import Foundation
import SystemSupport

/// Decodes tiles/strips of one directory in parallel and hands each decoded block to a consumer.
///
/// Each worker owns one scratch buffer for the whole run (no per-block allocation) and checks
/// a libtiff handle out of the pool per block. Sparse blocks (byte count 0) are never decoded:
/// they are reported to the consumer as `nil` and mean "all nodata" as in GDAL.
struct BlockEngine {
    let pool: TIFFHandlePool
    let directory: ImageDirectory
    let concurrency: Int
    /// Where blocks a read uses only in part are kept, and looked up before decoding.
    var edgeBlocks: EdgeBlockCache? = nil

    /// A block position in the block grid.
    struct Block: Sendable {
        var column: Int
        var row: Int
    }

    var location: String { pool.source.location }

    /// Blocks of the grid that intersect `window`.
    func blocks(in window: PixelWindow) -> [Block] {
        let c0 = window.x / directory.blockWidth, c1 = (window.maxX - 1) / directory.blockWidth
        let r0 = window.y / directory.blockHeight, r1 = (window.maxY - 1) / directory.blockHeight
        var result: [Block] = []
        result.reserveCapacity((c1 - c0 + 1) * (r1 - r0 + 1))
        for row in r0...r1 { for column in c0...c1 { result.append(Block(column: column, row: row)) } }
        return result
    }

    /// Byte ranges of the non-sparse blocks, for remote prefetching.
    func byteRanges(of blocks: [Block], band: Int) -> [Range<UInt64>] {
        blocks.compactMap { block in
            let index = directory.blockIndex(column: block.column, row: block.row, band: band)
            let count = directory.blockByteCounts[index]
            guard count > 0 else { return nil }
            let start = directory.blockOffsets[index]
            let (end, overflow) = start.addingReportingOverflow(count)
            return overflow ? nil : start..<end
        }
    }

    /// Decodes `blocks` of `band`, calling `consume(block, data)` from worker threads with the
    /// decoded block (`nil` for sparse blocks). `shouldSkip` lets a consumer avoid decoding a
    /// block it no longer needs.
    func run(blocks: [Block], band: Int,
             shouldSkip: ((Block) -> Bool)? = nil,
             isPartial: ((Block) -> Bool)? = nil,
             consume: (Block, UnsafeRawPointer?) throws(GeoRasterError) -> Void) throws(GeoRasterError) {
        guard !blocks.isEmpty else { return }
        guard let batchBytes = pool.source.prefetchBatchBytes else {
            return try runBatch(blocks: blocks[...], band: band, shouldSkip: shouldSkip, isPartial: isPartial, consume: consume)
        }
        // Remote: fetch batches of blocks with few merged requests and decode one batch while the
        // next downloads (bounded memory, network and CPU overlapped).
        // A consumer that skips blocks (valid-data box) learns as it goes: small batches, each
        // planned after the previous one was decoded, so skipped blocks are not downloaded.
        let learns = shouldSkip != nil
        let batchLimit = learns ? min(batchBytes, 4 << 20) : batchBytes
        var batches: [[Block]] = []
        var start = 0
        while start < blocks.count {
            var end = start, bytes = 0
            while end < blocks.count, end == start || bytes < batchLimit {
                let index = directory.blockIndex(column: blocks[end].column, row: blocks[end].row, band: band)
                bytes += Int(clamping: directory.blockByteCounts[index])
                end += 1
            }
            batches.append(Array(blocks[start..<end]))
            start = end
        }
        let source = pool.source
        let ranges = { (batch: [Block]) -> [Range<UInt64>] in
            // Blocks the consumer already knows it will skip are not fetched.
            byteRanges(of: batch.filter { !(shouldSkip?($0) ?? false) }, band: band)
        }
        try source.prefetch(ranges(batches[0]))
        for (number, batch) in batches.enumerated() {
            if number > 0 && learns { try source.prefetch(ranges(batch)) }
            let nextRanges = number + 1 < batches.count && !learns ? ranges(batches[number + 1]) : []
            // Job 0 decodes this batch (the calling thread takes it first); job 1 downloads the
            // next batch meanwhile, on a pool thread when one is free, else after job 0.
            try BlockingPool.shared.forEach(nextRanges.isEmpty ? 1 : 2, width: 2, cancelled: GeoRasterError.cancelled(location: source.location)) {
                (job: Int) throws(GeoRasterError) in
                if job == 0 {
                    try runBatch(blocks: batch[...], band: band, shouldSkip: shouldSkip, isPartial: isPartial, consume: consume)
                } else {
                    // A failed prefetch is not fatal by itself: the blocks are fetched again on demand.
                    try? source.prefetch(nextRanges)
                }
            }
        }
    }

    /// `isPartial` tells which blocks the caller uses only in part: with ``edgeBlocks`` set, they
    /// are kept there after decoding, and every block is looked up there first.
    private func runBatch(blocks: ArraySlice<Block>, band: Int,
                          shouldSkip: ((Block) -> Bool)?,
                          isPartial: ((Block) -> Bool)?,
                          consume: (Block, UnsafeRawPointer?) throws(GeoRasterError) -> Void) throws(GeoRasterError) {
        let blocks = Array(blocks)
        let blockBytes = directory.blockBytes
        try BlockingPool.shared.workers(count: blocks.count, width: concurrency, cancelled: GeoRasterError.cancelled(location: pool.source.location)) {
            (nextJob) throws(GeoRasterError) in
            // One scratch buffer per thread for the whole run: no per-block allocation.
            let scratch = UnsafeMutableRawPointer.allocate(byteCount: max(blockBytes, 1), alignment: 16)
            defer { scratch.deallocate() }
            // Samples libtiff hands over narrower than their type are decoded here, then widened.
            let stored = directory.widening == nil && !directory.convertsToRGBA ? nil
                : UnsafeMutableRawPointer.allocate(byteCount: max(directory.storedBlockBytes, 1), alignment: 16)
            defer { stored?.deallocate() }
            while let job = nextJob() {
                let block = blocks[job]
                if shouldSkip?(block) ?? false { continue }
                // The cache key only when there is a cache: most reads keep no blocks.
                let key = edgeBlocks.map { _ in
                    EdgeBlockCache.Key(directory: directory.offset, block: directory.blockIndex(column: block.column, row: block.row, band: band))
                }
                if let key, let kept = edgeBlocks?.bytes(for: key) {
                    let outcome = kept.withUnsafeBytes { raw in Result { () throws(GeoRasterError) in try consume(block, raw.baseAddress) } }
                    try outcome.get()
                    continue
                }
                let decoded = try decode(block, band: band, into: scratch, stored: stored)
                if decoded, let edgeBlocks, let key, isPartial?(block) ?? false {
                    edgeBlocks.insert(Array(UnsafeRawBufferPointer(start: scratch, count: blockBytes)), for: key)
                }
                try consume(block, decoded ? UnsafeRawPointer(scratch) : nil)
            }
        }
    }

    /// Decodes one block into `scratch`; false when the block is sparse.
    private func decode(_ block: Block, band: Int, into scratch: UnsafeMutableRawPointer, stored: UnsafeMutableRawPointer?) throws(GeoRasterError) -> Bool {
        let index = directory.blockIndex(column: block.column, row: block.row, band: band)
        guard directory.blockByteCounts[index] > 0 else { return false }
        let size = tmsize_t(directory.storedBlockBytes)
        let target = stored ?? scratch
        let location = self.location
        let directory = self.directory
        if directory.compression == .lerc {
            try decodeLERC(block, index: index, into: scratch)
            return true
        }
        if directory.convertsToRGBA, let stored {
            try decodeRGBA(block, index: index, into: scratch, raster: stored)
            return true
        }
        try pool.withHandle(on: directory) { (handle) throws(GeoRasterError) in
            let got = directory.isTiled
                ? TIFFReadEncodedTile(handle.tiff, UInt32(index), target, size)
                : TIFFReadEncodedStrip(handle.tiff, UInt32(index), target, size)
            guard got >= 0 else {
                throw handle.failure { .decodeFailed(location: location, block: index, reason: $0) }
            }
            // The last strip may be shorter; libtiff returns only its rows.
            let rows = directory.isTiled ? directory.blockHeight : min(directory.blockHeight, directory.height - block.row * directory.blockHeight)
            if !directory.isTiled {
                let needed = rows * directory.storedRowBytes
                guard got >= needed else {
                    throw .decodeFailed(location: location, block: index, reason: "strip decoded to \(got) bytes, expected \(needed)")
                }
            } else if got < size {
                throw .decodeFailed(location: location, block: index, reason: "tile decoded to \(got) bytes, expected \(size)")
            }
            if let widening = directory.widening, let stored {
                widening.widen(stored, rows: rows, samples: directory.blockWidth * directory.samplesPerBlockPixel,
                               as: directory.dataType, into: scratch)
            }
            if directory.undoesPredictorItself {
                let rowSamples = directory.blockWidth * directory.samplesPerBlockPixel
                HorizontalDifferencing.undo(scratch, rows: Int(got) / (rowSamples * directory.dataType.byteCount), rowSamples: rowSamples,
                                            stride: directory.samplesPerBlockPixel, byteCount: directory.dataType.byteCount)
            }
        }
        return true
    }
}

extension BlockEngine {
    /// Decodes a block through libtiff's RGBA interface (8-bit CMYK and CIELab, as GDAL does):
    /// libtiff fills `raster` with one `uint32` per pixel, bytes R, G, B, A in memory on this
    /// little-endian host, rows bottom-up; they are copied top-down into `scratch`.
    private func decodeRGBA(_ block: Block, index: Int, into scratch: UnsafeMutableRawPointer, raster: UnsafeMutableRawPointer) throws(GeoRasterError) {
        let directory = self.directory, location = self.location
        let x = block.column * directory.blockWidth, y = block.row * directory.blockHeight
        // Tiles come back flipped over the whole tile height; strips over the rows they hold.
        let rows = directory.isTiled ? directory.blockHeight : min(directory.blockHeight, directory.height - y)
        let decodeWith = { (handle: TIFFHandle) throws(GeoRasterError) in
            let pixels = raster.assumingMemoryBound(to: UInt32.self)
            let ok = directory.isTiled
                ? TIFFReadRGBATile(handle.tiff, UInt32(x), UInt32(y), pixels)
                : TIFFReadRGBAStrip(handle.tiff, UInt32(y), pixels)
            guard ok == 1 else {
                throw handle.failure { .decodeFailed(location: location, block: index, reason: $0) }
            }
        }
        if directory.compression == .oldJPEG {
            try pool.withFreshHandle(on: directory, decodeWith)
        } else {
            try pool.withHandle(on: directory, decodeWith)
        }
        let rowBytes = directory.blockWidth * 4
        for row in 0..<rows {
            (scratch + row * rowBytes).copyMemory(from: raster + (rows - 1 - row) * rowBytes, byteCount: rowBytes)
        }
    }

    /// Decodes a LERC block from its bytes in the file with ``LERCBlockDecoder`` (not libtiff,
    /// whose 4.5 release rejects blocks newer writers produce).
    private func decodeLERC(_ block: Block, index: Int, into scratch: UnsafeMutableRawPointer) throws(GeoRasterError) {
        let count = directory.blockByteCounts[index], offset = directory.blockOffsets[index]
        // A compressed block larger than twice the decoded one (plus headers) is damage, not data.
        guard count <= UInt64(2 * directory.blockBytes + (1 << 20)) else {
            throw .decodeFailed(location: location, block: index, reason: "LERC block of \(count) bytes for \(directory.blockBytes) decoded bytes")
        }
        let compressed = UnsafeMutableRawBufferPointer.allocate(byteCount: Int(count), alignment: 16)
        defer { compressed.deallocate() }
        let got = try pool.source.read(into: compressed, at: offset)
        guard got == Int(count) else {
            throw .decodeFailed(location: location, block: index, reason: "LERC block at \(offset) is cut short: \(got) of \(count) bytes")
        }
        // Strips: the last one holds only the rows left; tiles are always whole.
        let rows = directory.isTiled ? directory.blockHeight : min(directory.blockHeight, directory.height - block.row * directory.blockHeight)
        let decoder = LERCBlockDecoder(secondStage: directory.lercSecondStage, dataType: directory.dataType,
                                       samplesPerPixel: directory.samplesPerBlockPixel)
        do {
            try decoder.decode(UnsafeRawBufferPointer(compressed), columns: directory.blockWidth, rows: rows, into: scratch)
        } catch {
            throw .decodeFailed(location: location, block: index, reason: error.reason)
        }
    }
}
