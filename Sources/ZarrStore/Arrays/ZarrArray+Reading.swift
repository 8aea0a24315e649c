import CPOSIX
// MARK: - Reading

extension ZarrArray {
    /// Reads `region` (default: the whole array) as typed values in C order.
    /// `T` must match the array's data type (e.g. `Int16` for `int16`).
    public func read<T: ZarrElement>(_ type: T.Type = T.self, region: [Range<Int>]? = nil) async throws(ZarrError) -> [T] {
        guard T.zarrDataType == dataType, MemoryLayout<T>.stride == dataType.byteCount else {
            throw .invalidValues(array: path, reason: "requested \(T.self) but the array holds \(dataType.rawValue)")
        }
        if T.self == Bool.self {
            // Stored bytes other than 0/1 must not be loaded as Bool directly.
            let bytes = try await readBytes(region: region)
            return ElementBytes.values(bytes, as: T.self)
        }
        let region = region ?? fullRegion
        let count = try checkedElementCount(region)
        return try await onPool(bytes: count * dataType.byteCount) { () throws(ZarrError) -> [T] in try readValues(region, count: count) }
    }

    /// The synchronous core of ``read(_:region:)``.
    private func readValues<T: ZarrElement>(_ region: [Range<Int>], count: Int) throws(ZarrError) -> [T] {
        var failure: ZarrError?
        let values = [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            do throws(ZarrError) {
                eocube_advise_huge_pages(buffer.baseAddress, count * MemoryLayout<T>.stride)
                if count > 0 { try readRegion(region, into: UnsafeMutableRawPointer(buffer.baseAddress!)) }
                initialized = count
            } catch {
                // Hand back a fully initialised (zeroed) buffer; the error is rethrown below.
                if count > 0 { UnsafeMutableRawPointer(buffer.baseAddress!).initializeMemory(as: UInt8.self, repeating: 0, count: count * MemoryLayout<T>.stride) }
                initialized = count
                failure = error
            }
        }
        if let failure { throw failure }
        return values
    }

    /// Reads `region` as raw little-endian element bytes in C order.
    public func readBytes(region: [Range<Int>]? = nil) async throws(ZarrError) -> [UInt8] {
        let bytes = (try? checkedElementCount(region ?? fullRegion)).map { $0 * dataType.byteCount } ?? 0
        return try await onPool(bytes: bytes) { () throws(ZarrError) -> [UInt8] in try readRegionBytes(region) }
    }

    /// Reads `region` as raw element bytes into `bytes`, which must hold exactly the region: for
    /// callers that read many regions of one size and keep one buffer for them.
    public func readBytes(region: [Range<Int>], into bytes: inout [UInt8]) async throws(ZarrError) {
        try readRegion(region, intoBuffer: &bytes)
    }

    /// Reads `region` as typed values into `values`, which must hold exactly the region (see
    /// ``readBytes(region:into:)``).
    public func read<T: ZarrElement>(region: [Range<Int>], into values: inout [T]) async throws(ZarrError) {
        guard T.zarrDataType == dataType, MemoryLayout<T>.stride == dataType.byteCount else {
            throw .invalidValues(array: path, reason: "asked for \(T.self) values but the array holds \(dataType.rawValue)")
        }
        try readRegion(region, intoBuffer: &values)
    }

    private func readRegion<T>(_ region: [Range<Int>], intoBuffer values: inout [T]) throws(ZarrError) {
        let count = try checkedElementCount(region)
        let result: Result<Void, ZarrError> = values.withUnsafeMutableBytes { buffer in
            guard buffer.count == count * dataType.byteCount else {
                return .failure(.invalidRegion(array: path, reason: "a buffer of \(buffer.count) bytes for a region of \(count) \(dataType.rawValue) elements"))
            }
            guard count > 0, let base = buffer.baseAddress else { return .success(()) }
            do throws(ZarrError) { return .success(try readRegion(region, into: base)) } catch { return .failure(error) }
        }
        try result.get()
    }

    func validate(_ region: [Range<Int>]) throws(ZarrError) {
        guard region.count == shape.count else {
            throw .invalidRegion(array: path, reason: "region has \(region.count) dimensions, the array \(shape.count)")
        }
        for (d, r) in region.enumerated() where r.lowerBound < 0 || r.upperBound > shape[d] {
            throw .invalidRegion(array: path, reason: "range \(r.lowerBound)..<\(r.upperBound) is outside 0..<\(shape[d]) in dimension \(d)")
        }
    }

