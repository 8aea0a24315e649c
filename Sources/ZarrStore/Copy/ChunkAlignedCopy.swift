/// Copies one array into another of the same shape and any chunking, in bounded memory.
///
/// The target is written unit by unit (a shard, or a chunk), and a unit is never held whole:
/// shards are streamed with ``ZarrShardWriter``. Target units are taken in groups whose extent
/// is a common multiple of the target unit and the source's read unit (its inner chunk), and a
/// group is copied in pieces: boxes of whole target inner chunks, made of whole source chunks
/// when the memory budget allows. Each piece is read from the source once and handed to every
/// target unit it meets, so a source chunk is decoded once even when it spans many target units
/// (one-day shards re-chunked into 20-day ones, or back) and no target chunk is read back.
///
/// Peak memory: one piece (at most `budget` bytes unless a single target inner chunk is larger),
/// plus the codecs' buffers; the target units of a group stream to the store as they fill.
struct ChunkAlignedCopy {
    let source: ZarrArray
    let target: ZarrArray
    let budget: Int

    /// The shape the source decodes in.
    private var sourceUnit: [Int] { source.metadata.innerChunkShape ?? source.metadata.chunkShape }
    /// The shape of the target's files (shards, or chunks).
    private var targetUnit: [Int] { target.metadata.chunkShape }
    /// The shape the target encodes in.
    private var targetInner: [Int] { target.pipeline.plainSharding?.innerShape ?? target.metadata.chunkShape }

    func run() async throws(ZarrError) {
        let shape = target.shape
        guard !shape.isEmpty, !shape.contains(0) else {
            if !shape.contains(0) { try await target.writeBytes(source.readBytes()) }
            return
        }
        var group = zip(zip(targetUnit, sourceUnit), shape).map { units, extent in min(Self.lcm(units.0, units.1), Self.roundUp(extent, units.0)) }
        // A group's shards are written at once, a file each: past a few hundred, give up decoding
        // each source chunk once (the trailing dimensions first) rather than open more.
        for d in group.indices.reversed() where zip(group, targetUnit).reduce(1, { $0 * ($1.0 / $1.1) }) > Self.maximumOpenUnits {
            group[d] = targetUnit[d]
        }
        let piece = pieceShape(group: group)
        // Only the groups holding stored source chunks have anything to copy: a cube's time axis
        // spans thousands of day slots, a few of them filled.
        let stored = try source.storedChunkCoordinates().map(Set.init)
        var origins = Self.origins(of: shape, step: group)
        if let stored {
            var holding: Set<[Int]> = []
            for chunk in stored {
                let box = source.grid.box(of: chunk)
                for index in ChunkGrid.coordinates(in: ChunkGrid(arrayShape: shape, chunkShape: group).chunkRanges(box)) {
                    holding.insert(zip(index, group).map { $0 * $1 })
                }
            }
            origins = holding.sorted { $0.lexicographicallyPrecedes($1) }
        }
        for groupOrigin in origins {
            let groupBox = zip(groupOrigin, zip(group, shape)).map { $0..<min($0 + $1.0, $1.1) }
            try await copyGroup(groupBox, piece: piece, stored: stored)
        }
    }

    /// The largest box of whole target inner chunks, within the group, preferring whole source
    /// chunks, that fits the budget: halves its largest dimension (in inner chunks) until it does.
    private func pieceShape(group: [Int]) -> [Int] {
        let size = target.dataType.byteCount
        var piece = zip(zip(targetInner, sourceUnit), group).map { units, extent in min(Self.lcm(units.0, units.1), extent) }
        func bytes(_ p: [Int]) -> Int { p.reduce(size) { $0.multipliedReportingOverflow(by: $1).overflow ? .max : $0 * $1 } }
        while bytes(piece) > budget {
            let counts = zip(piece, targetInner).map { ($0 + $1 - 1) / $1 }
            guard let d = counts.indices.max(by: { counts[$0] < counts[$1] }), counts[d] > 1 else { break }
            piece[d] = (counts[d] / 2) * targetInner[d]
        }
        return piece
    }

