// MARK: - Writing

extension ZarrArray {
    /// Writes typed values (C order) into `region` (default: the whole array). Chunks only
    /// partly covered are read, merged and rewritten; chunks left all-fill are deleted
    /// unless ``writeEmptyChunks`` is set.
    ///
    /// `uniformParts` names parts of the region known to hold one value each (see
    /// ``ZarrUniformPart``): chunks inside them are written without reading their values.
    public func write<T: ZarrElement>(_ values: [T], region: [Range<Int>]? = nil,
                                      uniformParts: [ZarrUniformPart<T>] = []) async throws(ZarrError) {
        guard T.zarrDataType == dataType, MemoryLayout<T>.stride == dataType.byteCount else {
            throw .invalidValues(array: path, reason: "got \(T.self) values but the array holds \(dataType.rawValue)")
        }
        let known = uniformParts.map { part in UniformBytes(region: part.region, element: withUnsafeBytes(of: part.value) { Array($0) }) }
        try await onPool(bytes: values.count * dataType.byteCount) { () throws(ZarrError) in
            let result: Result<Void, ZarrError> = values.withUnsafeBytes { raw in
                do throws(ZarrError) { return .success(try writeRegion(raw, region, known: known)) } catch { return .failure(error) }
            }
            try result.get()
        }
    }

    /// Writes raw little-endian element bytes (C order) into `region`.
    public func writeBytes(_ bytes: [UInt8], region: [Range<Int>]? = nil) async throws(ZarrError) {
        try await onPool(bytes: bytes.count) { () throws(ZarrError) in
            let result: Result<Void, ZarrError> = bytes.withUnsafeBytes { raw in
                do throws(ZarrError) { return .success(try writeRegion(raw, region)) } catch { return .failure(error) }
            }
            try result.get()
        }
    }

    /// Writes one whole chunk (a shard, for sharded arrays: ``ZarrShardWriter`` streams those
    /// instead) from `bytes`, its elements in C order over the full chunk shape (beyond the array's edge: the fill value): encoded as it is, no copy
    /// and no read of the old chunk. A chunk of fill values is deleted unless ``writeEmptyChunks``.
    /// Synchronous: it encodes and stores on the calling thread (the caller owns `bytes`' lifetime).
    public func writeChunk(at coordinates: [Int], bytes: UnsafeRawBufferPointer) throws(ZarrError) {
        _ = try writable()
        guard coordinates.count == shape.count, zip(coordinates, grid.chunkCounts).allSatisfy({ $0 >= 0 && $0 < $1 }) else {
            throw .invalidValues(array: path, reason: "chunk \(coordinates) is outside the chunk grid \(grid.chunkCounts)")
        }
        guard bytes.count == pipeline.chunkByteCount else {
            throw .invalidValues(array: path, reason: "\(bytes.count) bytes for a chunk of \(pipeline.chunkByteCount)")
        }
        try store(chunk: bytes, key: chunkKey(coordinates))
    }

    /// Stores one whole chunk's elements under `key`: deleted when all fill (unless
    /// ``writeEmptyChunks``), else encoded (single-valued chunks once per value, by the pipeline).
    private func store(chunk bytes: UnsafeRawBufferPointer, key: String) throws(ZarrError) {
        let storage = try writable()
        if !writeEmptyChunks && RegionCopy.isFilled(bytes, with: fillElement) {
            try storage.delete(key)
        } else {
            try storage.set(key, pipeline.encode(bytes))
        }
    }

