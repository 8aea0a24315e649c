/// Writes one shard of a sharded array slab by slab, streaming it to the store: the shard is
/// never held whole, raw or encoded.
///
/// A time-series cube's shard (`[20, 3000, 3000]` of int16 is 360 MB raw) is built one slab of
/// inner-chunk rows at a time: each ``write(_:region:)`` encodes the inner chunks the slab
/// covers and appends them to the shard; ``finish()`` appends the index and publishes the
/// shard atomically (``ZarrValueWriter``). Inner chunks no slab covered, and those holding only
/// the fill value, are left out of the shard (readers fill them in). Unlike
/// ``ZarrArray/write(_:region:uniformParts:)``, nothing of the old shard is kept: the slabs
/// are the shard's whole new content.
public final class ZarrShardWriter {
    /// The array written to.
    public let array: ZarrArray
    /// The grid coordinates of the shard.
    public let shard: [Int]
    private let sharding: ShardingCodec
    private let key: String
    private let shardBox: [Range<Int>]
    private let output: any ZarrValueWriter
    private let storage: any ZarrWritableStorage
    /// `(offset, nbytes)` per inner chunk, all-ones for a missing one.
    private var entries: [UInt64]
    private var covered: [Bool]
    /// Encoded chunks, in the order of their offsets, held back when the index goes first
    /// (`index_location: start`).
    private var heldBack: [[UInt8]]?
    private var offset = 0
    private var isOpen = true

    /// A writer of shard `shard` of `array`, which must be sharded with `sharding_indexed` as
    /// its only codec.
    public init(array: ZarrArray, shard: [Int]) throws(ZarrError) {
        guard let sharding = array.pipeline.plainSharding else {
            throw .invalidValues(array: array.path, reason: "the array is not sharded (sharding_indexed alone); write its chunks with write(_:region:)")
        }
        let grid = array.grid
        guard shard.count == array.shape.count, zip(shard, grid.chunkCounts).allSatisfy({ $0 >= 0 && $0 < $1 }) else {
            throw .invalidValues(array: array.path, reason: "shard \(shard) is outside the shard grid \(grid.chunkCounts)")
        }
        let storage = try array.writable()
        self.array = array
        self.storage = storage
        self.shard = shard
        self.sharding = sharding
        self.key = array.chunkKey(shard)
        self.shardBox = grid.box(of: shard)
        self.entries = [UInt64](repeating: ShardingCodec.missing, count: sharding.innerChunkCount * 2)
        self.covered = [Bool](repeating: false, count: sharding.innerChunkCount)
        if sharding.configuration.indexLocation == .start {
            heldBack = []
        }
        self.output = try storage.valueWriter(for: key)
    }

    deinit { if isOpen { output.abort() } }

    /// Writes typed values (C order) of `region`; see ``write(_:region:)-(UnsafeRawBufferPointer,_)``.
    public func write<T: ZarrElement>(_ values: [T], region: [Range<Int>]) throws(ZarrError) {
        guard T.zarrDataType == array.dataType, MemoryLayout<T>.stride == array.dataType.byteCount else {
            throw .invalidValues(array: array.path, reason: "got \(T.self) values but the array holds \(array.dataType.rawValue)")
        }
        let result: Result<Void, ZarrError> = values.withUnsafeBytes { raw in
            do throws(ZarrError) { return .success(try write(raw, region: region)) } catch { return .failure(error) }
        }
        try result.get()
    }

    /// Writes raw little-endian element bytes (C order) of `region`: a box inside the shard
    /// made of whole inner chunks (cut at the array's edge), none of them written before.
    public func write(_ values: UnsafeRawBufferPointer, region: [Range<Int>]) throws(ZarrError) {
        guard isOpen else { throw .invalidValues(array: array.path, reason: "shard \(key) was already finished") }
        let inner = sharding.innerShape
        let shape = array.shape
        func bad(_ reason: String) -> ZarrError { .invalidValues(array: array.path, reason: "region \(region) of shard \(key): \(reason)") }
        guard region.count == shape.count else { throw bad("wrong rank") }
        for d in 0..<shape.count {
            let local = (region[d].lowerBound - shardBox[d].lowerBound)..<(region[d].upperBound - shardBox[d].lowerBound)
            guard local.lowerBound >= 0, region[d].upperBound <= min(shardBox[d].upperBound, shape[d]), !local.isEmpty else {
                throw bad("not inside the shard \(shardBox) and the array \(shape)")
            }
            guard local.lowerBound % inner[d] == 0, local.upperBound % inner[d] == 0 || region[d].upperBound == shape[d] else {
                throw bad("not made of whole inner chunks \(inner)")
            }
        }
        let count = region.reduce(1) { $0 * $1.count }
        guard values.count == count * array.dataType.byteCount else {
            throw bad("\(values.count / max(1, array.dataType.byteCount)) values for \(count) elements")
        }
        let innerGrid = ChunkGrid(arrayShape: sharding.shardShape, chunkShape: inner)
        let localRegion = zip(region, shardBox).map { ($0.lowerBound - $1.lowerBound)..<($0.upperBound - $1.lowerBound) }
        let chunks = ChunkGrid.coordinates(in: innerGrid.chunkRanges(localRegion)).map(sharding.innerNumber)
        guard !chunks.contains(where: { covered[$0] }) else { throw bad("an inner chunk was written before") }

        nonisolated(unsafe) let values = values
        let fill = array.fillElement
        let encoded: [[UInt8]?] = try Parallel.map(chunks.count, width: array.concurrency) { (i: Int) throws(ZarrError) -> [UInt8]? in
            let origin = zip(zip(sharding.innerCoordinates(chunks[i]), inner).map { $0 * $1 }, shardBox).map { $0 + $1.lowerBound }
            if let element = array.uniformCover(chunkShape: inner, chunkOrigin: origin, region: region, values: values) {
                return element == fill ? nil : try sharding.inner.encode(uniform: element)
            }
            return try BufferPool.shared.with(size: sharding.inner.chunkByteCount) { (chunk: UnsafeMutableRawBufferPointer) throws(ZarrError) -> [UInt8]? in
                // Whole inner chunks are covered, except beyond the array's edge: fill there.
                _ = try array.mergeChunk(into: chunk, chunkShape: inner, chunkOrigin: origin, region: region, values: values) { _ in false }
                let source = UnsafeRawBufferPointer(chunk)
                return RegionCopy.isFilled(source, with: fill) ? nil : try sharding.inner.encode(source)
            }
        }
        try record(chunks, encoded)
    }

