import CPOSIX

/// Configuration of the `sharding_indexed` codec.
public struct ZarrShardingConfiguration: ZarrCodecConfiguration {
    public static let codecName = "sharding_indexed"

    /// Where the shard index is stored in the shard object.
    public enum IndexLocation: String, Sendable, Hashable {
        /// The index precedes the inner chunks.
        case start
        /// The index follows the inner chunks (zarr-python's default).
        case end
    }

    /// The shape of the inner chunks; must divide the shard shape.
    public var chunkShape: [Int]
    /// The codec chain of each inner chunk.
    public var codecs: [ZarrCodec]
    /// The codec chain of the index (only `bytes` and `crc32c` make sense: the index must have a fixed size).
    public var indexCodecs: [ZarrCodec]
    /// Where the index lives.
    public var indexLocation: IndexLocation

    /// A sharding configuration; the defaults match zarr-python's.
    public init(chunkShape: [Int], codecs: [ZarrCodec] = [.bytes(endian: .little)],
                indexCodecs: [ZarrCodec] = [.bytes(endian: .little), .crc32c], indexLocation: IndexLocation = .end) {
        self.chunkShape = chunkShape
        self.codecs = codecs
        self.indexCodecs = indexCodecs
        self.indexLocation = indexLocation
    }

    /// `sharding[INNER CODECS; index LOCATION]`.
    public var description: String {
        "sharding[\(codecs.map(\.description).joined(separator: ",")); index \(indexLocation.rawValue)]"
    }
}

extension ZarrCodec {
    /// `sharding_indexed`: many inner chunks stored in one shard object with an index.
    public static func sharding(_ configuration: ZarrShardingConfiguration) -> ZarrCodec { ZarrCodec(configuration) }
}

extension ZarrShardingConfiguration: CodecPlugin {
    static var stage: CodecStage { .arrayToBytes }

    init(reading c: CodecConfigurationReader) throws(ZarrError) {
        var location = IndexLocation.end
        if let l = c["index_location"] {
            guard let s = l.stringValue, let parsed = IndexLocation(rawValue: s) else { throw c.bad("index_location must be 'start' or 'end'") }
            location = parsed
        }
        self.init(chunkShape: try c.shape("chunk_shape"), codecs: try c.chain("codecs"), indexCodecs: try c.chain("index_codecs"),
                  indexLocation: location)
    }

    func configurationJSON(elementSize: Int) -> JSONValue? {
        ["chunk_shape": JSONValue(integers: chunkShape),
         "codecs": .array(codecs.map { $0.json(elementSize: elementSize) }),
         // The index holds uint64 offsets and sizes.
         "index_codecs": .array(indexCodecs.map { $0.json(elementSize: 8) }),
         "index_location": .string(indexLocation.rawValue)]
    }

    func makeCodec(_ context: CodecContext) throws(ZarrError) -> RuntimeCodec {
        .arrayToBytes(try ShardingCodec(configuration: self, shardShape: context.shape, dataType: context.dataType,
                                        fillElement: context.fillElement, key: context.key))
    }
}

/// The `sharding_indexed` codec: a shard holds a grid of inner chunks, each encoded with
/// the inner chain, plus an index of `(offset, nbytes)` pairs (all-ones for a missing chunk).
struct ShardingCodec: ArrayToBytesCodec {
    let configuration: ZarrShardingConfiguration
    let shardShape: [Int]
    let innerShape: [Int]
    let chunksPerShard: [Int]
    let inner: CodecPipeline
    let index: CodecPipeline
    let indexByteCount: Int
    let fillElement: [UInt8]
    let elementSize: Int

    static let missing = UInt64.max
    /// Upper bound on inner chunks per shard, so a hostile index cannot demand huge allocations.
    static let maximumInnerChunks = 1 << 22

