/// Configuration of the `sharding_indexed` codec.
public struct ZarrShardingConfiguration: Sendable, Hashable {
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
}
