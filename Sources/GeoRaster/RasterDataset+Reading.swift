import CPOSIX
/// Window reads: decode only the blocks a window touches, in parallel, into the caller's memory.
extension RasterDataset {
    // MARK: Async

    /// Reads a window of one band as a typed array in row-major order (`window.height` rows of `window.width`).
    ///
    /// - Parameters:
    ///   - band: band number, 1-based as in GDAL.
    ///   - window: the pixels to read, in the grid of the chosen level; nil reads the whole level.
    ///   - overview: nil for full resolution, else the 0-based overview index (GDAL's order).
    ///   - type: the Swift type matching ``dataType`` (e.g. `Int16.self` for int16 files).
    public func read<T: RasterScalar>(band: Int = 1, window: PixelWindow? = nil, overview: Int? = nil, as type: T.Type = T.self) async throws(GeoRasterError) -> [T] {
        try await onPool { () throws(GeoRasterError) -> [T] in
            try self.readBlocking(band: band, window: window, overview: overview, as: type)
        }
    }

    /// Reads a window of one band into caller memory, packed row-major with ``dataType``'s
    /// native-endian layout; the buffer must hold at least `window.pixelCount * dataType.byteCount` bytes.
    public func read(band: Int = 1, window: PixelWindow? = nil, overview: Int? = nil, into buffer: UnsafeMutableRawBufferPointer) async throws(GeoRasterError) {
        // The caller keeps the buffer alive and untouched until this returns.
        nonisolated(unsafe) let buffer = buffer
        try await onPool { () throws(GeoRasterError) in
            try self.readBlocking(band: band, window: window, overview: overview, into: buffer)
        }
    }

    /// Reads a window of one band as raw bytes, packed row-major with ``dataType``'s
    /// native-endian layout (`window.pixelCount * dataType.byteCount` bytes), for callers that
    /// handle every data type alike.
    public func readBytes(band: Int = 1, window: PixelWindow? = nil, overview: Int? = nil) async throws(GeoRasterError) -> [UInt8] {
        try await onPool { () throws(GeoRasterError) -> [UInt8] in
            let (window, directory) = try self.checkedWindow(window, overview: overview)
            return try self.readNew(UInt8.self, count: window.pixelCount * self.dataType.byteCount, band: band, window: window, directory: directory)
        }
    }

    // MARK: Blocking

    /// ``read(band:window:overview:as:)`` on the calling thread.
    public func readBlocking<T: RasterScalar>(band: Int = 1, window: PixelWindow? = nil, overview: Int? = nil, as type: T.Type = T.self) throws(GeoRasterError) -> [T] {
        guard T.rasterDataType == dataType else {
            throw .dataTypeMismatch(location: location, fileType: dataType, requested: T.rasterDataType)
        }
        let (window, directory) = try checkedWindow(window, overview: overview)
        return try readNew(T.self, count: window.pixelCount, band: band, window: window, directory: directory)
    }

    /// ``read(band:window:overview:into:)`` on the calling thread.
    public func readBlocking(band: Int = 1, window: PixelWindow? = nil, overview: Int? = nil, into buffer: UnsafeMutableRawBufferPointer) throws(GeoRasterError) {
        let directory = try self.directory(overview: overview)
        let window = try validate(window ?? directory.level.fullWindow, in: directory)
        let needed = window.pixelCount * dataType.byteCount
        guard buffer.count >= needed, buffer.baseAddress != nil else { throw .bufferTooSmall(needed: needed, given: buffer.count) }
        try readValidated(band: band, window: window, directory: directory, into: buffer)
    }

    // MARK: Plumbing

    /// The level of `overview` and `window` in it (nil: all of it), checked against the level and
    /// against ``RasterOpenOptions/maxReadBytes`` before anything is allocated.
    private func checkedWindow(_ window: PixelWindow?, overview: Int?) throws(GeoRasterError) -> (PixelWindow, ImageDirectory) {
        let directory = try self.directory(overview: overview)
        let window = try validate(window ?? directory.level.fullWindow, in: directory)
        let bytes = window.pixelCount.multipliedReportingOverflow(by: dataType.byteCount)
        guard !bytes.overflow, bytes.partialValue <= options.maxReadBytes else {
            throw .tooLarge(location: location, reason: "window \(window) needs more than \(options.maxReadBytes) bytes")
        }
        return (window, directory)
    }

    /// A new array of `count` trivial elements holding the window's pixels (`count` elements fill exactly
    /// `window.pixelCount * dataType.byteCount` bytes), advised to use huge pages when large.
    private func readNew<Element>(_: Element.Type, count: Int, band: Int, window: PixelWindow,
                                                   directory: ImageDirectory) throws(GeoRasterError) -> [Element] {
        var outcome: Result<Void, GeoRasterError> = .success(())
        let values = [Element](unsafeUninitializedCapacity: count) { storage, initialized in
            eocube_advise_huge_pages(storage.baseAddress, count * MemoryLayout<Element>.stride)
            // Trivial element types: on failure the array is discarded, never returned.
            outcome = Result { () throws(GeoRasterError) in
                try self.readValidated(band: band, window: window, directory: directory, into: UnsafeMutableRawBufferPointer(storage))
            }
            initialized = count
        }
        try outcome.get()
        return values
    }

    func directory(overview: Int?) throws(GeoRasterError) -> ImageDirectory {
        guard let overview else { return directories[0] }
        guard overview >= 0, overview < directories.count - 1 else {
            throw .overviewOutOfRange(location: location, overview: overview, overviewCount: directories.count - 1)
        }
        return directories[overview + 1]
    }

    func validate(_ window: PixelWindow, in directory: ImageDirectory) throws(GeoRasterError) -> PixelWindow {
        // Written so that no sum or product can overflow, whatever the caller passes.
        guard window.x >= 0, window.y >= 0, window.width > 0, window.height > 0,
              window.x < directory.width, window.y < directory.height,
              window.width <= directory.width - window.x, window.height <= directory.height - window.y else {
            throw .windowOutOfBounds(location: location, window: window, width: directory.width, height: directory.height)
        }
        let bytes = window.width.multipliedReportingOverflow(by: window.height)
        guard !bytes.overflow, !bytes.partialValue.multipliedReportingOverflow(by: dataType.byteCount).overflow else {
            throw .tooLarge(location: location, reason: "window \(window) holds too many pixels")
        }
        return window
    }

    func checkBand(_ band: Int) throws(GeoRasterError) {
        guard band >= 1, band <= bandCount else { throw .bandOutOfRange(location: location, band: band, bandCount: bandCount) }
    }

    private func readValidated(band: Int, window: PixelWindow, directory: ImageDirectory, into buffer: UnsafeMutableRawBufferPointer) throws(GeoRasterError) {
        try checkBand(band)
        guard let output = buffer.baseAddress else { return }
        let engine = BlockEngine(pool: pool, directory: directory, concurrency: options.concurrency, edgeBlocks: edgeBlocks)
        let copier = BlockCopier(directory: directory, band: band - 1, nodata: bands[band - 1].nodata)
        let isPartial = { (block: BlockEngine.Block) in !window.contains(directory.blockWindow(column: block.column, row: block.row)) }
        try engine.run(blocks: engine.blocks(in: window), band: band - 1, isPartial: isPartial) { block, data in
            copier.copy(block: block, data: data, window: window, to: output)
        }
    }
}
