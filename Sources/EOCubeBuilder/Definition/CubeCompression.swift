/// How the cube's chunks are compressed.
public enum CubeCompression: Sendable, Hashable, CustomStringConvertible {
    /// The filter Blosc applies before its compressor.
    public enum Shuffle: String, Sendable, Hashable, CaseIterable {
        /// No filter.
        case noshuffle
        /// Byte shuffle: groups the k-th byte of every element.
        case shuffle
        /// Bit shuffle: groups the k-th bit of every element. Noisy int16 backscatter then gives
        /// zstd long runs of equal high bits, so its fastest level compresses as well as a slow one.
        case bitshuffle
    }

    /// Blosc with the zstd compressor (blosc level L runs zstd level 2L − 1). `blockSize` is
    /// Blosc's block in bytes (0: Blosc picks one from the level and element size).
    case bloscZstd(level: Int, shuffle: Shuffle = .shuffle, blockSize: Int = 0)
    /// Blosc with the LZ4 compressor: less CPU than zstd for a larger store.
    case bloscLZ4(level: Int, shuffle: Shuffle = .shuffle, blockSize: Int = 0)
    /// Plain zstd.
    case zstd(level: Int)
    /// No compression.
    case none

    /// The default: Blosc-zstd level 1 with bit shuffle in 1 MiB blocks. Chosen by benchmark on
    /// Sentinel-1-like int16 scenes (Docs/EOCubeBuilder.md, "Defaults and memory"): a smaller
    /// store than byte-shuffled Blosc-zstd at level 3 for a third of its compression CPU.
    public static let `default` = CubeCompression.bloscZstd(level: 1, shuffle: .bitshuffle, blockSize: 1 << 20)

    /// What ``init(parsing:)`` accepts, for help texts and error messages.
    public static let syntax = "blosc-zstd[:LEVEL[:SHUFFLE[:BLOCKSIZE]]], blosc-lz4[:LEVEL[:SHUFFLE[:BLOCKSIZE]]], zstd[:LEVEL] "
        + "or none (SHUFFLE: shuffle, bitshuffle or noshuffle; BLOCKSIZE: bytes, e.g. 1MiB, or 0 for Blosc's choice)"

    /// Parses the forms in ``syntax``. Blosc defaults to level 5, byte shuffle and Blosc's block
    /// size; zstd to level 3.
    public init?(parsing text: String) {
        let parts = text.lowercased().split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        var level: Int?
        if parts.count > 1 {
            guard let value = Int(parts[1]) else { return nil }
            level = value
        }
        switch parts[0] {
        case "blosc-zstd", "blosc", "blosc-lz4":
            guard parts.count <= 4, let shuffle = parts.count > 2 ? Shuffle(rawValue: parts[2]) : .shuffle else { return nil }
            var blockSize = 0
            if parts.count > 3 {
                guard let size = parts[3] == "0" ? 0 : BuildOptions.parseSize(parts[3]), size < Int(Int32.max) else { return nil }
                blockSize = size
            }
            self = parts[0] == "blosc-lz4" ? .bloscLZ4(level: level ?? 5, shuffle: shuffle, blockSize: blockSize)
                                           : .bloscZstd(level: level ?? 5, shuffle: shuffle, blockSize: blockSize)
        case "zstd" where parts.count <= 2: self = .zstd(level: level ?? 3)
        case "none" where parts.count == 1: self = .none
        default: return nil
        }
    }

    /// The text form accepted by ``init(parsing:)``; trailing Blosc settings left at their
    /// defaults are omitted.
    public var description: String {
        func blosc(_ name: String, _ level: Int, _ shuffle: Shuffle, _ blockSize: Int) -> String {
            if blockSize != 0 { return "\(name):\(level):\(shuffle.rawValue):\(Self.sizeText(blockSize))" }
            return shuffle == .shuffle ? "\(name):\(level)" : "\(name):\(level):\(shuffle.rawValue)"
        }
        return switch self {
        case .bloscZstd(let level, let shuffle, let blockSize): blosc("blosc-zstd", level, shuffle, blockSize)
        case .bloscLZ4(let level, let shuffle, let blockSize): blosc("blosc-lz4", level, shuffle, blockSize)
        case .zstd(let level): "zstd:\(level)"
        case .none: "none"
        }
    }

    private static func sizeText(_ bytes: Int) -> String {
        if bytes % (1 << 20) == 0 { return "\(bytes >> 20)MiB" }
        if bytes % (1 << 10) == 0 { return "\(bytes >> 10)KiB" }
        return "\(bytes)"
    }
}
