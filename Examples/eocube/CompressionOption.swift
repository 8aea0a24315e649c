import ArgumentParser
import ZarrStore

/// `eocube build --compression`: the text form of a cube's chunk codecs (ZarrStore values).
struct CompressionOption: ExpressibleByArgument, Hashable, CustomStringConvertible {
    /// The bytes→bytes codecs the text stands for (empty for `none`).
    let compressors: [ZarrCodec]

    init(compressors: [ZarrCodec]) { self.compressors = compressors }

    /// What the option accepts, for the help text and error messages.
    static let syntax = "blosc-zstd[:LEVEL[:SHUFFLE[:BLOCKSIZE]]], blosc-lz4[:LEVEL[:SHUFFLE[:BLOCKSIZE]]], zstd[:LEVEL] "
        + "or none (SHUFFLE: shuffle, bitshuffle or noshuffle; BLOCKSIZE: bytes, e.g. 1MiB, or 0 for Blosc's choice)"

    /// Parses the forms in ``syntax``. Blosc defaults to level 5, byte shuffle and Blosc's block
    /// size; zstd to level 3.
    init?(argument text: String) {
        let parts = text.lowercased().split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        var level: Int?
        if parts.count > 1 {
            guard let value = Int(parts[1]) else { return nil }
            level = value
        }
        switch parts[0] {
        case "blosc-zstd", "blosc", "blosc-lz4":
            guard parts.count <= 4, let shuffle = parts.count > 2 ? ZarrBloscConfiguration.Shuffle(rawValue: parts[2]) : .shuffle else { return nil }
            var blockSize = 0
            if parts.count > 3 {
                guard let size = parts[3] == "0" ? 0 : ByteSize(argument: parts[3])?.bytes, size < Int(Int32.max) else { return nil }
                blockSize = size
            }
            self.compressors = [.blosc(ZarrBloscConfiguration(compressor: parts[0] == "blosc-lz4" ? .lz4 : .zstd, level: level ?? 5,
                                                              shuffle: shuffle, blockSize: blockSize))]
        case "zstd" where parts.count <= 2: self.compressors = [.zstd(level: level ?? 3, checksum: false)]
        case "none" where parts.count == 1: self.compressors = []
        default: return nil
        }
    }

    /// The text form ``init(argument:)`` reads back; trailing Blosc settings left at their
    /// defaults are omitted. Chains the syntax cannot express are listed by codec.
    var description: String {
        guard let codec = compressors.first else { return "none" }
        if compressors.count == 1, let blosc = codec.configuration(as: ZarrBloscConfiguration.self),
           blosc.typeSize == nil, blosc.compressor == .zstd || blosc.compressor == .lz4 {
            let name = blosc.compressor == .lz4 ? "blosc-lz4" : "blosc-zstd"
            if blosc.blockSize != 0 { return "\(name):\(blosc.level):\(blosc.shuffle.rawValue):\(ByteSize(bytes: blosc.blockSize))" }
            return blosc.shuffle == .shuffle ? "\(name):\(blosc.level)" : "\(name):\(blosc.level):\(blosc.shuffle.rawValue)"
        }
        if compressors.count == 1, let zstd = codec.configuration(as: ZarrZstdConfiguration.self), !zstd.checksum {
            return "zstd:\(zstd.level)"
        }
        return compressors.map(\.description).joined(separator: ",")
    }
}