    /// Copies the target units of one group, piece by piece; pieces meeting no `stored` source
    /// chunk (nil: unknown) are fill and skipped.
    private func copyGroup(_ box: [Range<Int>], piece: [Int], stored: Set<[Int]>?) async throws(ZarrError) {
        let shape = target.shape
        // The group's target units, by their grid coordinates.
        let units = ChunkGrid.coordinates(in: target.grid.chunkRanges(box))
        var writers: [[Int]: ZarrShardWriter] = [:]
        if target.pipeline.plainSharding != nil {
            for unit in units { writers[unit] = try ZarrShardWriter(array: target, shard: unit) }
        }
        do throws(ZarrError) {
            for origin in Self.origins(of: box.map(\.count), step: piece) {
                let region = zip(origin, zip(box, piece)).map { o, b in (b.0.lowerBound + o)..<min(b.0.lowerBound + o + b.1, b.0.upperBound) }
                if let stored, !ChunkGrid.coordinates(in: source.grid.chunkRanges(region)).contains(where: stored.contains) { continue }
                let values = try await source.readBytes(region: region)
                guard !writers.isEmpty else {
                    // Unsharded: the piece is whole target chunks, written without reading them back.
                    try await target.writeBytes(values, region: region)
                    continue
                }
                for unit in units {
                    let unitBox = target.grid.box(of: unit).enumerated().map { $1.lowerBound..<min($1.upperBound, shape[$0]) }
                    guard let part = ChunkGrid.intersection(unitBox, region) else { continue }
                    let bytes = part == region ? values : Self.extract(values, shape: region, part: part, elementSize: target.dataType.byteCount)
                    guard let writer = writers[unit] else { continue }
                    let written: Result<Void, ZarrError> = bytes.withUnsafeBytes { raw in
                        do throws(ZarrError) { return .success(try writer.write(raw, region: part)) } catch { return .failure(error) }
                    }
                    try written.get()
                }
            }
            for unit in units { try writers[unit]?.finish() }
        } catch {
            for writer in writers.values { writer.abort() }
            throw error
        }
    }

    /// The values of `part` out of `values` laid out over `region` (C order).
    private static func extract(_ values: [UInt8], shape region: [Range<Int>], part: [Range<Int>], elementSize: Int) -> [UInt8] {
        let count = part.reduce(1) { $0 * $1.count }
        return [UInt8](unsafeUninitializedCapacity: count * elementSize) { buffer, initialized in
            values.withUnsafeBytes { source in
                RegionCopy.copy(from: source.baseAddress!, sourceShape: region.map(\.count),
                                sourceOrigin: zip(part, region).map { $0.lowerBound - $1.lowerBound },
                                to: buffer.baseAddress!, destinationShape: part.map(\.count), destinationOrigin: part.map { _ in 0 },
                                extent: part.map(\.count), elementSize: elementSize)
            }
            initialized = count * elementSize
        }
    }

    /// The origins of the boxes of `step` tiling `extent` (C order).
    private static func origins(of extent: [Int], step: [Int]) -> [[Int]] {
        let counts = zip(extent, step).map { ($0 + $1 - 1) / $1 }
        return ChunkGrid.coordinates(in: counts.map { 0..<$0 }).map { zip($0, step).map { $0 * $1 } }
    }

    /// The most target units a group writes at once.
    static let maximumOpenUnits = 256

    private static func roundUp(_ value: Int, _ unit: Int) -> Int { (value + unit - 1) / unit * unit }

    private static func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }

    /// The least common multiple, saturating (a group then spans the whole array in that dimension).
    private static func lcm(_ a: Int, _ b: Int) -> Int {
        let (product, overflow) = (a / gcd(a, b)).multipliedReportingOverflow(by: b)
        return overflow ? .max : product
    }
}
