/// The values of one strip of a ``CubeUnit``, every slot of its time block: the bands and
/// metadata as `[slot, row, column]` arrays, C order.
///
/// One strip buffer serves all of a unit's strips: refilling it in place spares the page
/// faults of a fresh 100 MB allocation per strip, and a slot slice that was never merged into
/// (most of a time block, on a new store) is still fill and not written again.
struct CubeUnitStrip {
    /// The strip's rectangle in cube pixels.
    private(set) var window: CubeWindow
    /// The slots held (time indices).
    let timeRange: Range<Int>
    let bands: [BandSpec]
    /// One `[slot, row, column]` array of raw native-endian values per band.
    var bandValues: [[UInt8]]
    var sensingDate: [Int64]
    var absoluteOrbit: [Int32]
    var relativeOrbit: [Int16]
    /// Slot slices (offsets in `timeRange`) that may hold something other than fill.
    private var touchedSlices: Set<Int> = []

    /// A strip over `window`, all fill.
    init(empty window: CubeWindow, timeRange: Range<Int>, bands: [BandSpec]) {
        self.window = window
        self.timeRange = timeRange
        self.bands = bands
        let count = window.pixelCount * timeRange.count
        bandValues = bands.map { BandPlane(type: $0.type, nodata: $0.nodata, pixelCount: count).bytes }
        sensingDate = [Int64](repeating: CubeDefinition.metadataFill, count: count)
        absoluteOrbit = [Int32](repeating: Int32(CubeDefinition.metadataFill), count: count)
        relativeOrbit = [Int16](repeating: Int16(CubeDefinition.metadataFill), count: count)
    }

    /// Moves the strip to `window`, all fill again: in place when the size is unchanged.
    mutating func reset(to window: CubeWindow) {
        guard window.pixelCount == self.window.pixelCount else {
            self = CubeUnitStrip(empty: window, timeRange: timeRange, bands: bands)
            return
        }
        self.window = window
        for slice in touchedSlices {
            let range = elements(ofSlice: slice)
            for (index, band) in bands.enumerated() {
                let fill = BandPlane(type: band.type, nodata: band.nodata, pixelCount: range.count).bytes
                bandValues[index].replaceSubrange((range.lowerBound * band.type.byteCount)..<(range.upperBound * band.type.byteCount), with: fill)
            }
            sensingDate.replaceSubrange(range, with: repeatElement(CubeDefinition.metadataFill, count: range.count))
            absoluteOrbit.replaceSubrange(range, with: repeatElement(Int32(CubeDefinition.metadataFill), count: range.count))
            relativeOrbit.replaceSubrange(range, with: repeatElement(Int16(CubeDefinition.metadataFill), count: range.count))
        }
        touchedSlices = []
    }

    /// Marks every slice as possibly holding data (the store's values were read into the buffers).
    mutating func markLoaded() {
        touchedSlices = Set(0..<timeRange.count)
    }

    private func elements(ofSlice slice: Int) -> Range<Int> {
        let start = slice * window.pixelCount
        return start..<(start + window.pixelCount)
    }

    /// The element range of `slot`'s slice in the `[slot, row, column]` arrays.
    private func slice(_ slot: DaySlot) -> Range<Int> {
        precondition(timeRange.contains(slot.index), "slot \(slot) is not in the strip's time block \(timeRange)")
        return elements(ofSlice: slot.index - timeRange.lowerBound)
    }

    /// `slot`'s slice as a block to merge into.
    func block(slot: DaySlot) -> CubeBlock {
        let range = slice(slot)
        guard touchedSlices.contains(slot.index - timeRange.lowerBound),
              sensingDate[range].contains(where: { $0 != CubeDefinition.metadataFill }) else {
            // Nothing owned: any band values there come from an interrupted write and are
            // rewritten identically, so start from fill (as one-day blocks do).
            return CubeBlock(window: window, bandTypes: bands.map { ($0.type, $0.nodata) })
        }
        let planes = zip(bands, bandValues).map { band, values in
            BandPlane(type: band.type, nodata: band.nodata,
                      bytes: Array(values[(range.lowerBound * band.type.byteCount)..<(range.upperBound * band.type.byteCount)]))
        }
        return CubeBlock(window: window, bands: planes, sensingDate: Array(sensingDate[range]),
                         absoluteOrbit: Array(absoluteOrbit[range]), relativeOrbit: Array(relativeOrbit[range]))
    }

    /// Puts `block`, merged, back as `slot`'s slice.
    mutating func store(_ block: CubeBlock, slot: DaySlot) {
        let range = slice(slot)
        touchedSlices.insert(slot.index - timeRange.lowerBound)
        for (index, plane) in block.bands.enumerated() {
            let size = bands[index].type.byteCount
            bandValues[index].replaceSubrange((range.lowerBound * size)..<(range.upperBound * size), with: plane.bytes)
        }
        sensingDate.replaceSubrange(range, with: block.sensingDate)
        absoluteOrbit.replaceSubrange(range, with: block.absoluteOrbit)
        relativeOrbit.replaceSubrange(range, with: block.relativeOrbit)
    }
}
