/// How ``ZarrStoreCopy`` re-encodes the arrays of a store.
public struct ZarrCopyOptions: Sendable, Hashable {
    /// Bytes→bytes codecs for every (inner) chunk; `nil` keeps each source array's own.
    public var compressors: [ZarrCodec]?
    /// The chunk shape (the inner chunk shape when sharded); applied to arrays of the same rank.
    public var chunkShape: [Int]?
    /// The shard shape (a multiple of the chunks); applied to arrays of the same rank.
    public var shardShape: [Int]?
    /// Whether an existing store at the destination is replaced (atomically, where the file system allows).
    public var overwrite: Bool
    /// The most bytes of array values held at once (one piece of a copy; see the copy's
    /// documentation); a single target inner chunk larger than this is still copied whole.
    public var memoryBudget: Int

    /// Options; the defaults keep every array's codecs and chunking and refuse an existing destination store.
    public init(compressors: [ZarrCodec]? = nil, chunkShape: [Int]? = nil, shardShape: [Int]? = nil, overwrite: Bool = false,
                memoryBudget: Int = 128 << 20) {
        self.memoryBudget = memoryBudget
        self.compressors = compressors
        self.chunkShape = chunkShape
        self.shardShape = shardShape
        self.overwrite = overwrite
    }
}
