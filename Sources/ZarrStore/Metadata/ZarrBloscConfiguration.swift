/// Configuration of the `blosc` codec (all compressors libblosc 1 provides).
public struct ZarrBloscConfiguration: Sendable, Hashable {
    /// The compressor inside Blosc.
    public enum Compressor: String, Sendable, Hashable, CaseIterable {
        /// `blosclz` (BLOSC_BLOSCLZ).
        case blosclz
        /// `lz4` (BLOSC_LZ4).
        case lz4
        /// `lz4hc` (BLOSC_LZ4HC).
        case lz4hc
        /// `snappy` (BLOSC_SNAPPY; only if libblosc was built with it).
        case snappy
        /// `zlib` (BLOSC_ZLIB).
        case zlib
        /// `zstd` (BLOSC_ZSTD).
        case zstd
    }

    /// The pre-compression shuffle filter.
    public enum Shuffle: String, Sendable, Hashable, CaseIterable {
        /// No shuffle (BLOSC_NOSHUFFLE).
        case noshuffle
        /// Byte shuffle (BLOSC_SHUFFLE).
        case shuffle
        /// Bit shuffle (BLOSC_BITSHUFFLE).
        case bitshuffle
    }

    /// The compressor.
    public var compressor: Compressor
    /// Compression level 0…9.
    public var level: Int
    /// The shuffle filter.
    public var shuffle: Shuffle
    /// The element size the shuffle works on; `nil` means the array's element size.
    public var typeSize: Int?
    /// Blosc block size in bytes; 0 lets Blosc choose.
    public var blockSize: Int

    /// A Blosc configuration; `typeSize` defaults to the array's element size.
    public init(compressor: Compressor = .zstd, level: Int = 5, shuffle: Shuffle = .shuffle, typeSize: Int? = nil, blockSize: Int = 0) {
        self.compressor = compressor
        self.level = level
        self.shuffle = shuffle
        self.typeSize = typeSize
        self.blockSize = blockSize
    }
}
