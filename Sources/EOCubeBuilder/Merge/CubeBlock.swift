import CPOSIX

/// One day slot of a rectangle of the cube held in memory: every band and metadata array.
///
/// The fill-only merge happens here. A pixel is owned once an acquisition has taken it (its
/// stamp then gives the pixel's `sensing_date` and orbit numbers); an acquisition merged later
/// only takes pixels that are still unowned and where it has a valid
/// value in any band. Merging acquisitions in ascending `(datetime, item id)` order therefore
/// gives each pixel to the first acquisition with data, as CUBE_LAYOUT.md requires, and merging
/// the same acquisition twice changes nothing.
///
/// Owners read back from the store came from earlier (or concurrent) runs, so a new
/// acquisition may sort before them: ``merge(_:displacing:)`` then also takes the pixels of the
/// stored owners it precedes. A pixel's owner is the minimum in merge order over the
/// acquisitions with data there, and a minimum does not depend on the order it is taken in, so
/// the cube is the same whatever order the runs brought the items.
struct CubeBlock: Sendable {
    /// The block's rectangle in cube pixels.
    let window: CubeWindow
    /// One plane per band, in the cube's band order.
    var bands: [BandPlane] {
        planes ?? bandTypes.map { BandPlane(type: $0.type, nodata: $0.nodata, pixelCount: window.pixelCount) }
    }
    /// The band planes; nil while the block is empty and they would be all nodata (they are
    /// created on the first merge, which often hands over its own planes: see ``merge(_:)``).
    private var planes: [BandPlane]?
    private let bandTypes: [(type: CubeSampleType, nodata: Double?)]
    /// Per pixel, 0 while unowned, else 1 + the index of its owner's stamp in `stamps`. Merges
    /// write 4 bytes a pixel here instead of the 14 of the three metadata arrays, which are only
    /// built when written, and then only for the chunks that do not hold one value.
    private var owners: [UInt32]
    /// How many pixels merges have taken so far (0 = nothing to write).
    private(set) var takenPixels = 0
    /// Per block row, how many of its pixels are still unowned: ``unownedBounds(within:)``
    /// passes over wholly owned rows (most, once a day's first acquisition is in) unread.
    private var unownedPerRow: [Int]
    /// Ownership per store chunk (nil: not tracked, as for blocks read back from the store).
    private var chunkOwnership: ChunkOwnership?
    /// The distinct stamps of the block's owners; `owners` and `chunkOwnership` refer to them.
    private var stamps: [PixelStamp] = []
    /// How many of `stamps` (the first ones) were read from the store: owners that merges of this
    /// run may displace. Stamps of this run's merges are never shared with them.
    private var storedStampCount = 0

    /// An empty block (all fill) that also tracks which of the store's `chunkShape` (y, x)
    /// chunks end up holding one metadata value (``uniformMetadataChunks``); nil tracks nothing.
    init(window: CubeWindow, bandTypes: [(CubeSampleType, Double?)], chunkShape: [Int]?) {
        self.init(window: window, bandTypes: bandTypes)
        chunkOwnership = chunkShape.map { ChunkOwnership(window: window, chunkShape: $0) }
    }

    /// The chunks of the block whose metadata arrays hold one value each (empty when not tracked).
    var uniformMetadataChunks: [ChunkOwnership.UniformChunk] {
        chunkOwnership?.uniformChunks(stamps: stamps) ?? []
    }

    /// An empty block (all fill) with the given band types.
    init(window: CubeWindow, bandTypes: [(CubeSampleType, Double?)]) {
        self.window = window
        let count = window.pixelCount
        self.bandTypes = bandTypes.map { (type: $0.0, nodata: $0.1) }
        planes = nil
        owners = SampleKernels.filled(UInt32(0), count: count)
        unownedPerRow = [Int](repeating: window.width, count: window.height)
    }

