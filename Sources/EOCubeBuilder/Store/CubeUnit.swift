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
    /// The strips the unit is built in, top to bottom.
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

    init(location: String, bands: [BandSpec], arrays: [ZarrArray], timeRange: Range<Int>, window: CubeWindow,
         stripHeight: Int, holdsData: Bool, shard: [Int]?) throws(CubeBuilderError) {
        self.location = location
        self.bands = bands
        self.arrays = arrays
        self.timeRange = timeRange
        self.window = window
        self.holdsData = holdsData
        strips = stride(from: window.row, to: window.endRow, by: stripHeight).map {
            CubeWindow(row: $0, column: window.column, height: min(stripHeight, window.endRow - $0), width: window.width)
        }
        strip = CubeUnitStrip(empty: strips[0], timeRange: timeRange, bands: bands)
        guard let shard else {
            writers = nil
            return
        }
        var writers: [ZarrShardWriter] = []
        do {
            for array in arrays { writers.append(try ZarrShardWriter(array: array, shard: shard)) }
        } catch {
            throw .store(path: location, reason: "cannot start writing unit \(window) of slots \(timeRange): \(error)")
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
        do throws(ZarrError) {
            for index in bands.indices { try await arrays[index].readBytes(region: region, into: &strip.bandValues[index]) }
            try await arrays[bands.count].read(region: region, into: &strip.absoluteOrbit)
            try await arrays[bands.count + 1].read(region: region, into: &strip.relativeOrbit)
            try await arrays[bands.count + 2].read(region: region, into: &strip.sensingDate)
        } catch {
            throw .store(path: location, reason: "cannot read \(window) of slots \(timeRange): \(error)")
        }
        strip.markLoaded()
    }

    /// Streams the merged ``strip`` into the unit's new files (an unsharded unit keeps its one
    /// strip until ``commit()``).
    func writeStrip() throws(CubeBuilderError) {
        guard let writers else {
            pending = true
            return
        }
        let region = region(strip.window)
        do {
            for (index, values) in strip.bandValues.enumerated() {
                let written: Result<Void, ZarrError> = values.withUnsafeBytes { raw in
                    do throws(ZarrError) { return .success(try writers[index].write(raw, region: region)) } catch { return .failure(error) }
                }
                try written.get()
            }
            try writers[bands.count].write(strip.absoluteOrbit, region: region)
            try writers[bands.count + 1].write(strip.relativeOrbit, region: region)
            try writers[bands.count + 2].write(strip.sensingDate, region: region)
        } catch {
            throw .store(path: location, reason: "cannot write \(strip.window) of slots \(timeRange): \(error)")
        }
    }

    /// Publishes the unit's new files, `sensing_date` last.
    func commit() async throws(CubeBuilderError) {
        do {
            if let writers {
                for writer in writers { try writer.finish() }
            } else if pending {
                let region = region(strip.window)
                // One chunk, covered whole: written without reading the old one.
                for (index, values) in strip.bandValues.enumerated() { try await arrays[index].writeBytes(values, region: region) }
                try await arrays[bands.count].write(strip.absoluteOrbit, region: region)
                try await arrays[bands.count + 1].write(strip.relativeOrbit, region: region)
                try await arrays[bands.count + 2].write(strip.sensingDate, region: region)
            }
        } catch {
            abort()
            throw .store(path: location, reason: "cannot write unit \(window) of slots \(timeRange): \(error)")
        }
    }

    /// Drops what was written; the store keeps the unit's old files (those not yet published).
    func abort() {
        writers?.forEach { $0.abort() }
        pending = false
    }
}