    init(configuration: ZarrShardingConfiguration, shardShape: [Int], dataType: ZarrDataType,
         fillElement: [UInt8], key: String) throws(ZarrError) {
        func bad(_ reason: String) -> ZarrError { .invalidMetadata(key: key, reason: reason) }
        let innerShape = configuration.chunkShape
        guard innerShape.count == shardShape.count else {
            throw bad("sharding chunk_shape \(innerShape) has a different rank than the shard shape \(shardShape)")
        }
        guard !innerShape.contains(0), zip(shardShape, innerShape).allSatisfy({ $0 % $1 == 0 }) else {
            throw bad("sharding chunk_shape \(innerShape) does not divide the shard shape \(shardShape)")
        }
        let count = zip(shardShape, innerShape).reduce(1) { $0.multipliedReportingOverflow(by: $1.0 / $1.1).partialValue }
        guard count <= Self.maximumInnerChunks else {
            throw bad("a shard of \(shardShape) holds more than \(Self.maximumInnerChunks) inner chunks of \(innerShape)")
        }
        self.configuration = configuration
        self.shardShape = shardShape
        self.innerShape = innerShape
        self.chunksPerShard = zip(shardShape, innerShape).map { $0 / $1 }
        self.inner = try CodecPipeline(codecs: configuration.codecs, dataType: dataType, chunkShape: innerShape, key: key, fillElement: fillElement)
        self.index = try CodecPipeline(codecs: configuration.indexCodecs, dataType: .uint64, chunkShape: chunksPerShard + [2], key: key)
        guard let size = index.fixedEncodedSize else {
            throw .unsupportedFeature(key: key, feature: "shard index codecs without a fixed size (only bytes and crc32c are allowed)")
        }
        self.indexByteCount = size
        self.fillElement = fillElement
        self.elementSize = dataType.byteCount
    }

    var innerChunkCount: Int { chunksPerShard.reduce(1, *) }

    func encodedSize(shape: [Int]) -> Int? { nil }

    func maximumEncodedSize(shape: [Int]) -> Int {
        let (chunks, overflow) = innerChunkCount.multipliedReportingOverflow(by: inner.maximumStoredSize)
        return overflow ? .max : chunks.addingReportingOverflow(indexByteCount).overflow ? .max : chunks + indexByteCount
    }

    /// The C-order grid coordinates of inner chunk number `n`.
    func innerCoordinates(_ n: Int) -> [Int] {
        var coordinates = [Int](repeating: 0, count: chunksPerShard.count)
        var rest = n
        for d in stride(from: chunksPerShard.count - 1, through: 0, by: -1) {
            coordinates[d] = rest % chunksPerShard[d]
            rest /= chunksPerShard[d]
        }
        return coordinates
    }

    /// The linear number of inner chunk `coordinates`.
    func innerNumber(_ coordinates: [Int]) -> Int {
        var n = 0
        for d in 0..<coordinates.count { n = n * chunksPerShard[d] + coordinates[d] }
        return n
    }

    // MARK: Index

