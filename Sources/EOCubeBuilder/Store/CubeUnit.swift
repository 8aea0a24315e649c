import ZarrStore

/// One write unit of a cube with time blocks longer than a day slot, being rewritten: a time
/// block × shard (or × chunk without sharding) of every `[time, y, x]` array.
///
/// The unit is read and written in strips of inner-chunk rows (``strips``): ``read(_:)`` gives
/// the values the store holds for a strip, all of the block's slots; ``write(_:)`` streams the
/// merged strip into the new files; ``commit()`` publishes them, band and orbit files first and
/// `sensing_date` last (it marks ownership, so after a crash in between a re-run merges the
/// unit again, identically). Until then the store keeps the old files.
final class CubeUnit {
    /// The unit's day slots that exist on the time axis.
    let timeRange: Range<Int>
    /// The unit's rectangle in cube pixels.
    let window: CubeWindow
    /// The strips the unit is built in, top to bottom (and left to right when narrower than the unit).
    let strips: [CubeWindow]
    private let location: String
    private let bands: [BandSpec]
    /// The band arrays, then `absolute_orbit_number`, `relative_orbit_number`, `sensing_date`.
    private let arrays: [ZarrArray]
    /// Whether the store may hold owned pixels in the unit (its `sensing_date` file exists).
    private let holdsData: Bool
    /// One streaming writer per array (sharded arrays), in `arrays` order.
    private let writers: [ZarrShardWriter]?
    /// The strip being merged: ``load(_:)`` fills it, the caller merges into it, ``writeStrip()``
    /// streams it out. One buffer for all strips (see ``CubeUnitStrip``).
    var strip: CubeUnitStrip
    /// Whether an unsharded unit's one strip (its chunk) waits for ``commit()``.
    private var pending = false

    /// The unit's grid coordinates: its shard, or without sharding its chunk.
    private let unit: [Int]
    private let sharded: Bool

    init(location: String, bands: [BandSpec], arrays: [ZarrArray], timeRange: Range<Int>, blockStart: Int, blockDepth: Int,
         window: CubeWindow, chunkShape: [Int], stripWidth: Int, holdsData: Bool, unit: [Int], sharded: Bool) throws(CubeBuilderError) {
        self.unit = unit
        self.sharded = sharded
        self.location = location
        self.bands = bands
        self.arrays = arrays
        self.timeRange = timeRange
        self.window = window
        self.holdsData = holdsData
        // Unsharded, the unit is one chunk: one strip. Sharded, strips are rows of inner chunks,
        // cut into pieces `stripWidth` wide when a whole row does not fit the memory budget.
        let stripHeight = sharded ? chunkShape[1] : window.height
        let width = sharded ? max(chunkShape[2], stripWidth) : window.width
        strips = stride(from: window.row, to: window.endRow, by: stripHeight).flatMap { row in
            stride(from: window.column, to: window.endColumn, by: width).map {
                CubeWindow(row: row, column: $0, height: min(stripHeight, window.endRow - row), width: min(width, window.endColumn - $0))
            }
        }
        strip = CubeUnitStrip(empty: strips[0], timeRange: timeRange, blockStart: blockStart, blockDepth: blockDepth,
                              chunkShape: chunkShape, bands: bands)
        guard sharded else {
            writers = nil
            return
        }
        var writers: [ZarrShardWriter] = []
        do {
            for array in arrays { writers.append(try ZarrShardWriter(array: array, shard: unit)) }
        } catch {
            throw .store(path: location, reason: "cannot start writing unit \(window) of slots \(timeRange)", cause: .wrapping(error))
        }
        self.writers = writers
    }

    private func region(_ strip: CubeWindow) -> [Range<Int>] {
        [timeRange, strip.row..<strip.endRow, strip.column..<strip.endColumn]
    }

    /// Loads into ``strip`` what the store holds for `window` (fill where nothing is stored).
    func load(_ window: CubeWindow) async throws(CubeBuilderError) {
        strip.reset(to: window)
        guard holdsData else { return }
        let region = region(window)
        let arrays = arrays, location = location, timeRange = timeRange
        try await strip.load { (index) async throws(CubeBuilderError) -> [UInt8] in
            do { return try await arrays[index].readBytes(region: region) } catch {
                throw .store(path: location, reason: "cannot read \(window) of slots \(timeRange)", cause: .wrapping(error))
            }
        }
    }

    /// Streams the merged ``strip`` into the unit's new files: its inner chunks, as laid out in
    /// the strip (an unsharded unit's one chunk waits for ``commit()``).
    func writeStrip() throws(CubeBuilderError) {
        guard let writers else {
            pending = true
            return
        }
        let chunkShape = strip.chunkShape
        let timeChunks = (0..<(strip.blockDepth / chunkShape[0])).filter { strip.blockStart + $0 * chunkShape[0] < timeRange.upperBound }
        do {
            for (index, writer) in writers.enumerated() {
                let size = arrays[index].dataType.byteCount
                let written: Result<Void, ZarrError> = strip.values[index].withUnsafeBytes { raw in
                    var chunks: [ZarrShardWriter.WholeChunk] = []
                    for timeChunk in timeChunks {
                        for column in 0..<strip.chunkColumns {
                            let start = strip.chunkOffset(timeChunk: timeChunk, column: column) * size
                            chunks.append(.init(origin: [strip.blockStart + timeChunk * chunkShape[0], strip.window.row,
                                                         strip.window.column + column * chunkShape[2]],
                                                bytes: UnsafeRawBufferPointer(rebasing: raw[start..<(start + strip.chunkElements * size)])))
                        }
                    }
                    do throws(ZarrError) { return .success(try writer.write(chunks: chunks)) } catch { return .failure(error) }
                }
                try written.get()
            }
        } catch {
            throw .store(path: location, reason: "cannot write \(strip.window) of slots \(timeRange)", cause: .wrapping(error))
        }
    }

    /// Publishes the unit's new files, `sensing_date` last.
    func commit() async throws(CubeBuilderError) {
        do throws(ZarrError) {
            if let writers {
                for writer in writers { try writer.finish() }
            } else if pending {
                // One chunk, encoded from the strip as it lies (the strip is the whole chunk).
                for (index, array) in arrays.enumerated() {
                    let written: Result<Void, ZarrError> = strip.values[index].withUnsafeBytes { raw in
                        do throws(ZarrError) { return .success(try array.writeChunk(at: unit, bytes: raw)) } catch { return .failure(error) }
                    }
                    try written.get()
                }
            }
        } catch {
            abort()
            throw .store(path: location, reason: "cannot write unit \(window) of slots \(timeRange)", cause: .wrapping(error))
        }
    }

    /// Drops what was written; the store keeps the unit's old files (those not yet published).
    func abort() {
        writers?.forEach { $0.abort() }
        pending = false
    }
}
