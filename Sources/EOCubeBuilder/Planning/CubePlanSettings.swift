import ZarrStore

/// What a planned build builds and how: everything needed to rebuild the ``CubeDefinition`` and
/// the ``BuildOptions`` in a worker process that has nothing but the plan.
public struct CubePlanSettings: Sendable, Codable, Hashable {
    /// The Equi7 tile ids of the grid (``CubeGrid/tiles``), from which ``definition()`` rebuilds it.
    public var tiles: [String]
    /// The cube's group path in the store.
    public var groupPath: String
    /// The band (asset) names.
    public var bands: [String]
    /// The chunk shape (coded `[t, y, x]`).
    public var chunkShape: CubeChunkShape
    /// The shard shape (coded `[t, y, x]`), nil without sharding.
    public var shardShape: CubeChunkShape?
    /// The compressors of every chunk, as Zarr codec objects (``ZarrCodec/portableJSON``).
    public var compressors: [JSONValue]
    /// The peak-memory budget of each worker, in bytes.
    public var memoryBudget: Int
    /// The most blocks a worker merges at once (nil: its cores).
    public var concurrency: Int?
    /// Whether workers skip items they cannot ingest.
    public var skipBadItems: Bool

    /// The settings of a build of `definition` with `options`; the tiles are those of its grid.
    public init(definition: CubeDefinition, options: BuildOptions, concurrency: Int? = nil) {
        self.tiles = definition.grid.tileIDs
        self.groupPath = definition.groupPath
        self.bands = definition.bands
        self.chunkShape = definition.chunkShape
        self.shardShape = definition.shardShape
        self.compressors = definition.compressors.map(\.portableJSON)
        self.memoryBudget = options.memoryBudget
        self.concurrency = concurrency
        self.skipBadItems = options.skipBadItems
    }

    /// The cube definition the settings describe.
    public func definition() throws(CubeBuilderError) -> CubeDefinition {
        var parsed: [Equi7Tile] = []
        for tile in tiles { parsed.append(try Equi7Tile(tile)) }
        var codecs: [ZarrCodec] = []
        for json in compressors {
            do { codecs.append(try ZarrCodec(portableJSON: json)) } catch {
                throw .invalidDefinition("the plan's compressor \(json.jsonString()) cannot be read: \(error)")
            }
        }
        return try CubeDefinition(grid: try CubeGrid(tiles: parsed), groupPath: groupPath, bands: bands,
                                  chunkShape: chunkShape, shardShape: shardShape, compressors: codecs)
    }

    /// Build options for one worker, restricted to `region`.
    public func buildOptions(region: CubeWindow?, base: BuildOptions = BuildOptions()) -> BuildOptions {
        var options = base
        options.skipBadItems = skipBadItems
        options.memoryBudget = memoryBudget
        if let concurrency { options.concurrency = max(1, concurrency) }
        options.region = region
        return options
    }
}