    /// The synchronous core of writing: `values` holds the region's elements in C order.
    func writeRegion(_ values: UnsafeRawBufferPointer, _ requested: [Range<Int>]?, known: [UniformBytes] = []) throws(ZarrError) {
        let storage = try writable()
        let region = requested ?? fullRegion
        let count = try checkedElementCount(region)
        guard values.count == count * dataType.byteCount else {
            throw .invalidValues(array: path, reason: "\(values.count / max(1, dataType.byteCount)) values for a region of \(count) elements")
        }
        if count == 0 { return }
        nonisolated(unsafe) let values = values
        let chunks = ChunkGrid.coordinates(in: grid.chunkRanges(region))
        if let sharding = pipeline.plainSharding {
            // A few shards at a time, so only their encoded chunks are held in memory at once.
            for batch in Self.shardBatches(chunks, innerChunkCount: sharding.innerChunkCount) {
                let shards = Array(batch)
                try ChunkLocks.shared.withLocks(shards.map { storage.description + "|" + chunkKey($0) }) { () throws(ZarrError) in
                    try writeSharded(sharding, values, chunks: shards, region: region, known: known)
                }
            }
            return
        }
        try Parallel.forEach(chunks.count, width: concurrency) { (i: Int) throws(ZarrError) in
            let key = chunkKey(chunks[i])
            let origin = zip(chunks[i], metadata.chunkShape).map { $0 * $1 }
            try ChunkLocks.shared.withLocks([storage.description + "|" + key]) { () throws(ZarrError) in
            if let element = uniformCover(chunkShape: metadata.chunkShape, chunkOrigin: origin, region: region, values: values, known: known) {
                if !writeEmptyChunks && element == fillElement { try storage.delete(key) } else { try storage.set(key, pipeline.encode(uniform: element)) }
                return
            }
            try BufferPool.shared.with(size: pipeline.chunkByteCount) { (chunk: UnsafeMutableRawBufferPointer) throws(ZarrError) in
                let merged = try mergeChunk(into: chunk, chunkShape: metadata.chunkShape, chunkOrigin: origin, region: region, values: values) {
                    (destination: UnsafeMutableRawBufferPointer) throws(ZarrError) -> Bool in
                    guard let stored = try storage.get(key, maximumBytes: pipeline.maximumStoredSize) else { return false }
                    try pipeline.decode(stored[...], into: destination, key: key)
                    return true
                }
                guard merged else { return }
                try store(chunk: UnsafeRawBufferPointer(chunk), key: key)
            }
            }
        }
    }

    /// The one value of the part of `values` (laid out over `region`) that covers the chunk at
    /// `chunkOrigin`, or nil when the region does not cover the whole chunk or its values differ.
    /// Such a chunk (per-pixel metadata, mostly) is written without being copied or encoded again.
    func uniformCover(chunkShape: [Int], chunkOrigin: [Int], region: [Range<Int>], values: UnsafeRawBufferPointer,
                      known: [UniformBytes] = []) -> [UInt8]? {
        let box = zip(chunkOrigin, chunkShape).map { $0..<($0 + $1) }
        guard let base = values.baseAddress, ChunkGrid.intersection(box, region) == box else { return nil }
        let origin = zip(chunkOrigin, region).map { $0 - $1.lowerBound }
        if let part = known.first(where: { ChunkGrid.intersection(box, $0.region) == box }) { return part.element }
        return RegionCopy.uniformElement(in: base, shape: region.map(\.count), origin: origin, extent: chunkShape, elementSize: dataType.byteCount)
    }

    /// Builds in `chunk` the new content of the chunk at `chunkOrigin`: the values of `region`
    /// over the chunk's previous content (`loadExisting` decodes it and returns `false` when
    /// there is none: fill). Returns `false` when the chunk does not meet the region.
    func mergeChunk(into chunk: UnsafeMutableRawBufferPointer, chunkShape: [Int], chunkOrigin: [Int], region: [Range<Int>],
                    values: UnsafeRawBufferPointer,
                    loadExisting: (UnsafeMutableRawBufferPointer) throws(ZarrError) -> Bool) throws(ZarrError) -> Bool {
        let fullBox = zip(chunkOrigin, chunkShape).map { $0..<($0 + $1) }
        let inBounds = zip(fullBox, shape).map { $0.lowerBound..<min($0.upperBound, $1) }
        guard let overlap = ChunkGrid.intersection(fullBox, region) else { return false }
        let zeros = chunkShape.map { _ in 0 }
        if overlap == fullBox {
            // Every byte is overwritten below.
        } else if overlap == inBounds {
            // Parts beyond the array's edge hold the fill value, as zarr-python writes them.
            RegionCopy.fill(chunk.baseAddress!, shape: chunkShape, origin: zeros, extent: chunkShape, element: fillElement)
        } else if try !loadExisting(chunk) {
            RegionCopy.fill(chunk.baseAddress!, shape: chunkShape, origin: zeros, extent: chunkShape, element: fillElement)
        }
        RegionCopy.copy(from: values.baseAddress!, sourceShape: region.map(\.count),
                        sourceOrigin: zip(overlap, region).map { $0.lowerBound - $1.lowerBound },
                        to: chunk.baseAddress!, destinationShape: chunkShape,
                        destinationOrigin: zip(overlap, chunkOrigin).map { $0.lowerBound - $1 },
                        extent: overlap.map(\.count), elementSize: dataType.byteCount)
        return true
    }

