import ArgumentParser
import EOCubeBuilder
import Foundation
import Logging
import STACClient
import ZarrStore

/// The options `eocube build` and `eocube plan` share: the STAC search, the store, the cube's
/// layout and the build's resources.
struct CubeBuildOptions: ParsableArguments {
    @Option(help: "STAC API root URL, or catalog.json / collection.json / ItemCollection path or URL.")
    var stac: String

    @Option(help: "Collection id (repeatable, or comma-separated).")
    var collection: [String] = []

    @Option(help: "Equi7Grid tile id(s) of the cube, e.g. EU020M_E051N015T3 (repeatable, or comma-separated).")
    var tile: [String]

    @Option(help: "Acquisition time: an RFC 3339 instant, a date, or an interval A/B ('..' for open ends).")
    var datetime: String?

    @Option(parsing: .unconditional, help: "Bounding box west,south,east,north (WGS 84) for the search; negative values need no '='.")
    var bbox: String?

    @Option(help: #"Query extension JSON for the search, e.g. '{"Equi7_TileID": {"eq": "EU020M_E051N015T3"}}'."#)
    var query: String?

    @Option(help: "The store: a directory (created when missing) or an s3://bucket/prefix URL.")
    var store: String

    @Option(help: "Group path of the cube in the store, e.g. s1sig0/EU.")
    var group: String

    @Option(help: "Bands (asset keys), comma-separated.")
    var bands: String = "VV,VH"

    @Flag(help: "Log and skip items that cannot be ingested (off-grid, unreadable, missing band) instead of stopping.")
    var skipBadItems = false

    @Option(help: "Peak memory budget, e.g. 2GiB, 800MiB.")
    var memoryBudget = ByteSize(bytes: 2 << 30)

    @Option(help: "Blocks merged in parallel (default: the number of cores).")
    var jobs: Int?

    @Option(help: ArgumentHelp("Chunk shape T,Y,X of positive numbers: day slots, then pixels; Y,X alone means T = 1.",
                               discussion: "Time-series layouts hold many days a chunk, e.g. the seed workflow's 20,100,100 with --shard-shape 20,3000,3000."))
    var chunkShape = ShapeOption(CubeDefinition.defaultChunkShape, keepingTime: false)

    @Option(help: "Shard shape T,Y,X of positive numbers (or Y,X with the chunk's T), a multiple of the chunk shape, or 'none'.")
    var shardShape = ShardShapeOption(CubeDefinition.defaultShardShape.map { ShapeOption($0, keepingTime: false) })

    @Option(help: ArgumentHelp("Compression: \(CompressionOption.syntax)."))
    var compression = CompressionOption(compressors: CubeDefinition.defaultCompressors)

    @Option(name: .customLong("max-items"), help: "Stop the search after this many items.")
    var maxItems: Int?

    @Flag(help: "Log only warnings and errors.")
    var quiet = false

    /// The tiles of the grid.
    func tiles() throws -> [Equi7Tile] {
        try tile.flatMap { $0.split(separator: ",") }.map { try Equi7Tile(String($0)) }
    }

    /// The memory budget in bytes.
    func budget() throws -> Int { memoryBudget.bytes }

    /// The cube definition the options describe.
    func definition() throws -> CubeDefinition {
        let chunk: CubeChunkShape, shard: CubeChunkShape?
        do { chunk = try chunkShape.cubeShape() } catch { throw ValidationError("--chunk-shape \(chunkShape): \(error)") }
        // A shard given as Y,X spans the chunk's day slots.
        do { shard = try shardShape.shape?.cubeShape(time: chunk.time) } catch { throw ValidationError("--shard-shape \(shardShape): \(error)") }
        return try CubeDefinition(
            grid: try CubeGrid(tiles: try tiles()), groupPath: group, bands: bands.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) },
            chunkShape: chunk, shardShape: shard, compressors: compression.compressors)
    }

    /// The STAC search the options describe.
    func search() throws -> STACSearch {
        var search = STACSearch(collections: collection.isEmpty ? nil : collection.flatMap { $0.split(separator: ",").map(String.init) })
        if let datetime { search.datetime = try STACDatetimeFilter(parsing: datetime) }
        if let bbox {
            // The STAC parser's checks: finite decimals, WGS 84 ranges, south <= north.
            do { search.bbox = try STACSearch.boundingBox(parsing: bbox) } catch { throw ValidationError("--bbox: \(error)") }
            guard search.bbox?.count == 4 else { throw ValidationError("--bbox needs west,south,east,north, got '\(bbox)'") }
        }
        if let query {
            guard let object = try JSONValue(parsing: query).objectValue else { throw ValidationError("--query must be a JSON object") }
            search.query = object
        }
        search.maxItems = maxItems
        return search
    }

    /// Runs the search.
    func items(logger: Logger) async throws -> [STACItem] {
        let items = try await CubeItemSearch(source: stac, search: try search()).items()
        logger.info("\(items.count) item(s) found in \(stac)")
        return items
    }

    /// The STAC sources the cube is derived from: the API's collections searched (or its root),
    /// or the catalog file.
    var sources: [String] {
        guard stac.hasPrefix("http://") || stac.hasPrefix("https://") else { return [URL(fileURLWithPath: stac).standardizedFileURL.path] }
        let root = stac.hasSuffix("/") ? String(stac.dropLast()) : stac
        let ids = collection.flatMap { $0.split(separator: ",").map(String.init) }
        return ids.isEmpty ? [root] : ids.map { root + "/collections/" + $0 }
    }
}

/// Sends swift-log's lines to standard error at `level`.
func bootstrapLogging(level: Logger.Level) {
    LoggingSystem.bootstrap { label in
        var handler = StreamLogHandler.standardError(label: label)
        handler.logLevel = level
        return handler
    }
}
