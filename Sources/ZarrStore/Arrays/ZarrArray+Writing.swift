// MARK: - Writing

extension ZarrArray {
    /// Writes typed values (C order) into `region` (default: the whole array). Chunks only
    /// partly covered are read, merged and rewritten; chunks left all-fill are deleted
    /// unless ``writeEmptyChunks`` is set.
    public func write<T: ZarrElement>(_ values: [T], region: [Range<Int>]? = nil) async throws(ZarrError) {
        guard T.zarrDataType == dataType else {
            throw .invalidValues(array: path, reason: "got \(T.self) values but the array holds \(dataType.rawValue)")
        }
        try writeRegionBytes(ElementBytes.bytes(of: values), region)
    }

    /// Writes raw little-endian element bytes (C order) into `region`.
    public func writeBytes(_ bytes: [UInt8], region: [Range<Int>]? = nil) async throws(ZarrError) {
        try writeRegionBytes(bytes, region)
    }

    /// The synchronous core of writing.
    func writeRegionBytes(_ bytes: [UInt8], _ requested: [Range<Int>]?) throws(ZarrError) {
        guard storage.isWritable else { throw .readOnlyStore(storage.description) }
        let region = requested ?? fullRegion
        try validate(region)
        let count = region.reduce(1) { $0 * $1.count }
        guard bytes.count == count * dataType.byteCount else {
            throw .invalidValues(array: path, reason: "\(bytes.count / max(1, dataType.byteCount)) values for a region of \(count) elements")
        }
        if count == 0 { return }
        let chunks = ChunkGrid.coordinates(in: grid.chunkRanges(region))
        if let sharding = pipeline.plainSharding {
            try writeSharded(sharding, bytes, chunks: chunks, region: region)
            return
        }
        try Parallel.forEach(chunks.count) { (i: Int) throws(ZarrError) in
            let key = chunkKey(chunks[i])
            let origin = zip(chunks[i], metadata.chunkShape).map { $0 * $1 }
            guard let chunk = try mergedChunk(key: key, chunkShape: metadata.chunkShape, chunkOrigin: origin, region: region, values: bytes,
                                              existing: { () throws(ZarrError) -> [UInt8]? in
                                                  try storage.get(key).map { (b: [UInt8]) throws(ZarrError) in try pipeline.decode(b, key: key) }
                                              })
            else { return }
            if !writeEmptyChunks && RegionCopy.isFilled(chunk, with: fillElement) {
                try storage.delete(key)
            } else {
                try storage.set(key, pipeline.encode(chunk))
            }
        }
    }

    /// The new content of a chunk at `chunkOrigin`: the values of `region` over the chunk's
    /// previous content (or fill). `nil` when the chunk does not meet the region.
    func mergedChunk(key: String, chunkShape: [Int], chunkOrigin: [Int], region: [Range<Int>], values: [UInt8],
                     existing: () throws(ZarrError) -> [UInt8]?) throws(ZarrError) -> [UInt8]? {
        let fullBox = zip(chunkOrigin, chunkShape).map { $0..<($0 + $1) }
        let inBounds = zip(fullBox, shape).map { $0.lowerBound..<min($0.upperBound, $1) }
        guard let overlap = ChunkGrid.intersection(fullBox, region) else { return nil }
        let covered = overlap == inBounds
        var chunk: [UInt8]
        if covered {
            // Parts beyond the array's edge hold the fill value, as zarr-python writes them.
            chunk = inBounds == fullBox ? [UInt8](repeating: 0, count: chunkShape.reduce(1, *) * dataType.byteCount)
                : RegionCopy.filled(fillElement, count: chunkShape.reduce(1, *))
        } else {
            chunk = try existing() ?? RegionCopy.filled(fillElement, count: chunkShape.reduce(1, *))
        }
        let regionShape = region.map(\.count)
        chunk.withUnsafeMutableBytes { dst in
            values.withUnsafeBytes { src in
                RegionCopy.copy(from: src.baseAddress!, sourceShape: regionShape,
                                sourceOrigin: zip(overlap, region).map { $0.lowerBound - $1.lowerBound },
                                to: dst.baseAddress!, destinationShape: chunkShape,
                                destinationOrigin: zip(overlap, chunkOrigin).map { $0.lowerBound - $1 },
                                extent: overlap.map(\.count), elementSize: dataType.byteCount)
            }
        }
        return chunk
    }