    /// Validates `region` and returns its element count, refusing sizes that cannot be allocated.
    func checkedElementCount(_ region: [Range<Int>]) throws(ZarrError) -> Int {
        try validate(region)
        var count = 1
        for r in region {
            let (product, overflow) = count.multipliedReportingOverflow(by: r.count)
            guard !overflow else { throw .invalidRegion(array: path, reason: "region is too large") }
            count = product
        }
        let (total, overflow) = count.multipliedReportingOverflow(by: dataType.byteCount)
        // The region buffer plus one decoded chunk must fit the memory this process may use.
        let (needed, tooMuch) = total.addingReportingOverflow(pipeline.chunkByteCount)
        guard !overflow, !tooMuch, needed <= MemoryBudget.bytes else {
            throw .invalidRegion(array: path, reason: "a region of \(region.map(\.count)) \(dataType.rawValue) elements needs "
                                 + "\(overflow ? "more than \(Int.max)" : "\(total)") bytes, more than the \(MemoryBudget.bytes) bytes of memory "
                                 + "this process may use; read it in smaller parts")
        }
        return count
    }

    /// The synchronous core of reading raw bytes, shared by the async API and the CLI.
    func readRegionBytes(_ requested: [Range<Int>]?) throws(ZarrError) -> [UInt8] {
        let region = requested ?? fullRegion
        let count = try checkedElementCount(region)
        // Every byte is written below (decoded chunks or the fill value), so skip zeroing.
        var output = [UInt8](unsafeUninitializedCapacity: count * dataType.byteCount) { buffer, n in
            eocube_advise_huge_pages(buffer.baseAddress, buffer.count)
            n = count * dataType.byteCount
        }
        if count == 0 { return output }
        try UnsafeAccess.withMutableBytes(&output) { (base: UnsafeMutableRawPointer) throws(ZarrError) in
            try readRegion(region, into: base)
        }
        return output
    }

    /// Decodes every chunk meeting `region` straight into `base` (a C-ordered buffer of the
    /// region's shape); parts of missing chunks get the fill value.
    func readRegion(_ region: [Range<Int>], into base: UnsafeMutableRawPointer) throws(ZarrError) {
        nonisolated(unsafe) let base = base
        let chunks = ChunkGrid.coordinates(in: grid.chunkRanges(region))
        if let sharding = pipeline.plainSharding {
            // A few shards at a time, so only their bytes are held in memory at once.
            for batch in Self.shardBatches(chunks, innerChunkCount: sharding.innerChunkCount) {
                try readSharded(sharding, chunks: batch, region: region, into: base)
            }
            return
        }
        try Parallel.forEach(chunks.count, width: max(concurrency, storage.preferredConcurrency)) { (i: Int) throws(ZarrError) in
            let key = chunkKey(chunks[i])
            let origin = zip(chunks[i], metadata.chunkShape).map { $0 * $1 }
            guard let stored = try storage.get(key, maximumBytes: pipeline.maximumStoredSize) else {
                fillInRegion(chunkShape: metadata.chunkShape, chunkOrigin: origin, region: region, output: base)
                return
            }
            try BufferPool.shared.with(size: pipeline.chunkByteCount) { (scratch: UnsafeMutableRawBufferPointer) throws(ZarrError) in
                try pipeline.decode(stored[...], into: scratch, key: key)
                copyIntoRegion(UnsafeRawPointer(scratch.baseAddress!), chunkShape: metadata.chunkShape, chunkOrigin: origin, region: region, output: base)
            }
        }
    }

    /// Shards grouped into batches big enough to keep every core busy (at least eight inner
    /// chunks per core) and small enough to bound memory to a few shards.
    static func shardBatches(_ shards: [[Int]], innerChunkCount: Int) -> [ArraySlice<[Int]>] {
        let perBatch = max(Parallel.width, (8 * Parallel.width + innerChunkCount - 1) / max(1, innerChunkCount))
        return stride(from: 0, to: shards.count, by: perBatch).map { shards[$0..<min($0 + perBatch, shards.count)] }
    }

    /// Copies the part of a decoded chunk (at `chunkOrigin`) that lies in `region` into the region buffer.
    func copyIntoRegion(_ decoded: UnsafeRawPointer, chunkShape: [Int], chunkOrigin: [Int], region: [Range<Int>], output: UnsafeMutableRawPointer) {
        let chunkBox = zip(chunkOrigin, chunkShape).map { $0..<($0 + $1) }
        guard let overlap = ChunkGrid.intersection(chunkBox, region) else { return }
        RegionCopy.copy(from: decoded, sourceShape: chunkShape,
                        sourceOrigin: zip(overlap, chunkOrigin).map { $0.lowerBound - $1 },
                        to: output, destinationShape: region.map(\.count),
                        destinationOrigin: zip(overlap, region).map { $0.lowerBound - $1.lowerBound },
                        extent: overlap.map(\.count), elementSize: dataType.byteCount)
    }

