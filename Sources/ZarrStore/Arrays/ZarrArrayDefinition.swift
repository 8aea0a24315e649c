/// What to create: the parameters of a new array, in zarr-python's terms (`chunks`,
/// `shards`, `filters`, `compressors`), turned into ``ZarrArrayMetadata`` by the library.
public struct ZarrArrayDefinition: Sendable, Hashable {
    /// The element type.
    public var dataType: ZarrDataType
    /// The array's shape.
    public var shape: [Int]
    /// The chunk shape (with sharding: the inner chunk shape, the unit of reads).
    public var chunkShape: [Int]
    /// The shard shape (a multiple of `chunkShape`), or `nil` for an unsharded array.
    public var shardShape: [Int]?
    /// Array→array codecs applied before serialisation (e.g. `.transpose`).
    public var filters: [ZarrCodec]
    /// Bytes→bytes codecs applied to each (inner) chunk, e.g. `[.zstd(level: 3, checksum: false)]`.
    public var compressors: [ZarrCodec]
    /// Byte order of the serialised elements.
    public var endian: ZarrEndian
    /// The fill value; `nil` means zero (`false`, `0`, `0.0`).
    public var fillValue: ZarrFillValue?
    /// User attributes.
    public var attributes: [String: JSONValue]
    /// Names of the dimensions.
    public var dimensionNames: [String?]?
    /// How chunk keys are formed.
    public var chunkKeyEncoding: ZarrChunkKeyEncoding
    /// Where a shard's index is stored (sharded arrays only).
    public var shardIndexLocation: ZarrShardingConfiguration.IndexLocation

    /// A definition; the defaults give little-endian chunks compressed with zstd (zarr-python's default).
    public init(dataType: ZarrDataType, shape: [Int], chunkShape: [Int], shardShape: [Int]? = nil,
                filters: [ZarrCodec] = [], compressors: [ZarrCodec] = [.zstd(level: 0, checksum: false)],
                endian: ZarrEndian = .little, fillValue: ZarrFillValue? = nil, attributes: [String: JSONValue] = [:],
                dimensionNames: [String?]? = nil, chunkKeyEncoding: ZarrChunkKeyEncoding = .default(separator: .slash),
                shardIndexLocation: ZarrShardingConfiguration.IndexLocation = .end) {
        self.dataType = dataType
        self.shape = shape
        self.chunkShape = chunkShape
        self.shardShape = shardShape
        self.filters = filters
        self.compressors = compressors
        self.endian = endian
        self.fillValue = fillValue
        self.attributes = attributes
        self.dimensionNames = dimensionNames
        self.chunkKeyEncoding = chunkKeyEncoding
        self.shardIndexLocation = shardIndexLocation
    }

    /// The metadata document this definition produces; throws on inconsistent parameters.
    public func metadata() throws(ZarrError) -> ZarrArrayMetadata {
        guard chunkShape.count == shape.count else {
            throw .invalidArrayDefinition("chunk shape \(chunkShape) has a different rank than shape \(shape)")
        }
        guard shape.allSatisfy({ $0 >= 0 }), chunkShape.allSatisfy({ $0 > 0 }) else {
            throw .invalidArrayDefinition("shape must be non-negative and chunk extents positive")
        }
        if let dimensionNames, dimensionNames.count != shape.count {
            throw .invalidArrayDefinition("\(dimensionNames.count) dimension names for \(shape.count) dimensions")
        }
        for f in filters where f.stage != .arrayToArray { throw .invalidArrayDefinition("'\(f.name)' is not an array→array filter") }
        for c in compressors where c.stage != .bytesToBytes { throw .invalidArrayDefinition("'\(c.name)' is not a bytes→bytes compressor") }
        let serializer = ZarrCodec.bytes(endian: dataType.byteCount == 1 ? nil : endian)
        let codecs: [ZarrCodec]
        let gridShape: [Int]
        if let shardShape {
            guard shardShape.count == shape.count, shardShape.allSatisfy({ $0 > 0 }),
                  zip(shardShape, chunkShape).allSatisfy({ $0 % $1 == 0 }) else {
                throw .invalidArrayDefinition("shard shape \(shardShape) must be a positive multiple of the chunk shape \(chunkShape)")
            }
            let sharding = ZarrShardingConfiguration(chunkShape: chunkShape, codecs: filters + [serializer] + compressors,
                                                     indexCodecs: [.bytes(endian: .little), .crc32c], indexLocation: shardIndexLocation)
            codecs = [.sharding(sharding)]
            gridShape = shardShape
        } else {
            codecs = filters + [serializer] + compressors
            gridShape = chunkShape
        }
        let fill = fillValue ?? .zero(for: dataType)
        _ = try fill.elementBytes(for: dataType)
        let metadata = ZarrArrayMetadata(shape: shape, dataType: dataType, chunkShape: gridShape, chunkKeyEncoding: chunkKeyEncoding,
                                         fillValue: fill, codecs: codecs, attributes: attributes, dimensionNames: dimensionNames)
        try metadata.validate(key: "<new array>")
        return metadata
    }
}
