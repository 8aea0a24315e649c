import CPOSIX

/// The values of one strip of a ``CubeUnit``, every slot of its time block, laid out chunk by
/// chunk: each inner chunk of every `[time, y, x]` array is one contiguous run of the buffer,
/// so the encoder takes it as it is (no copy), and a slot's slice of a chunk is a contiguous
/// `rows × columns` run too.
///
/// Merging works on one slot at a time: ``block(slot:)`` gathers a slot's slice into a block,
/// ``store(_:slot:)`` scatters it back. Slots nothing was merged into are never copied: on a
/// new store they stay fill from the buffer's creation (one buffer serves all of a unit's
/// strips, and ``reset(to:)`` refills only the slices that were touched).
struct CubeUnitStrip {
    /// The strip's rectangle in cube pixels.
    private(set) var window: CubeWindow
    /// The slots held (time indices): the unit's slots on the time axis.
    let timeRange: Range<Int>
    let bands: [BandSpec]
    /// The first slot of the unit's time block (the buffers' time origin).
    let blockStart: Int
    /// Day slots in the unit's time block (the buffers' time extent).
    let blockDepth: Int
    /// The inner chunk shape `[t, y, x]`.
    let chunkShape: [Int]
    /// One buffer per array: the bands, then `absolute_orbit_number`, `relative_orbit_number`,
    /// `sensing_date`; each `[time chunk][chunk column][t][row][column]`.
    private(set) var values: [[UInt8]]
    /// Element size and fill value (native bytes) of each buffer.
    private let elements: [(size: Int, fill: [UInt8])]
    /// Slot slices (offsets from `blockStart`) that may hold something other than fill.
    private var touchedSlices: Set<Int> = []

    /// The metadata arrays' element types, in buffer order after the bands.
    static let metadataFills: [[UInt8]] = [
        withUnsafeBytes(of: Int32(CubeDefinition.metadataFill)) { Array($0) },
        withUnsafeBytes(of: Int16(CubeDefinition.metadataFill)) { Array($0) },
        withUnsafeBytes(of: CubeDefinition.metadataFill) { Array($0) },
    ]

    /// A strip over `window`, all fill.
    init(empty window: CubeWindow, timeRange: Range<Int>, blockStart: Int, blockDepth: Int, chunkShape: [Int], bands: [BandSpec]) {
        self.window = window
        self.timeRange = timeRange
        self.bands = bands
        self.blockStart = blockStart
        self.blockDepth = blockDepth
        self.chunkShape = chunkShape
        elements = bands.map { ($0.type.byteCount, $0.type.nativeBytes(of: $0.nodata ?? 0)) } + Self.metadataFills.map { ($0.count, $0) }
        let columns = (window.width + chunkShape[2] - 1) / chunkShape[2]
        let count = blockDepth * chunkShape[1] * columns * chunkShape[2]
        values = elements.map { SampleKernels.filledBytes(pattern: $0.fill, count: count) }
    }

    /// Inner chunks per strip row.
    var chunkColumns: Int { (window.width + chunkShape[2] - 1) / chunkShape[2] }
    /// Elements in one inner chunk.
    var chunkElements: Int { chunkShape.reduce(1, *) }

    /// The element offset of chunk (`timeChunk`, `column`) in every buffer.
    func chunkOffset(timeChunk: Int, column: Int) -> Int { (timeChunk * chunkColumns + column) * chunkElements }

    /// The element offset of slot offset `t` (from `blockStart`), row 0, in chunk column `column`.
    private func sliceOffset(_ t: Int, column: Int) -> Int {
        chunkOffset(timeChunk: t / chunkShape[0], column: column) + (t % chunkShape[0]) * chunkShape[1] * chunkShape[2]
    }

    /// Moves the strip to `window`, all fill again: in place when the shape is unchanged.
    mutating func reset(to window: CubeWindow) {
        guard window.width == self.window.width else {
            self = CubeUnitStrip(empty: window, timeRange: timeRange, blockStart: blockStart, blockDepth: blockDepth,
                                 chunkShape: chunkShape, bands: bands)
            return
        }
        self.window = window
        let plane = chunkShape[1] * chunkShape[2]
        let starts = touchedSlices.flatMap { t in (0..<chunkColumns).map { sliceOffset(t, column: $0) } }
        for index in values.indices {
            let (size, fill) = elements[index]
            // In place: the buffer is only borrowed here, never copied.
            values[index].withUnsafeMutableBytes { raw in
                for start in starts { SampleKernels.fill(raw.baseAddress! + start * size, pattern: fill, count: plane) }
            }
        }
        touchedSlices = []
    }