    /// A block over values read from the store.
    init(window: CubeWindow, bands: [BandPlane], sensingDate: [Int64], absoluteOrbit: [Int32], relativeOrbit: [Int16]) {
        self.window = window
        self.planes = bands
        self.bandTypes = bands.map { (type: $0.type, nodata: $0.nodata) }
        // Pixels whose sensing_date is the fill are unowned, whatever their orbit arrays hold
        // (an interrupted write may have left values there).
        var stamps: [PixelStamp] = []
        var numbers: [PixelStamp: UInt32] = [:]
        var owners = [UInt32](repeating: 0, count: sensingDate.count)
        // Neighbours mostly share their owner: compare with the last stamp before hashing.
        var last = PixelStamp.unowned, lastNumber: UInt32 = 0
        for i in sensingDate.indices where sensingDate[i] != CubeDefinition.metadataFill {
            let stamp = PixelStamp(sensingSeconds: sensingDate[i], absoluteOrbit: absoluteOrbit[i], relativeOrbit: relativeOrbit[i])
            if stamp != last {
                if let number = numbers[stamp] {
                    lastNumber = number
                } else {
                    stamps.append(stamp)
                    lastNumber = UInt32(stamps.count)
                    numbers[stamp] = lastNumber
                }
                last = stamp
            }
            owners[i] = lastNumber
        }
        self.owners = owners
        self.stamps = stamps
        storedStampCount = stamps.count
        let width = window.width
        unownedPerRow = (0..<window.height).map { row in
            owners[(row * width)..<((row + 1) * width)].reduce(0) { $0 + ($1 == 0 ? 1 : 0) }
        }
    }

    /// `sensing_date` of every pixel (fill −9999 = unowned).
    var sensingDate: [Int64] { metadata(\.sensingSeconds) }
    /// `absolute_orbit_number` of every pixel.
    var absoluteOrbit: [Int32] { metadata(\.absoluteOrbit) }
    /// `relative_orbit_number` of every pixel.
    var relativeOrbit: [Int16] { metadata(\.relativeOrbit) }

    /// One metadata array built from the owners' stamps. The pixels of the `skipping` chunks
    /// (each whole inside the block and holding one value, so the store does not read them)
    /// are left unset.
    func metadata<T: BitwiseCopyable>(_ value: KeyPath<PixelStamp, T>, skipping: [ChunkOwnership.UniformChunk] = []) -> [T] {
        let table = ([PixelStamp.unowned] + stamps).map { $0[keyPath: value] }
        let width = window.width
        return [T](unsafeUninitializedCapacity: owners.count) { out, initialized in
            eocube_advise_huge_pages(out.baseAddress, owners.count * MemoryLayout<T>.stride)
            owners.withUnsafeBufferPointer { owners in
                table.withUnsafeBufferPointer { table in
                    guard let target = out.baseAddress, let source = owners.baseAddress, let values = table.baseAddress else { return }
                    // The skipped column ranges of each run of rows (chunks share their rows).
                    var bands: [(rows: Range<Int>, columns: [Range<Int>])] = []
                    for skip in skipping.sorted(by: { ($0.window.row, $0.window.column) < ($1.window.row, $1.window.column) }) {
                        let rows = (skip.window.row - window.row)..<(skip.window.endRow - window.row)
                        let columns = (skip.window.column - window.column)..<(skip.window.endColumn - window.column)
                        if bands.last?.rows == rows { bands[bands.count - 1].columns.append(columns) } else { bands.append((rows, [columns])) }
                    }
                    var next = 0
                    for r in 0..<window.height {
                        while next < bands.count && bands[next].rows.upperBound <= r { next += 1 }
                        let skips = next < bands.count && bands[next].rows.contains(r) ? bands[next].columns : []
                        var column = 0
                        for skip in skips + [width..<width] {
                            for c in column..<max(column, skip.lowerBound) { target[r * width + c] = values[Int(source[r * width + c])] }
                            column = max(column, skip.upperBound)
                        }
                    }
                }
            }
            initialized = owners.count
        }
    }

    /// The smallest window holding every pixel of `region` that no acquisition owns yet, or nil
    /// when all of it is owned. An acquisition can only take such pixels, so the builder reads
    /// no more of it than this: later acquisitions of a day that overlap earlier ones, and items
    /// re-ingested into filled slots, skip most of their decoding.
    func unownedBounds(within region: CubeWindow) -> CubeWindow? {
        bounds(within: region, claimable: nil)
    }