    /// One inner chunk of a shard being rewritten.
    private struct InnerWrite: Sendable {
        let shard: Int
        let inner: Int
    }

    /// Sharded write: untouched inner chunks keep their encoded bytes; touched ones are
    /// merged and re-encoded in parallel; then each shard is reassembled and stored.
    private func writeSharded(_ sharding: ShardingCodec, _ values: [UInt8], chunks: [[Int]], region: [Range<Int>]) throws(ZarrError) {
        let innerCount = sharding.innerChunkCount
        // Phase 1: existing shards (only for shards the region does not cover completely).
        let existing: [(bytes: [UInt8], index: [Range<Int>?])?] = try Parallel.map(chunks.count) {
            (s: Int) throws(ZarrError) -> (bytes: [UInt8], index: [Range<Int>?])? in
            let box = grid.box(of: chunks[s])
            if ChunkGrid.intersection(box, region) == box { return nil }
            let key = chunkKey(chunks[s])
            guard let bytes = try storage.get(key) else { return nil }
            guard bytes.count >= sharding.indexByteCount else { throw .corruptChunk(key: key, reason: "shard is shorter than its index") }
            let index = try sharding.decodeIndex(Array(bytes[sharding.indexRange(shardSize: bytes.count)]), shardSize: bytes.count, key: key)
            return (bytes, index)
        }
        // Phase 2: encode every inner chunk the region touches; carry the others over.
        var jobs: [InnerWrite] = []
        for s in 0..<chunks.count {
            let shardOrigin = zip(chunks[s], metadata.chunkShape).map { $0 * $1 }
            for n in 0..<innerCount {
                let innerOrigin = zip(zip(sharding.innerCoordinates(n), sharding.innerShape).map { $0 * $1 }, shardOrigin).map { $0 + $1 }
                let innerBox = zip(innerOrigin, sharding.innerShape).map { $0..<($0 + $1) }
                if ChunkGrid.intersection(innerBox, region) != nil { jobs.append(InnerWrite(shard: s, inner: n)) }
            }
        }
        let slots = UnsafeMutableBufferPointer<[UInt8]?>.allocate(capacity: chunks.count * innerCount)
        slots.initialize(repeating: nil)
        defer { slots.deinitialize(); slots.deallocate() }
        nonisolated(unsafe) let results = slots
        for s in 0..<chunks.count {
            guard let (bytes, index) = existing[s] else { continue }
            for n in 0..<innerCount { if let r = index[n] { results[s * innerCount + n] = Array(bytes[r]) } }
        }
        try Parallel.forEach(jobs.count) { (j: Int) throws(ZarrError) in
            let job = jobs[j]
            let key = chunkKey(chunks[job.shard])
            let shardOrigin = zip(chunks[job.shard], metadata.chunkShape).map { $0 * $1 }
            let innerOrigin = zip(zip(sharding.innerCoordinates(job.inner), sharding.innerShape).map { $0 * $1 }, shardOrigin).map { $0 + $1 }
            let slot = job.shard * innerCount + job.inner
            let previous = results[slot]
            let chunk = try mergedChunk(key: key, chunkShape: sharding.innerShape, chunkOrigin: innerOrigin, region: region, values: values,
                                        existing: { () throws(ZarrError) -> [UInt8]? in
                                            try previous.map { (b: [UInt8]) throws(ZarrError) in try sharding.inner.decode(b, key: key) }
                                        })
            guard let chunk else { return }
            // Inner chunks equal to the fill value are always omitted from the shard (readers fill them in).
            results[slot] = RegionCopy.isFilled(chunk, with: fillElement) ? nil : try sharding.inner.encode(chunk)
        }
        // Phase 3: assemble and store each shard.
        try Parallel.forEach(chunks.count) { (s: Int) throws(ZarrError) in
            let key = chunkKey(chunks[s])
            let inner = Array(results[(s * innerCount)..<((s + 1) * innerCount)])
            if !writeEmptyChunks && inner.allSatisfy({ $0 == nil }) {
                try storage.delete(key)
            } else {
                try storage.set(key, sharding.assemble(inner))
            }
        }
    }
}
