import ArgumentParser
import ZarrStore

/// `eocube zarr copy SRC DST`: re-encode a whole store with our writer (new codecs, chunks or shards).
struct ZarrCopyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy", abstract: "Copy a Zarr v3 store, re-encoding every array.",
        discussion: """
        Codecs: none | zstd[:LEVEL] | gzip[:LEVEL] | crc32c | blosc[:CNAME[:LEVEL[:noshuffle|shuffle|bitshuffle]]]
        (repeat --codec for a chain). --chunks and --shards apply to arrays of the same rank.
        """)

    @Argument(help: "Source store (directory or http(s) URL).") var source: String
    @Argument(help: "Destination directory (created; must not hold a store yet unless --overwrite).") var destination: String
    @Option(name: .customLong("codec"), help: "A compressor for the chunks (repeatable). Default: keep the source's.") var codecs: [String] = []
    @Option(help: "Chunk shape, e.g. 1,512,512.") var chunks: String?
    @Option(help: "Shard shape, e.g. 16,2048,2048 (a multiple of the chunks).") var shards: String?
    @Flag(help: "Replace an existing destination store.") var overwrite = false

    func run() async throws {
        let src = try openZarrStorage(source)
        let dst = try openZarrStorage(destination, create: true)
        let compressors = try codecs.filter { $0 != "none" }.map(parseCodec)
        let chunkShape = try chunks.map(parseShape), shardShape = try shards.map(parseShape)
        let root = try await ZarrGroup.open(src)
        var newRoot = try await ZarrGroup.create(dst, attributes: root.attributes, overwrite: overwrite)
        var copied = 0
        var groups: [String] = [""]
        while let path = groups.popLast() {
            let group = try await ZarrGroup.open(src, path: path)
            for child in try await group.children() {
                let childPath = path.isEmpty ? child.name : path + "/" + child.name
                switch child.kind {
                case .group:
                    let g = try await ZarrGroup.open(src, path: childPath)
                    _ = try await ZarrGroup.create(dst, path: childPath, attributes: g.attributes)
                    groups.append(childPath)
                case .array:
                    let a = try await ZarrArray.open(src, path: childPath)
                    try await copyArray(a, to: dst, path: childPath, compressors: codecs.isEmpty ? nil : compressors,
                                        chunkShape: chunkShape, shardShape: shardShape)
                    copied += 1
                }
            }
        }
        try await newRoot.consolidateMetadata()
        print("copied \(copied) arrays to \(destination)")
    }

    private func copyArray(_ a: ZarrArray, to dst: any ZarrStorage, path: String, compressors: [ZarrCodec]?,
                           chunkShape: [Int]?, shardShape: [Int]?) async throws {
        let m = a.metadata
        let rankMatches = { (s: [Int]?) in s.flatMap { $0.count == m.shape.count ? $0 : nil } }
        var sourceCompressors: [ZarrCodec] = []
        for codec in m.codecs {
            if case .sharding(let s) = codec { sourceCompressors += s.codecs.filter { if case .bytes = $0 { return false }; return true } }
            else if case .bytes = codec {} else { sourceCompressors.append(codec) }
        }
        let filters = sourceCompressors.filter { if case .transpose = $0 { return true }; return false }
        let definition = ZarrArrayDefinition(
            dataType: m.dataType, shape: m.shape, chunkShape: rankMatches(chunkShape) ?? m.innerChunkShape ?? m.chunkShape,
            shardShape: rankMatches(shardShape), filters: filters,
            compressors: compressors ?? sourceCompressors.filter { if case .transpose = $0 { return false }; return true },
            fillValue: m.fillValue, attributes: m.attributes, dimensionNames: m.dimensionNames)
        let target = try await ZarrArray.create(dst, path: path, definition: definition, overwrite: true)
        // Copy in slabs of whole write units along the first dimension, bounded to ~256 MiB.
        guard let first = m.shape.first else {
            try await target.writeBytes(a.readBytes())
            return
        }
        let unit = target.metadata.chunkShape[0]
        // Saturating: a valid array may be far larger than memory; the slab is then one unit.
        let rowBytes = m.shape.dropFirst().reduce(m.dataType.byteCount) { product, extent in
            let (next, overflow) = product.multipliedReportingOverflow(by: extent)
            return overflow ? Int.max : next
        }
        let rowsPerSlab = max(unit, (256 << 20) / max(1, rowBytes) / unit * unit)
        var start = 0
        while start < first {
            let end = min(first, start + rowsPerSlab)
            let region = [start..<end] + m.shape.dropFirst().map { 0..<$0 }
            try await target.writeBytes(a.readBytes(region: region), region: region)
            start = end
        }
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