    /// One inner chunk handed over whole: its origin (array coordinates) and its elements in C
    /// order over the full inner chunk shape (beyond the array's edge: the fill value).
    public struct WholeChunk {
        /// The chunk's first element, in array coordinates.
        public var origin: [Int]
        /// The chunk's elements, exactly one inner chunk's bytes.
        public var bytes: UnsafeRawBufferPointer

        /// A chunk at `origin` holding `bytes`.
        public init(origin: [Int], bytes: UnsafeRawBufferPointer) {
            self.origin = origin
            self.bytes = bytes
        }
    }

    /// Writes inner chunks whose elements are already laid out as chunks (no copy): for callers
    /// that build their data chunk by chunk. Each must lie in the shard and the array and not
    /// have been written before; they are encoded in parallel and appended in the given order.
    public func write(chunks: [WholeChunk]) throws(ZarrError) {
        guard isOpen else { throw .invalidValues(array: array.path, reason: "shard \(key) was already finished") }
        let inner = sharding.innerShape
        let size = sharding.inner.chunkByteCount
        var numbers: [Int] = []
        for chunk in chunks {
            func bad(_ reason: String) -> ZarrError { .invalidValues(array: array.path, reason: "inner chunk at \(chunk.origin) of shard \(key): \(reason)") }
            guard chunk.origin.count == inner.count, chunk.bytes.count == size else { throw bad("not one whole inner chunk (\(size) bytes)") }
            let local = zip(chunk.origin, shardBox).map { $0 - $1.lowerBound }
            guard zip(local, zip(inner, sharding.shardShape)).allSatisfy({ $0 >= 0 && $0 % $1.0 == 0 && $0 < $1.1 }),
                  zip(chunk.origin, array.shape).allSatisfy({ $0 < $1 }) else { throw bad("not an inner chunk of the shard inside the array") }
            let number = sharding.innerNumber(zip(local, inner).map { $0 / $1 })
            guard !covered[number], !numbers.contains(number) else { throw bad("written before") }
            numbers.append(number)
        }
        let fill = array.fillElement
        nonisolated(unsafe) let chunks = chunks
        // Fill-only chunks are left out; single-valued ones the pipeline encodes once per value.
        let encoded: [[UInt8]?] = try Parallel.map(chunks.count, width: array.concurrency) { (i: Int) throws(ZarrError) -> [UInt8]? in
            RegionCopy.isFilled(chunks[i].bytes, with: fill) ? nil : try sharding.inner.encode(chunks[i].bytes)
        }
        try record(numbers, encoded)
    }

    private func record(_ numbers: [Int], _ encoded: [[UInt8]?]) throws(ZarrError) {
        for (number, bytes) in zip(numbers, encoded) {
            covered[number] = true
            guard let bytes else { continue }
            let start = heldBack == nil ? offset : sharding.indexByteCount + offset
            entries[2 * number] = UInt64(start)
            entries[2 * number + 1] = UInt64(bytes.count)
            offset += bytes.count
            if heldBack != nil {
                heldBack?.append(bytes)
            } else {
                try append(bytes)
            }
        }
    }

    private func append(_ bytes: [UInt8]) throws(ZarrError) {
        let result: Result<Void, ZarrError> = bytes.withUnsafeBytes { raw in
            do throws(ZarrError) { return .success(try output.append(raw)) } catch { return .failure(error) }
        }
        try result.get()
    }

    /// Publishes the shard: its chunks and index, atomically; or, when every chunk is missing
    /// and the array does not write empty chunks, deletes it. Returns whether a shard was stored.
    @discardableResult
    public func finish() throws(ZarrError) -> Bool {
        guard isOpen else { throw .invalidValues(array: array.path, reason: "shard \(key) was already finished") }
        isOpen = false
        guard offset > 0 || array.writeEmptyChunks else {
            output.abort()
            try storage.delete(key)
            return false
        }
        do throws(ZarrError) {
            let index = try sharding.index.encode(entries.withUnsafeBytes { Array($0) })
            try append(index)
            for bytes in heldBack ?? [] { try append(bytes) }
            try output.commit()
        } catch {
            output.abort()
            throw error
        }
        return true
    }

    /// Drops the shard being written; the store keeps the old one.
    public func abort() {
        guard isOpen else { return }
        isOpen = false
        output.abort()
    }
}
