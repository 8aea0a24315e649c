/// One day slot of a rectangle of the cube held in memory: every band and metadata array.
///
/// The fill-only merge happens here. A pixel is owned once its `sensing_date` is set; an
/// acquisition merged later only takes pixels that are still unowned and where it has a valid
/// value in any band. Merging acquisitions in ascending `(datetime, item id)` order therefore
/// gives each pixel to the first acquisition with data, as CUBE_LAYOUT.md requires, and merging
/// the same acquisition twice changes nothing.
public struct CubeBlock: Sendable {
    /// The block's rectangle in cube pixels.
    public let window: CubeWindow
    /// One plane per band, in the cube's band order.
    public var bands: [BandPlane]
    /// `sensing_date` values (fill −9999 = unowned).
    public private(set) var sensingDate: [Int64]
    /// `absolute_orbit_number` values.
    public private(set) var absoluteOrbit: [Int32]
    /// `relative_orbit_number` values.
    public private(set) var relativeOrbit: [Int16]
    /// How many pixels merges have taken so far (0 = nothing to write).
    public private(set) var takenPixels = 0
    /// Per block row, how many of its pixels are still unowned: ``unownedBounds(within:)``
    /// passes over wholly owned rows (most, once a day's first acquisition is in) unread.
    private var unownedPerRow: [Int]
    /// Ownership per store chunk (nil: not tracked, as for blocks read back from the store).
    private var chunkOwnership: ChunkOwnership?
    /// The stamps merges have applied, in order; `chunkOwnership` refers to them by index.
    private var stamps: [PixelStamp] = []

    /// An empty block (all fill) that also tracks which of the store's `chunkShape` (y, x)
    /// chunks end up holding one metadata value (``uniformMetadataChunks``).
    init(window: CubeWindow, bandTypes: [(CubeSampleType, Double?)], chunkShape: [Int]) {
        self.init(window: window, bandTypes: bandTypes)
        chunkOwnership = ChunkOwnership(window: window, chunkShape: chunkShape)
    }

    /// The chunks of the block whose metadata arrays hold one value each (empty when not tracked).
    var uniformMetadataChunks: [ChunkOwnership.UniformChunk] {
        chunkOwnership?.uniformChunks(stamps: stamps) ?? []
    }

    /// An empty block (all fill) with the given band types.
    public init(window: CubeWindow, bandTypes: [(CubeSampleType, Double?)]) {
        self.window = window
        let count = window.pixelCount
        bands = bandTypes.map { BandPlane(type: $0.0, nodata: $0.1, pixelCount: count) }
        sensingDate = SampleKernels.filled(CubeDefinition.metadataFill, count: count)
        absoluteOrbit = SampleKernels.filled(Int32(CubeDefinition.metadataFill), count: count)
        relativeOrbit = SampleKernels.filled(Int16(CubeDefinition.metadataFill), count: count)
        unownedPerRow = [Int](repeating: window.width, count: window.height)
    }

    /// A block over values read from the store.
    public init(window: CubeWindow, bands: [BandPlane], sensingDate: [Int64], absoluteOrbit: [Int32], relativeOrbit: [Int16]) {
        self.window = window
        self.bands = bands
        self.sensingDate = sensingDate
        self.absoluteOrbit = absoluteOrbit
        self.relativeOrbit = relativeOrbit
        let width = window.width
        unownedPerRow = (0..<window.height).map { row in
            sensingDate[(row * width)..<((row + 1) * width)].reduce(0) { $0 + ($1 == CubeDefinition.metadataFill ? 1 : 0) }
        }
    }

    /// The smallest window holding every pixel of `region` that no acquisition owns yet, or nil
    /// when all of it is owned. An acquisition can only take such pixels, so the builder reads
    /// no more of it than this: later acquisitions of a day that overlap earlier ones, and items
    /// re-ingested into filled slots, skip most of their decoding.
    public func unownedBounds(within region: CubeWindow) -> CubeWindow? {
        guard let region = window.intersection(region) else { return nil }
        let fill = CubeDefinition.metadataFill
        var top = Int.max, bottom = -1, left = Int.max, right = -1
        sensingDate.withUnsafeBufferPointer { sensing in
            guard let base = sensing.baseAddress else { return }
            for r in 0..<region.height {
                let row = base + ((region.row - window.row + r) * window.width + (region.column - window.column))
                guard unownedPerRow[region.row - window.row + r] > 0 else { continue }
                var first = -1
                for c in 0..<region.width where row[c] == fill { first = c; break }
                guard first >= 0 else { continue }
                var last = first
                for c in stride(from: region.width - 1, to: first, by: -1) where row[c] == fill { last = c; break }
                top = min(top, r)
                bottom = r
                left = min(left, first)
                right = max(right, last)
            }
        }
        guard bottom >= 0 else { return nil }
        return CubeWindow(row: region.row + top, column: region.column + left, height: bottom - top + 1, width: right - left + 1)
    }