    /// The smallest window holding every pixel of `region` that an acquisition could take: the
    /// unowned ones and those of stored owners it precedes (`precedes` says which, see
    /// ``merge(_:displacing:)``); nil when there is none.
    func claimableBounds(within region: CubeWindow, displacing precedes: (PixelStamp) -> Bool) -> CubeWindow? {
        bounds(within: region, claimable: claimableOwners(precedes))
    }

    /// Per owner number (0 = unowned), 1 where a merge may take the pixel: unowned, or a stored
    /// owner that `precedes` says the acquisition sorts before. Nil when only unowned pixels are
    /// claimable, the fast case (all merges of a build into blocks new to the store).
    private func claimableOwners(_ precedes: (PixelStamp) -> Bool) -> [UInt8]? {
        guard storedStampCount > 0 else { return nil }
        var table = [UInt8](repeating: 0, count: stamps.count + 1)
        table[0] = 1
        var displaces = false
        for index in 0..<storedStampCount where precedes(stamps[index]) {
            table[index + 1] = 1
            displaces = true
        }
        return displaces ? table : nil
    }

    private func bounds(within region: CubeWindow, claimable table: [UInt8]?) -> CubeWindow? {
        guard let region = window.intersection(region) else { return nil }
        var top = Int.max, bottom = -1, left = Int.max, right = -1
        owners.withUnsafeBufferPointer { owners in
            guard let base = owners.baseAddress else { return }
            for r in 0..<region.height {
                let row = base + ((region.row - window.row + r) * window.width + (region.column - window.column))
                let span: (first: Int, last: Int)?
                if let table {
                    span = table.withUnsafeBufferPointer { table in Self.span(in: row, count: region.width) { table[Int($0)] != 0 } }
                } else {
                    // Rows without an unowned pixel (most, once a day's first acquisition is in) are passed over unread.
                    guard unownedPerRow[region.row - window.row + r] > 0 else { continue }
                    span = Self.unownedSpan(in: row, count: region.width)
                }
                guard let span else { continue }
                top = min(top, r)
                bottom = r
                left = min(left, span.first)
                right = max(right, span.last)
            }
        }
        guard bottom >= 0 else { return nil }
        return CubeWindow(row: region.row + top, column: region.column + left, height: bottom - top + 1, width: right - left + 1)
    }

    /// The first and last index of `row[0..<count]` that is unowned (0), or nil: the common case,
    /// kept apart from ``span(in:count:takes:)`` so the scan needs no call per pixel.
    private static func unownedSpan(in row: UnsafePointer<UInt32>, count: Int) -> (first: Int, last: Int)? {
        var first = -1
        for c in 0..<count where row[c] == 0 { first = c; break }
        guard first >= 0 else { return nil }
        var last = first
        for c in stride(from: count - 1, to: first, by: -1) where row[c] == 0 { last = c; break }
        return (first, last)
    }

    /// The first and last index of `row[0..<count]` whose owner `takes`, or nil.
    @inline(__always)
    private static func span(in row: UnsafePointer<UInt32>, count: Int, takes: (UInt32) -> Bool) -> (first: Int, last: Int)? {
        var first = -1
        for c in 0..<count where takes(row[c]) { first = c; break }
        guard first >= 0 else { return nil }
        var last = first
        for c in stride(from: count - 1, to: first, by: -1) where takes(row[c]) { last = c; break }
        return (first, last)
    }

