// MARK: - Reading

extension ZarrArray {
    /// Reads `region` (default: the whole array) as typed values in C order.
    /// `T` must match the array's data type (e.g. `Int16` for `int16`).
    public func read<T: ZarrElement>(_ type: T.Type = T.self, region: [Range<Int>]? = nil) async throws(ZarrError) -> [T] {
        guard T.zarrDataType == dataType else {
            throw .invalidValues(array: path, reason: "requested \(T.self) but the array holds \(dataType.rawValue)")
        }
        return ElementBytes.values(try readRegionBytes(region), as: T.self)
    }

    /// Reads `region` as raw little-endian element bytes in C order.
    public func readBytes(region: [Range<Int>]? = nil) async throws(ZarrError) -> [UInt8] {
        try readRegionBytes(region)
    }

    func validate(_ region: [Range<Int>]) throws(ZarrError) {
        guard region.count == shape.count else {
            throw .invalidRegion(array: path, reason: "region has \(region.count) dimensions, the array \(shape.count)")
        }
        for (d, r) in region.enumerated() where r.lowerBound < 0 || r.upperBound > shape[d] {
            throw .invalidRegion(array: path, reason: "range \(r.lowerBound)..<\(r.upperBound) is outside 0..<\(shape[d]) in dimension \(d)")
        }
    }

    /// The synchronous core of reading, shared by the async API and the CLI.
    func readRegionBytes(_ requested: [Range<Int>]?) throws(ZarrError) -> [UInt8] {
        let region = requested ?? fullRegion
        try validate(region)
        let regionShape = region.map(\.count)
        let count = regionShape.reduce(1, *)
        let (total, overflow) = count.multipliedReportingOverflow(by: dataType.byteCount)
        guard !overflow, total <= 1 << 40 else { throw .invalidRegion(array: path, reason: "region is too large to read at once") }
        var output = RegionCopy.filled(fillElement, count: count)
        if count == 0 { return output }
        let chunks = ChunkGrid.coordinates(in: grid.chunkRanges(region))
        try UnsafeAccess.withMutableBytes(&output) { (base: UnsafeMutableRawPointer) throws(ZarrError) in
            nonisolated(unsafe) let base = base
            if let sharding = pipeline.plainSharding {
                try readSharded(sharding, chunks: chunks, region: region, into: base)
            } else {
                try Parallel.forEach(chunks.count) { (i: Int) throws(ZarrError) in
                    let key = chunkKey(chunks[i])
                    guard let stored = try storage.get(key) else { return }
                    let decoded = try pipeline.decode(stored, key: key)
                    let origin = zip(chunks[i], metadata.chunkShape).map { $0 * $1 }
                    copyIntoRegion(decoded, chunkShape: metadata.chunkShape, chunkOrigin: origin, region: region, output: base)
                }
            }
        }
        return output
    }

    /// Copies the part of a decoded chunk (at `chunkOrigin`) that lies in `region` into the region buffer.
    func copyIntoRegion(_ decoded: [UInt8], chunkShape: [Int], chunkOrigin: [Int], region: [Range<Int>], output: UnsafeMutableRawPointer) {
        let chunkBox = zip(chunkOrigin, chunkShape).map { $0..<($0 + $1) }
        guard let overlap = ChunkGrid.intersection(chunkBox, region) else { return }
        decoded.withUnsafeBytes { src in
            RegionCopy.copy(from: src.baseAddress!, sourceShape: chunkShape,
                            sourceOrigin: zip(overlap, chunkOrigin).map { $0.lowerBound - $1 },
                            to: output, destinationShape: region.map(\.count),
                            destinationOrigin: zip(overlap, region).map { $0.lowerBound - $1.lowerBound },
                            extent: overlap.map(\.count), elementSize: dataType.byteCount)
        }
    }

    /// One inner chunk to fetch and decode.
    private struct InnerRead: Sendable {
        let shard: Int
        let inner: Int
        let range: Range<Int>
    }

    /// Sharded read: fetch each shard's index (or the whole shard when most of it is needed),
    /// then decode only the needed inner chunks, all in parallel, straight into the output.
    private func readSharded(_ sharding: ShardingCodec, chunks: [[Int]], region: [Range<Int>], into base: UnsafeMutableRawPointer) throws(ZarrError) {
        nonisolated(unsafe) let base = base
        let plans: [(whole: [UInt8]?, reads: [InnerRead])] = try Parallel.map(chunks.count) {
            (s: Int) throws(ZarrError) -> (whole: [UInt8]?, reads: [InnerRead]) in
            let key = chunkKey(chunks[s])
            let shardOrigin = zip(chunks[s], metadata.chunkShape).map { $0 * $1 }
            let localRegion = zip(region, shardOrigin).map { ($0.lowerBound - $1)..<($0.upperBound - $1) }
            let innerGrid = ChunkGrid(arrayShape: sharding.shardShape, chunkShape: sharding.innerShape)
            let clipped = zip(localRegion, sharding.shardShape).map { max(0, $0.lowerBound)..<min($1, $0.upperBound) }
            let needed = ChunkGrid.coordinates(in: innerGrid.chunkRanges(clipped)).map(sharding.innerNumber)
            var whole: [UInt8]?
            let index: [Range<Int>?]
            if needed.count * 2 >= sharding.innerChunkCount {
                guard let bytes = try storage.get(key) else { return (nil, []) }
                guard bytes.count >= sharding.indexByteCount else { throw .corruptChunk(key: key, reason: "shard is shorter than its index") }
                index = try sharding.decodeIndex(Array(bytes[sharding.indexRange(shardSize: bytes.count)]), shardSize: bytes.count, key: key)
                whole = bytes
            } else {
                let range: ZarrByteRange = sharding.configuration.indexLocation == .start
                    ? .bounded(0..<sharding.indexByteCount) : .suffix(sharding.indexByteCount)
                guard let indexBytes = try storage.get(key, range: range) else { return (nil, []) }
                index = try sharding.decodeIndex(indexBytes, shardSize: Int(Int64.max), key: key)
            }
            let reads = needed.compactMap { n in index[n].map { InnerRead(shard: s, inner: n, range: $0) } }
            return (whole, reads)
        }
        let reads = plans.flatMap(\.reads)
        try Parallel.forEach(reads.count) { (i: Int) throws(ZarrError) in
            let read = reads[i]
            let key = chunkKey(chunks[read.shard])
            let encoded: [UInt8]
            if let whole = plans[read.shard].whole {
                encoded = Array(whole[read.range])
            } else {
                guard let bytes = try storage.get(key, range: .bounded(read.range)) else {
                    throw .corruptChunk(key: key, reason: "shard disappeared while being read")
                }
                encoded = bytes
            }
            let decoded = try sharding.inner.decode(encoded, key: key)
            let shardOrigin = zip(chunks[read.shard], metadata.chunkShape).map { $0 * $1 }
            let innerOrigin = zip(zip(sharding.innerCoordinates(read.inner), sharding.innerShape).map { $0 * $1 }, shardOrigin).map { $0 + $1 }
            copyIntoRegion(decoded, chunkShape: sharding.innerShape, chunkOrigin: innerOrigin, region: region, output: base)
        }
    }
}