    /// Writes the fill value where a missing chunk (at `chunkOrigin`) meets `region`.
    func fillInRegion(chunkShape: [Int], chunkOrigin: [Int], region: [Range<Int>], output: UnsafeMutableRawPointer) {
        let chunkBox = zip(chunkOrigin, chunkShape).map { $0..<($0 + $1) }
        guard let overlap = ChunkGrid.intersection(chunkBox, region) else { return }
        RegionCopy.fill(output, shape: region.map(\.count), origin: zip(overlap, region).map { $0.lowerBound - $1.lowerBound },
                        extent: overlap.map(\.count), element: fillElement)
    }

    /// One inner chunk to fetch and decode (`range == nil`: missing, use the fill value).
    private struct InnerRead: Sendable {
        let shard: Int
        let inner: Int
        let range: Range<Int>?
    }

    /// Sharded read: fetch each shard's index (or the whole shard when most of it is needed),
    /// then decode only the needed inner chunks, all in parallel, straight into the output.
    private func readSharded(_ sharding: ShardingCodec, chunks batch: ArraySlice<[Int]>, region: [Range<Int>], into base: UnsafeMutableRawPointer) throws(ZarrError) {
        nonisolated(unsafe) let base = base
        let chunks = Array(batch)
        let plans: [(whole: [UInt8]?, reads: [InnerRead])] = try Parallel.map(chunks.count, width: max(concurrency, storage.preferredConcurrency)) {
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
                guard let bytes = try storage.get(key, maximumBytes: pipeline.maximumStoredSize) else {
                    return (nil, needed.map { InnerRead(shard: s, inner: $0, range: nil) })
                }
                guard bytes.count >= sharding.indexByteCount else { throw .corruptChunk(key: key, reason: "shard is shorter than its index") }
                index = try sharding.decodeIndex(bytes[sharding.indexRange(shardSize: bytes.count)], shardSize: bytes.count, key: key)
                whole = bytes
            } else {
                let range: ZarrByteRange = sharding.configuration.indexLocation == .start
                    ? .bounded(0..<sharding.indexByteCount) : .suffix(sharding.indexByteCount)
                guard let indexBytes = try storage.get(key, range: range) else {
                    return (nil, needed.map { InnerRead(shard: s, inner: $0, range: nil) })
                }
                index = try sharding.decodeIndex(indexBytes[...], shardSize: Int(Int64.max), key: key)
            }
            return (whole, needed.map { InnerRead(shard: s, inner: $0, range: index[$0]) })
        }
        let reads = plans.flatMap(\.reads)
        // Inner chunks of whole shards are CPU work; ranged fetches wait on the store.
        let fetching = plans.contains { $0.whole == nil && !$0.reads.isEmpty }
        try Parallel.forEach(reads.count, width: fetching ? max(concurrency, storage.preferredConcurrency) : concurrency) { (i: Int) throws(ZarrError) in
            let read = reads[i]
            let key = chunkKey(chunks[read.shard])
            let shardOrigin = zip(chunks[read.shard], metadata.chunkShape).map { $0 * $1 }
            let innerOrigin = zip(zip(sharding.innerCoordinates(read.inner), sharding.innerShape).map { $0 * $1 }, shardOrigin).map { $0 + $1 }
            guard let range = read.range else {
                fillInRegion(chunkShape: sharding.innerShape, chunkOrigin: innerOrigin, region: region, output: base)
                return
            }
            let encoded: ArraySlice<UInt8>
            if let whole = plans[read.shard].whole {
                encoded = whole[range]
            } else {
                guard let bytes = try storage.get(key, range: .bounded(range)) else {
                    throw .corruptChunk(key: key, reason: "shard disappeared while being read")
                }
                encoded = bytes[...]
            }
            try BufferPool.shared.with(size: sharding.inner.chunkByteCount) { (scratch: UnsafeMutableRawBufferPointer) throws(ZarrError) in
                try sharding.inner.decode(encoded, into: scratch, key: key)
                copyIntoRegion(UnsafeRawPointer(scratch.baseAddress!), chunkShape: sharding.innerShape, chunkOrigin: innerOrigin, region: region, output: base)
            }
        }
    }
}