    /// Merges an acquisition fill-only and returns how many pixels it took.
    ///
    /// Besides unowned pixels, the acquisition takes those of the owners read from the store
    /// for which `precedes` is true: the ones it sorts before in `(datetime, item id)` order.
    /// The patch's band planes must have the block's band types; pixels of the patch outside
    /// the block are ignored.
    @discardableResult
    mutating func merge(_ patch: AcquisitionPatch, displacing precedes: (PixelStamp) -> Bool = { _ in false }) -> Int {
        guard let overlap = window.intersection(patch.window), patch.bands.count == bandTypes.count else { return 0 }
        // 1. Which patch pixels have a valid value in any band.
        var valid = SampleKernels.filled(UInt8(0), count: overlap.pixelCount)
        for plane in patch.bands {
            guard let plane, plane.pixelCount == patch.window.pixelCount else { continue }
            SampleKernels.markValid(plane, source: patch.window, region: overlap, into: &valid)
        }
        // 2. Of those, the ones still unowned here: claim them, a run of adjacent pixels at a
        //    time. Valid data comes in long runs (swath interiors), so recording the owner and
        //    copying its bands run by run is a few fills and memcpys per row instead of
        //    per-pixel selects over every array.
        let stamp = PixelStamp(sensingSeconds: patch.sensingSeconds, absoluteOrbit: patch.absoluteOrbit ?? PixelStamp.unowned.absoluteOrbit,
                               relativeOrbit: patch.relativeOrbit ?? PixelStamp.unowned.relativeOrbit)
        let stampNumber = stamps[storedStampCount...].firstIndex(of: stamp) ?? stamps.count
        let claimable = claimableOwners(precedes)
        if claimable != nil { chunkOwnership = nil } // tracked for new blocks only; displacing changes owners
        let sources: [BandPlane?] = patch.bands.map { plane in plane.flatMap { $0.pixelCount == patch.window.pixelCount ? $0 : nil } }
        var runs: [(row: Int, start: Int, end: Int)] = [] // overlap-relative
        var count = 0
        let blockWidth = window.width
        let columnOffset = overlap.column - window.column
        let owner = UInt32(stampNumber + 1)
        valid.withUnsafeMutableBufferPointer { valid in
            owners.withUnsafeMutableBufferPointer { owners in
                guard let validBase = valid.baseAddress, let ownerBase = owners.baseAddress else { return }
                for r in 0..<overlap.height {
                    let ownerRow = ownerBase + (overlap.row - window.row + r) * blockWidth + columnOffset
                    let claim = validBase + r * overlap.width
                    if let claimable {
                        // Valid and unowned or owned by a displaced stored owner.
                        for c in 0..<overlap.width { claim[c] &= claimable[Int(ownerRow[c])] }
                    } else {
                        // Valid and still unowned, as 0/1 bytes (a branch-free, vectorised pass).
                        for c in 0..<overlap.width { claim[c] &= ownerRow[c] == 0 ? 1 : 0 }
                    }
                    var c = 0
                    while let start = Self.nextByte(1, in: claim, from: c, to: overlap.width) {
                        c = Self.nextByte(0, in: claim, from: start, to: overlap.width) ?? overlap.width
                        let unowned = claimable == nil ? c - start : (start..<c).reduce(0) { $0 + (ownerRow[$1] == 0 ? 1 : 0) }
                        (ownerRow + start).update(repeating: owner, count: c - start)
                        runs.append((r, start, c))
                        count += c - start
                        unownedPerRow[overlap.row - window.row + r] -= unowned
                        chunkOwnership?.record(row: overlap.row + r, columns: (overlap.column + start)..<(overlap.column + c), stamp: stampNumber)
                    }
                }
            }
        }
        guard count > 0 else { return 0 }
        if stampNumber == stamps.count { stamps.append(stamp) }
        // 3. Copy every band of the owner over its runs (a band it lacks becomes fill). Into a
        //    block nothing owned yet (no planes yet), a patch covering it with every band and the
        //    same nodata leaves exactly its own planes (pixels it does not take are nodata in
        //    every band), so they are adopted instead of copied.
        let adopts = self.planes == nil && patch.window == window && zip(sources, bandTypes).allSatisfy { source, band in
            source.map { $0.type == band.type && $0.nodata == band.nodata } ?? false
        }
        if adopts {
            planes = zip(sources, bandTypes).map { source, band in BandPlane(type: band.type, nodata: band.nodata, bytes: source!.bytes) }
            takenPixels += count
            return count
        }
        var planes = self.planes ?? bands
        self.planes = nil // the only reference while the runs are copied in place
        defer { self.planes = planes }
        for index in planes.indices {
            let size = planes[index].type.byteCount
            let nodata = planes[index].type.nativeBytes(of: planes[index].nodata ?? 0)
            planes[index].bytes.withUnsafeMutableBytes { out in
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
