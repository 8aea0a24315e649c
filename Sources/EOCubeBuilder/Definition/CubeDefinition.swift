import ZarrStore

/// What a cube is: its grid, where it lives in the store, its bands and how it is chunked and compressed.
///
/// Band arrays and the per-pixel metadata arrays are `[time, y, x]`. Their chunks (and shards)
/// span ``timeChunkLength`` (``timeShardLength``) day slots: one slot per chunk writes each day on
/// its own; longer time chunks (the seed workflow's 20) make a pixel's time series a few chunk
/// reads, at the price of rewriting a time block's shard when a day of it is added.
public struct CubeDefinition: Sendable, Hashable {
    /// The pixel grid.
    public var grid: CubeGrid
    /// The group path in the store, e.g. `s1sig0/EU`.
    public var groupPath: String
    /// The band names (STAC asset keys), e.g. `["VV", "VH"]`.
    public var bands: [String]
    /// The chunk (read unit) shape: day slots and pixels.
    public let chunkShape: CubeChunkShape
    /// The shard (file) shape, a multiple of ``chunkShape`` along every axis; nil = no sharding.
    public let shardShape: CubeChunkShape?
    /// The bytes→bytes codecs (compressors, checksums) of every band chunk, e.g.
    /// `[.zstd(level: 3, checksum: false)]`; empty for none. The per-pixel metadata arrays use the
    /// same codecs without Blosc's shuffle.
    public var compressors: [ZarrCodec]

    /// Default chunk shape: 1 × 1000 × 1000 (2 MB of int16 raw, ~0.3–1 MB compressed: large enough for
    /// fast reads over HTTP, small enough for point time-series reads). Divides 15 000-px (300 km @ 20 m) tiles evenly.
    public static let defaultChunkShape = CubeChunkShape(checkedTime: 1, height: 1000, width: 1000)
    /// Default compression: Blosc-zstd level 1 with bit shuffle in 1 MiB blocks, chosen by
    /// benchmark on Sentinel-1-like int16 scenes (Docs/EOCubeBuilder.md, "Defaults and memory").
    public static let defaultCompressors: [ZarrCodec] = [
        .blosc(ZarrBloscConfiguration(compressor: .zstd, level: 1, shuffle: .bitshuffle, blockSize: 1 << 20)),
    ]
    /// Default shard shape: 1 × 2000 × 2000 (4 chunks a file, 64 files per 300 km tile, array and day
    /// instead of 225); also the unit the builder merges in memory. Benchmarked on 12 × 6000² px
    /// acquisitions: 3000² shards needed 1.8× the peak memory for no speed gain.
    public static let defaultShardShape: CubeChunkShape? = CubeChunkShape(checkedTime: 1, height: 2000, width: 2000)

    /// A definition; checks that the shard shape is a multiple of the chunk shape, the bands,
    /// the group path and the compressors. (The shapes checked their own extents.)
    public init(grid: CubeGrid, groupPath: String, bands: [String], chunkShape: CubeChunkShape = CubeDefinition.defaultChunkShape,
                shardShape: CubeChunkShape? = CubeDefinition.defaultShardShape, compressors: [ZarrCodec] = CubeDefinition.defaultCompressors) throws(CubeBuilderError) {
        if let shardShape {
            guard shardShape.time % chunkShape.time == 0 else {
                throw .invalidDefinition("the shard shape's time extent \(shardShape.time) must be a multiple of the chunk shape's (\(chunkShape.time))")
            }
            guard shardShape.isMultiple(of: chunkShape) else {
                throw .invalidDefinition("shard shape \(shardShape) must be a multiple of the chunk shape \(chunkShape) in y and x (T,Y,X)")
            }
        }
        guard !bands.isEmpty else { throw .invalidDefinition("no band given") }
        guard Set(bands).count == bands.count else { throw .invalidDefinition("bands repeat: \(bands)") }
        let reserved: Set<String> = ["x", "y", "time", "spatial_ref", "sensing_date", "absolute_orbit_number", "relative_orbit_number"]
        for band in bands {
            guard !reserved.contains(band), !band.isEmpty, !band.contains("/"), !band.hasPrefix(".") else {
                throw .invalidDefinition("'\(band)' cannot be a band array name")
            }
        }
        let components = groupPath.split(separator: "/", omittingEmptySubsequences: false)
        guard !groupPath.isEmpty, components.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." && !$0.hasPrefix(".") }) else {
            throw .invalidDefinition("group path '\(groupPath)' must be names separated by '/', e.g. s1sig0/EU")
        }
        do {
            // ZarrStore's own check of the chain (only bytes→bytes codecs, valid settings), on a tiny array.
            _ = try ZarrArrayDefinition(dataType: .int16, shape: [1], chunkShape: [1], compressors: compressors).metadata()
        } catch {
            throw .invalidDefinition("compressors \(compressors): \(error)")
        }
        guard grid.width > 0, grid.height > 0, grid.pixelSize > 0 else { throw .invalidDefinition("empty grid") }
        self.grid = grid
        self.groupPath = groupPath
        self.bands = bands
        self.chunkShape = chunkShape
        self.shardShape = shardShape
        self.compressors = compressors
    }

    /// Day slots per chunk (the chunk shape's time extent).
    public var timeChunkLength: Int { chunkShape.time }

    /// Day slots per shard, a multiple of ``timeChunkLength``; equal to it without sharding.
    public var timeShardLength: Int { shardShape?.time ?? chunkShape.time }

    /// The unit the builder reads, merges and writes at once: a shard (or a chunk).
    public var blockShape: CubeChunkShape { shardShape ?? chunkShape }

    /// Day slots per write unit (a shard, or a chunk without sharding): ``timeShardLength``.
    public var timeBlockLength: Int { timeShardLength }

    /// Checks that `region` lies in the grid and on block boundaries (an edge may also be the
    /// grid's), so builders of disjoint regions never write the same chunk or shard file.
    public func checkRegion(_ region: CubeWindow) throws(CubeBuilderError) {
        guard !region.isEmpty, region.row >= 0, region.column >= 0, region.endRow <= grid.height, region.endColumn <= grid.width else {
            throw .invalidDefinition("region \(region) is not inside the grid (rows 0..<\(grid.height), columns 0..<\(grid.width))")
        }
        let block = blockShape
        func aligned(_ start: Int, _ end: Int, _ size: Int, _ limit: Int) -> Bool {
            start % size == 0 && (end % size == 0 || end == limit)
        }
        guard aligned(region.row, region.endRow, block.height, grid.height), aligned(region.column, region.endColumn, block.width, grid.width) else {
            throw .invalidDefinition("region \(region) does not follow the \(block.height) x \(block.width) block grid (shards, or chunks without sharding): its edges must be multiples of \(block.height) (rows) and \(block.width) (columns), or the grid's edge")
        }
    }

    /// The names of the per-pixel metadata arrays, in the order the builder writes them
    /// (`sensing_date` last: it marks a pixel as owned, so an interrupted write is redone).
    public static let metadataArrayNames = ["absolute_orbit_number", "relative_orbit_number", "sensing_date"]

    /// The fill value of the metadata arrays.
    public static let metadataFill: Int64 = -9999
}