    /// One inner chunk of a shard being rewritten.
    private struct InnerWrite: Sendable {
        let shard: Int
        let inner: Int
    }

    /// Sharded write: untouched inner chunks keep their encoded bytes; touched ones are
    /// merged and re-encoded in parallel; then each shard is reassembled and stored.
    private func writeSharded(_ sharding: ShardingCodec, _ values: UnsafeRawBufferPointer, chunks: [[Int]], region: [Range<Int>],
                              known: [UniformBytes]) throws(ZarrError) {
        let storage = try writable()
        nonisolated(unsafe) let values = values
        let innerCount = sharding.innerChunkCount
        // Phase 1: existing shards (only for shards the region does not cover completely).
        let existing: [(bytes: [UInt8], index: [Range<Int>?])?] = try Parallel.map(chunks.count, width: concurrency) {
            (s: Int) throws(ZarrError) -> (bytes: [UInt8], index: [Range<Int>?])? in
            let box = grid.box(of: chunks[s])
            if ChunkGrid.intersection(box, region) == box { return nil }
            let key = chunkKey(chunks[s])
            guard let bytes = try storage.get(key, maximumBytes: pipeline.maximumStoredSize) else { return nil }
            guard bytes.count >= sharding.indexByteCount else { throw .corruptChunk(key: key, reason: "shard is shorter than its index") }
            let index = try sharding.decodeIndex(bytes[sharding.indexRange(shardSize: bytes.count)], shardSize: bytes.count, key: key)
            return (bytes, index)
        }
        // Phase 2: encode every inner chunk the region touches; carry the others over.
        var jobs: [InnerWrite] = []
        let innerGrid = ChunkGrid(arrayShape: sharding.shardShape, chunkShape: sharding.innerShape)
        for s in 0..<chunks.count {
            let shardOrigin = zip(chunks[s], metadata.chunkShape).map { $0 * $1 }
            let local = zip(region, shardOrigin).map { max(0, $0.lowerBound - $1)..<max(0, $0.upperBound - $1) }
            let clipped = zip(local, sharding.shardShape).map { $0.lowerBound..<min($0.upperBound, $1) }
            for c in ChunkGrid.coordinates(in: innerGrid.chunkRanges(clipped)) {
                jobs.append(InnerWrite(shard: s, inner: sharding.innerNumber(c)))
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
        try Parallel.forEach(jobs.count, width: concurrency) { (j: Int) throws(ZarrError) in
            let job = jobs[j]
            let key = chunkKey(chunks[job.shard])
            let shardOrigin = zip(chunks[job.shard], metadata.chunkShape).map { $0 * $1 }
            let innerOrigin = zip(zip(sharding.innerCoordinates(job.inner), sharding.innerShape).map { $0 * $1 }, shardOrigin).map { $0 + $1 }
            let slot = job.shard * innerCount + job.inner
            if let element = uniformCover(chunkShape: sharding.innerShape, chunkOrigin: innerOrigin, region: region, values: values, known: known) {
                results[slot] = element == fillElement ? nil : try sharding.inner.encode(uniform: element)
                return
            }
            let previous = results[slot]
            try BufferPool.shared.with(size: sharding.inner.chunkByteCount) { (chunk: UnsafeMutableRawBufferPointer) throws(ZarrError) in
                let merged = try mergeChunk(into: chunk, chunkShape: sharding.innerShape, chunkOrigin: innerOrigin, region: region, values: values) {
                    (destination: UnsafeMutableRawBufferPointer) throws(ZarrError) -> Bool in
                    guard let previous else { return false }
                    try sharding.inner.decode(previous[...], into: destination, key: key)
                    return true
                }
                guard merged else { return }
                // Inner chunks equal to the fill value are always omitted from the shard (readers fill them in).
                let source = UnsafeRawBufferPointer(chunk)
                results[slot] = RegionCopy.isFilled(source, with: fillElement) ? nil : try sharding.inner.encode(source)
            }
        }
        // Phase 3: assemble and store each shard.
        try Parallel.forEach(chunks.count, width: concurrency) { (s: Int) throws(ZarrError) in
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