    /// Decodes and checks the index against the shard's size: `(offset, nbytes)` per inner chunk, `nil` when missing.
    func decodeIndex(_ bytes: ArraySlice<UInt8>, shardSize: Int, key: String) throws(ZarrError) -> [Range<Int>?] {
        let raw = try index.decode(bytes, key: key)
        let count = innerChunkCount
        var result = [Range<Int>?](repeating: nil, count: count)
        let entries: [UInt64] = raw.withUnsafeBytes { p in
            (0..<(2 * count)).map { p.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self).littleEndian }
        }
        for i in 0..<count {
            let offset = entries[2 * i], length = entries[2 * i + 1]
            if offset == Self.missing && length == Self.missing { continue }
            guard offset <= UInt64(shardSize), length <= UInt64(shardSize) - offset else {
                throw .corruptChunk(key: key, reason: "shard index entry \(i) (offset \(offset), \(length) bytes) is out of range for a \(shardSize)-byte shard")
            }
            // Checked before any ranged read allocates it: an inner chunk has a bounded encoded size.
            guard length <= UInt64(inner.maximumStoredSize) else {
                throw .corruptChunk(key: key, reason: "shard index entry \(i) claims \(length) bytes, more than the \(inner.maximumStoredSize) an inner chunk can take")
            }
            result[i] = Int(offset)..<Int(offset + length)
        }
        return result
    }

    /// The byte range of the index within a shard of `shardSize` bytes.
    func indexRange(shardSize: Int) -> Range<Int> {
        configuration.indexLocation == .start ? 0..<indexByteCount : (shardSize - indexByteCount)..<shardSize
    }

    /// Lays out encoded inner chunks (`nil` = missing) and the index into one shard object.
    func assemble(_ chunks: [[UInt8]?]) throws(ZarrError) -> [UInt8] {
        var entries = [UInt64](repeating: Self.missing, count: chunks.count * 2)
        let dataStart = configuration.indexLocation == .start ? indexByteCount : 0
        var offset = dataStart
        for (i, chunk) in chunks.enumerated() {
            guard let chunk else { continue }
            entries[2 * i] = UInt64(offset)
            entries[2 * i + 1] = UInt64(chunk.count)
            offset += chunk.count
        }
        let indexBytes = try index.encode(entries.withUnsafeBytes { Array($0) })
        let indexStart = configuration.indexLocation == .start ? 0 : offset
        let total = offset + (configuration.indexLocation == .end ? indexBytes.count : 0)
        // One allocation, filled in place: a shard can be tens of megabytes.
        return [UInt8](unsafeUninitializedCapacity: total) { buffer, initialized in
            guard let base = buffer.baseAddress else { return }
            eocube_advise_huge_pages(base, total)
            var position = dataStart
            for chunk in chunks {
                guard let chunk else { continue }
                chunk.withUnsafeBufferPointer { (base + position).initialize(from: $0.baseAddress!, count: chunk.count) }
                position += chunk.count
            }
            indexBytes.withUnsafeBufferPointer { (base + indexStart).initialize(from: $0.baseAddress!, count: min(indexBytes.count, total - indexStart)) }
            initialized = total
        }
    }

    // MARK: Whole-shard coding (used when sharding is wrapped by other codecs)

    func encode(_ chunk: ChunkBuffer) throws(ZarrError) -> [UInt8] {
        let encoded: [[UInt8]?] = try Parallel.map(innerChunkCount) { (n: Int) throws(ZarrError) -> [UInt8]? in
            let origin = zip(innerCoordinates(n), innerShape).map { $0 * $1 }
            var buffer = [UInt8](repeating: 0, count: innerShape.reduce(1, *) * elementSize)
            chunk.bytes.withUnsafeBytes { src in
                buffer.withUnsafeMutableBytes { dst in
                    RegionCopy.copy(from: src.baseAddress!, sourceShape: shardShape, sourceOrigin: origin,
                                    to: dst.baseAddress!, destinationShape: innerShape, destinationOrigin: innerShape.map { _ in 0 },
                                    extent: innerShape, elementSize: elementSize)
                }
            }
            if RegionCopy.isFilled(buffer, with: fillElement) { return nil }
            return try inner.encode(buffer)
        }
        return try assemble(encoded)
    }

    func decode(_ bytes: ArraySlice<UInt8>, shape: [Int], key: String) throws(ZarrError) -> ChunkBuffer {
        guard bytes.count >= indexByteCount else { throw .corruptChunk(key: key, reason: "shard is shorter than its index") }
        let bytes = Array(bytes)
        let ranges = try decodeIndex(bytes[indexRange(shardSize: bytes.count)], shardSize: bytes.count, key: key)
        var output = RegionCopy.filled(fillElement, count: shardShape.reduce(1, *))
        try UnsafeAccess.withMutableBytes(&output) { (base: UnsafeMutableRawPointer) throws(ZarrError) in
            nonisolated(unsafe) let base = base
            try Parallel.forEach(ranges.count) { (n: Int) throws(ZarrError) in
                guard let range = ranges[n] else { return }
                let decoded = try inner.decode(bytes[range], key: key)
                let origin = zip(innerCoordinates(n), innerShape).map { $0 * $1 }
                decoded.withUnsafeBytes { src in
                    RegionCopy.copy(from: src.baseAddress!, sourceShape: innerShape, sourceOrigin: innerShape.map { _ in 0 },
                                    to: base, destinationShape: shardShape, destinationOrigin: origin,
                                    extent: innerShape, elementSize: elementSize)
                }
            }
        }
        return ChunkBuffer(bytes: output, shape: shardShape)
    }
}
