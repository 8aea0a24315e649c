import ArgumentParser
import EOCubeBuilder
import ZarrStore

/// `eocube zarr copy SRC DST`: re-encode a whole store with our writer (new codecs, chunks or shards).
struct ZarrCopyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy", abstract: "Copy a Zarr v3 store, re-encoding every array.",
        discussion: """
        Codecs: none | zstd[:LEVEL] | gzip[:LEVEL] | crc32c | blosc[:CNAME[:LEVEL[:noshuffle|shuffle|bitshuffle]]]
        (repeat --codec for a chain). --chunks and --shards apply to arrays of the same rank.
        The copy is built in a hidden directory next to DST and moved into place when complete: a failed copy
        leaves nothing behind, and --overwrite replaces an existing store in one step. DST may not be SRC,
        lie inside it or hold it. An s3:// DST is written object by object (each whole), the root's
        consolidated metadata last; --overwrite deletes the old store's objects first.
        """)

    @Argument(help: "Source store (directory, http(s) URL or s3://bucket/prefix).") var source: String
    @Argument(help: "Destination directory or s3://bucket/prefix (must not hold a store yet unless --overwrite).") var destination: String
    @Option(name: .customLong("codec"), help: "A compressor for the chunks (repeatable). Default: keep the source's.") var codecs: [String] = []
    @Option(help: "Chunk shape, e.g. 1,512,512.") var chunks: String?
    @Option(help: "Shard shape, e.g. 16,2048,2048 (a multiple of the chunks).") var shards: String?
    @Flag(help: "Replace an existing destination store (only a directory holding a zarr.json).") var overwrite = false
    @Option(help: "Most bytes of array values held at once, e.g. 256MiB (re-chunking streams shard by shard in pieces of this size).")
    var memoryBudget = ByteSize(bytes: 128 << 20)

    func run() async throws {
        let target = try ZarrStoreLocation(parsing: destination)
        if case .http = target {
            throw ValidationError("the destination must be a local directory or s3://; http(s) stores are read-only")
        }
        let src = try openZarrStorage(source)
        let compressors = try codecs.filter { $0 != "none" }.map(parseCodec)
        let options = ZarrCopyOptions(compressors: codecs.isEmpty ? nil : compressors, chunkShape: try chunks.map(parseShape),
                                      shardShape: try shards.map(parseShape), overwrite: overwrite, memoryBudget: memoryBudget.bytes)
        let copied: Int
        if case .fileSystem(let path) = target {
            copied = try await ZarrStoreCopy.copy(from: src, to: path, options: options)
        } else {
            // Object storage cannot stage and rename: objects are written whole, consolidated metadata last.
            copied = try await ZarrStoreCopy.copy(from: src, toStorage: try target.openStorage(), options: options)
        }
        print("copied \(copied) arrays to \(destination)")
    }
}

/// Parses one `--codec` value into a bytes→bytes codec.
func parseCodec(_ text: String) throws -> ZarrCodec {
    let parts = text.split(separator: ":").map(String.init)
    func level(_ i: Int, _ fallback: Int) throws -> Int {
        guard parts.count > i else { return fallback }
        guard let l = Int(parts[i]) else { throw ValidationError("'\(parts[i])' is not a level in --codec \(text)") }
        return l
    }
    switch parts.first ?? "" {
    case "zstd": return .zstd(level: try level(1, 3), checksum: false)
    case "gzip": return .gzip(level: try level(1, 5))
    case "crc32c": return .crc32c
    case "blosc":
        let cname = parts.count > 1 ? parts[1] : "zstd"
        guard let compressor = ZarrBloscConfiguration.Compressor(rawValue: cname) else { throw ValidationError("unknown blosc compressor '\(cname)'") }
        let shuffleName = parts.count > 3 ? parts[3] : "shuffle"
        guard let shuffle = ZarrBloscConfiguration.Shuffle(rawValue: shuffleName) else { throw ValidationError("unknown blosc shuffle '\(shuffleName)'") }
        return .blosc(.init(compressor: compressor, level: try level(2, 5), shuffle: shuffle))
    default: throw ValidationError("unknown codec '\(text)' (use zstd, gzip, crc32c or blosc)")
    }
}