    /// Merges an acquisition fill-only and returns how many pixels it took.
    ///
    /// The patch's band planes must have the block's band types; pixels of the patch outside
    /// the block are ignored.
    @discardableResult
    public mutating func merge(_ patch: AcquisitionPatch) -> Int {
        guard let overlap = window.intersection(patch.window), patch.bands.count == bands.count else { return 0 }
        // 1. Which patch pixels have a valid value in any band.
        var valid = SampleKernels.filled(UInt8(0), count: overlap.pixelCount)
        for plane in patch.bands {
            guard let plane, plane.pixelCount == patch.window.pixelCount else { continue }
            SampleKernels.markValid(plane, source: patch.window, region: overlap, into: &valid)
        }
        // 2. Of those, the ones still unowned here: claim them, a run of adjacent pixels at a
        //    time. Valid data comes in long runs (swath interiors), so stamping the metadata and
        //    copying the owner's bands run by run is a few fills and memcpys per row instead of
        //    per-pixel selects over every array.
        let fill = CubeDefinition.metadataFill
        let absolute = patch.absoluteOrbit ?? Int32(fill), relative = patch.relativeOrbit ?? Int16(fill)
        let seconds = patch.sensingSeconds
        let stamp = PixelStamp(sensingSeconds: seconds, absoluteOrbit: absolute, relativeOrbit: relative)
        let stampNumber = stamps.firstIndex(of: stamp) ?? stamps.count
        let sources: [BandPlane?] = patch.bands.map { plane in plane.flatMap { $0.pixelCount == patch.window.pixelCount ? $0 : nil } }
        var runs: [(row: Int, start: Int, end: Int)] = [] // overlap-relative
        var count = 0
        let blockWidth = window.width
        let columnOffset = overlap.column - window.column
        valid.withUnsafeMutableBufferPointer { valid in
            sensingDate.withUnsafeMutableBufferPointer { sensing in
                absoluteOrbit.withUnsafeMutableBufferPointer { absoluteOut in
                    relativeOrbit.withUnsafeMutableBufferPointer { relativeOut in
                        guard let validBase = valid.baseAddress, let sensingBase = sensing.baseAddress,
                              let absoluteBase = absoluteOut.baseAddress, let relativeBase = relativeOut.baseAddress else { return }
                        for r in 0..<overlap.height {
                            let blockBase = (overlap.row - window.row + r) * blockWidth + columnOffset
                            let claim = validBase + r * overlap.width, sensingRow = sensingBase + blockBase
                            // Valid and still unowned, as 0/1 bytes (a branch-free, vectorised pass).
                            for c in 0..<overlap.width { claim[c] &= sensingRow[c] == fill ? 1 : 0 }
                            var c = 0
                            while let start = Self.nextByte(1, in: claim, from: c, to: overlap.width) {
                                c = Self.nextByte(0, in: claim, from: start, to: overlap.width) ?? overlap.width
                                (sensingRow + start).update(repeating: seconds, count: c - start)
                                (absoluteBase + blockBase + start).update(repeating: absolute, count: c - start)
                                (relativeBase + blockBase + start).update(repeating: relative, count: c - start)
                                runs.append((r, start, c))
                                count += c - start
                                unownedPerRow[overlap.row - window.row + r] -= c - start
                                chunkOwnership?.record(row: overlap.row + r, columns: (overlap.column + start)..<(overlap.column + c), stamp: stampNumber)
                            }
                        }
                    }
                }
            }
        }
        guard count > 0 else { return 0 }
        if stampNumber == stamps.count { stamps.append(stamp) }
        // 3. Copy every band of the owner over its runs (a band it lacks becomes fill).
        for index in bands.indices {
            let size = bands[index].type.byteCount
            let nodata = bands[index].type.nativeBytes(of: bands[index].nodata ?? 0)
            bands[index].bytes.withUnsafeMutableBytes { out in
                guard let outBase = out.baseAddress else { return }
                for run in runs {
                    let target = outBase + ((overlap.row - window.row + run.row) * blockWidth + columnOffset + run.start) * size
                    let length = run.end - run.start
                    if let plane = sources[index] {
                        plane.bytes.withUnsafeBytes { source in
                            let offset = ((overlap.row - patch.window.row + run.row) * patch.window.width
                                          + (overlap.column - patch.window.column + run.start)) * size
                            target.copyMemory(from: source.baseAddress! + offset, byteCount: length * size)
                        }
                    } else {
                        for i in 0..<length { (target + i * size).copyMemory(from: nodata, byteCount: size) }
                    }
                }
            }
        }
        takenPixels += count
        return count
    }

    /// The first index in `from..<to` where `bytes` holds `value` (0 or 1), or nil. Skips eight
    /// bytes at a time while none of them is `value`: runs of claimed pixels are long.
    private static func nextByte(_ value: UInt8, in bytes: UnsafeMutablePointer<UInt8>, from start: Int, to end: Int) -> Int? {
        let other: UInt64 = value == 0 ? 0x0101_0101_0101_0101 : 0
        var i = start
        while i + 8 <= end, UnsafeRawPointer(bytes + i).loadUnaligned(as: UInt64.self) == other { i += 8 }
        while i < end { if bytes[i] == value { return i }; i += 1 }
        return nil
    }
}
