import Synchronization
import SystemSupport

/// The bounding box of a band's valid (non-nodata) pixels.
extension RasterDataset {
    /// The smallest window holding every pixel of `band` that is not nodata, nil when there is none.
    ///
    /// Sparse blocks (byte count 0) are skipped without reading; blocks are visited from the
    /// image edges inwards and a block already inside the box found so far is not decoded.
    /// Without a nodata value every pixel is valid and the whole image is returned.
    public func validDataBoundingBox(band: Int = 1) async throws(GeoRasterError) -> PixelWindow? {
        try await onPool { () throws(GeoRasterError) -> PixelWindow? in try self.validDataBoundingBoxBlocking(band: band) }
    }

    /// ``validDataBoundingBox(band:)`` on the calling thread.
    public func validDataBoundingBoxBlocking(band: Int = 1) throws(GeoRasterError) -> PixelWindow? {
        try checkBand(band)
        let directory = directories[0]
        guard let nodata = bands[band - 1].nodata else { return directory.level.fullWindow }
        switch dataType {
        case .uint8: return try validBox(UInt8.self, band: band, nodata: nodata, directory: directory)
        case .int8: return try validBox(Int8.self, band: band, nodata: nodata, directory: directory)
        case .uint16: return try validBox(UInt16.self, band: band, nodata: nodata, directory: directory)
        case .int16: return try validBox(Int16.self, band: band, nodata: nodata, directory: directory)
        case .uint32: return try validBox(UInt32.self, band: band, nodata: nodata, directory: directory)
        case .int32: return try validBox(Int32.self, band: band, nodata: nodata, directory: directory)
        case .float32: return try validBox(Float.self, band: band, nodata: nodata, directory: directory)
        case .float64: return try validBox(Double.self, band: band, nodata: nodata, directory: directory)
        }
    }

    private func validBox<T: RasterScalar>(_: T.Type, band: Int, nodata: Double, directory: ImageDirectory) throws(GeoRasterError) -> PixelWindow? {
        // A nodata value the type cannot hold matches no pixel: every pixel is valid.
        guard let sentinel = T(nodataValue: nodata) else { return directory.level.fullWindow }
        // Blocks decoded here are kept (with `edgeBlockCacheCapacity`) for the reads that follow:
        // the box is usually looked for right before the data is read.
        let engine = BlockEngine(pool: pool, directory: directory, concurrency: options.concurrency, edgeBlocks: edgeBlocks)
        let full = directory.level.fullWindow
        // Outermost blocks first, so the box grows to its final size early and inner blocks are
        // skipped; within a ring its four corners first: when they hold data the box spans the
        // ring at once and the ring's other blocks are skipped without decoding.
        let blocks = engine.blocks(in: full).filter {
            directory.blockByteCounts[directory.blockIndex(column: $0.column, row: $0.row, band: band - 1)] > 0
        }.sorted { a, b in
            func ring(_ block: BlockEngine.Block) -> Int {
                min(block.column, directory.blocksAcross - 1 - block.column, block.row, directory.blocksDown - 1 - block.row)
            }
            func edgeOrder(_ block: BlockEngine.Block) -> Int {
                let r = ring(block)
                let cornerRow = block.row == r || block.row == directory.blocksDown - 1 - r
                let cornerColumn = block.column == r || block.column == directory.blocksAcross - 1 - r
                return cornerRow && cornerColumn ? 0 : 1
            }
            // Otherwise keep file order, so neighbouring blocks merge into one request.
            return (ring(a), edgeOrder(a), a.row, a.column) < (ring(b), edgeOrder(b), b.row, b.column)
        }
        let box = Mutex<PixelWindow?>(nil)
        let samples = directory.samplesPerBlockPixel
        let sampleOffset = samples == 1 ? 0 : band - 1
        try engine.run(blocks: blocks, band: band - 1, shouldSkip: { block in
            let extent = directory.blockWindow(column: block.column, row: block.row)
            return box.withLock { $0?.contains(extent) ?? false }
        }, isPartial: { _ in true }) { block, data in
            guard let data else { return }
            let extent = directory.blockWindow(column: block.column, row: block.row)
            var minX = Int.max, minY = Int.max, maxX = -1, maxY = -1
            let values = data.assumingMemoryBound(to: T.self)
            for row in 0..<extent.height {
                let rowStart = row * directory.blockWidth * samples + sampleOffset
                var first = -1, last = -1
                for column in 0..<extent.width where !values[rowStart + column * samples].isNodata(sentinel) {
                    first = column
                    break
                }
                guard first >= 0 else { continue }
                var column = extent.width - 1
                while column >= first {
                    if !values[rowStart + column * samples].isNodata(sentinel) { last = column; break }
                    column -= 1
                }
                minY = min(minY, row); maxY = row
                minX = min(minX, first); maxX = max(maxX, last)
            }
            guard maxY >= 0 else { return }
            let found = PixelWindow(x: extent.x + minX, y: extent.y + minY, width: maxX - minX + 1, height: maxY - minY + 1)
            box.withLock { $0 = $0.map { $0.union(found) } ?? found }
        }
        return box.withLock { $0 }
    }
}