    /// Loads the store's values of the strip: `read(index, region)` gives array `index`'s values
    /// over `[timeRange, strip rows, strip columns]` in C order.
    mutating func load(_ read: (Int) async throws(CubeBuilderError) -> [UInt8]) async throws(CubeBuilderError) {
        for index in values.indices {
            let stored = try await read(index)
            let size = elements[index].size
            for t in timeRange {
                let slice = (t - timeRange.lowerBound) * window.pixelCount
                scatter(stored, from: slice, into: index, slot: t - blockStart, size: size)
            }
        }
        touchedSlices.formUnion(timeRange.map { $0 - blockStart })
    }

    /// Copies one slot's `rows × columns` plane (at element `from` of `plane`) into buffer `index`.
    private mutating func scatter(_ plane: [UInt8], from start: Int, into index: Int, slot t: Int, size: Int) {
        let width = chunkShape[2], height = window.height, total = window.width
        let columns = chunkColumns, offsets = (0..<columns).map { sliceOffset(t, column: $0) }
        values[index].withUnsafeMutableBytes { out in
            plane.withUnsafeBytes { source in
                for column in 0..<columns {
                    let run = min(width, total - column * width) * size
                    for row in 0..<height {
                        let from = (start + row * total + column * width) * size
                        let to = (offsets[column] + row * width) * size
                        out.baseAddress!.advanced(by: to).copyMemory(from: source.baseAddress!.advanced(by: from), byteCount: run)
                    }
                }
            }
        }
    }

    /// One slot's `rows × columns` plane of buffer `index`.
    private func gather(_ index: Int, slot t: Int) -> [UInt8] {
        let size = elements[index].size, width = chunkShape[2], height = window.height, total = window.width
        return [UInt8](unsafeUninitializedCapacity: window.pixelCount * size) { out, initialized in
            let target = UnsafeMutableRawPointer(out.baseAddress!)
            values[index].withUnsafeBytes { source in
                for column in 0..<chunkColumns {
                    let run = min(width, total - column * width) * size
                    let base = sliceOffset(t, column: column)
                    for row in 0..<height {
                        target.advanced(by: (row * total + column * width) * size)
                            .copyMemory(from: source.baseAddress!.advanced(by: (base + row * width) * size), byteCount: run)
                    }
                }
            }
            initialized = window.pixelCount * size
        }
    }

    /// `slot`'s slice as a block to merge into.
    func block(slot: DaySlot) -> CubeBlock {
        let t = slot.index - blockStart
        precondition(timeRange.contains(slot.index), "slot \(slot) is not in the strip's time block \(timeRange)")
        let empty = CubeBlock(window: window, bandTypes: bands.map { ($0.type, $0.nodata) })
        guard touchedSlices.contains(t) else { return empty }
        let sensing = Self.typed(gather(bands.count + 2, slot: t), as: Int64.self)
        // Nothing owned: any band values there come from an interrupted write and are
        // rewritten identically, so start from fill (as one-day blocks do).
        guard sensing.contains(where: { $0 != CubeDefinition.metadataFill }) else { return empty }
        let planes = bands.enumerated().map { index, band in BandPlane(type: band.type, nodata: band.nodata, bytes: gather(index, slot: t)) }
        return CubeBlock(window: window, bands: planes, sensingDate: sensing,
                         absoluteOrbit: Self.typed(gather(bands.count, slot: t), as: Int32.self),
                         relativeOrbit: Self.typed(gather(bands.count + 1, slot: t), as: Int16.self))
    }

    /// Puts `block`, merged, back as `slot`'s slice.
    mutating func store(_ block: CubeBlock, slot: DaySlot) {
        let t = slot.index - blockStart
        touchedSlices.insert(t)
        for (index, plane) in block.bands.enumerated() { scatter(plane.bytes, from: 0, into: index, slot: t, size: elements[index].size) }
        scatter(Self.bytes(block.absoluteOrbit), from: 0, into: bands.count, slot: t, size: 4)
        scatter(Self.bytes(block.relativeOrbit), from: 0, into: bands.count + 1, slot: t, size: 2)
        scatter(Self.bytes(block.sensingDate), from: 0, into: bands.count + 2, slot: t, size: 8)
    }

    private static func bytes<T: BitwiseCopyable>(_ values: [T]) -> [UInt8] { values.withUnsafeBytes { Array($0) } }

    private static func typed<T: BitwiseCopyable>(_ bytes: [UInt8], as: T.Type) -> [T] {
        [T](unsafeUninitializedCapacity: bytes.count / MemoryLayout<T>.stride) { out, initialized in
            bytes.withUnsafeBytes { UnsafeMutableRawBufferPointer(out).copyMemory(from: $0) }
            initialized = bytes.count / MemoryLayout<T>.stride
        }
    }
}
