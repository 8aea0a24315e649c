import ArgumentParser
import EOCubeBuilder
import Foundation
import Logging
import STACClient
import ZarrStore

/// `eocube build`: build or extend a Zarr v3 data cube from a STAC search.
struct BuildCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Build or extend a Zarr v3 data cube (CUBE_LAYOUT.md) from STAC items.",
        discussion: """
            Items are merged into UTC day slots, fill-only: each pixel of a slot belongs to the first
            acquisition (by datetime, then item id) with a valid value in any band. Re-running is safe:
            finished items are recorded in the store's ingest journal and skipped. Example:
              eocube build --stac Examples/sample-scene/items.json --tile EU020M_E051N015T3 \\
                --store sample-cube.zarr --group s1sig0/EU --bands VV,VH
            """)

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

    @Option(help: "Store directory (created when missing).")
    var store: String

    @Option(help: "Group path of the cube in the store, e.g. s1sig0/EU.")
    var group: String

    @Option(help: "Where to write the cube's STAC Collection (default: <store>/<group>/collection.json), or 'none'.")
    var stacCollection: String?

    @Option(help: "Bands (asset keys), comma-separated.")
    var bands: String = "VV,VH"

    @Flag(help: "Log and skip items that cannot be ingested (off-grid, unreadable, missing band) instead of stopping.")
    var skipBadItems = false

    @Option(help: "Peak memory budget, e.g. 2GiB, 800MiB.")
    var memoryBudget = ByteSize(bytes: 2 << 30)

    @Option(help: "Blocks merged in parallel (default: the number of cores).")
    var jobs: Int?

    @Option(help: ArgumentHelp("Chunk shape T,Y,X: day slots, then pixels; Y,X alone means T = 1.",
                               discussion: "Time-series layouts hold many days a chunk, e.g. the seed workflow's 20,100,100 with --shard-shape 20,3000,3000."))
    var chunkShape: String = CubeDefinition.defaultChunkShape.map(String.init).joined(separator: ",")

    @Option(help: "Shard shape T,Y,X (or Y,X with the chunk's T), a multiple of the chunk shape, or 'none'.")
    var shardShape: String = CubeDefinition.defaultShardShape.map { $0.map(String.init).joined(separator: ",") } ?? "none"

    @Option(help: ArgumentHelp("Compression: \(CompressionOption.syntax)."))
    var compression = CompressionOption(compressors: CubeDefinition.defaultCompressors)

    @Option(help: ArgumentHelp("Build only this part of the grid: ROW0:ROW1,COL0:COL1 in cube pixels, on shard (or chunk) boundaries.",
                               discussion: "Builds of disjoint regions may run at the same time on one store."))
    var region: String?

    @Option(name: .customLong("max-items"), help: "Stop the search after this many items.")
    var maxItems: Int?

    @Flag(help: "Log only warnings and errors.")
    var quiet = false

    /// Whether to draw a progress bar (a terminal on standard error, not `--quiet`); info log
    /// lines are then left out so they do not break the bar.
    var showsProgressBar: Bool { !quiet && isatty(STDERR_FILENO) == 1 }

    /// Redraws the progress line on standard error.
    @Sendable static func drawProgress(_ progress: BuildProgress) {
        let width = 30
        let filled = Int(Double(width) * progress.fractionDone)
        var line = "\r[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "] "
        // Pad over the end of a longer previous line (the ETA comes and goes).
        line += progress.summary.padding(toLength: 72, withPad: " ", startingAt: 0)
        if progress.slotsDone == progress.slotsTotal { line += "\n" }
        FileHandle.standardError.write(Data(line.utf8))
    }

    /// Parses `ROW0:ROW1,COL0:COL1` into a cube window.
    static func parseRegion(_ text: String) throws -> CubeWindow {
        let ranges = text.split(separator: ",").map { $0.split(separator: ":").map { Int($0.trimmingCharacters(in: .whitespaces)) } }
        guard ranges.count == 2, ranges.allSatisfy({ $0.count == 2 && $0[0] != nil && $0[1] != nil }) else {
            throw ValidationError("--region needs ROW0:ROW1,COL0:COL1 (cube pixels), got '\(text)'")
        }
        let rows = ranges[0].compactMap { $0 }, columns = ranges[1].compactMap { $0 }
        guard rows[0] < rows[1], columns[0] < columns[1] else { throw ValidationError("--region '\(text)' is empty") }
        return CubeWindow(row: rows[0], column: columns[0], height: rows[1] - rows[0], width: columns[1] - columns[0])
    }

    /// The STAC sources the cube is derived from: the API's collections searched (or its root),
    /// or the catalog file.
    private var sources: [String] {
        guard stac.hasPrefix("http://") || stac.hasPrefix("https://") else { return [URL(fileURLWithPath: stac).standardizedFileURL.path] }
        let root = stac.hasSuffix("/") ? String(stac.dropLast()) : stac
        let ids = collection.flatMap { $0.split(separator: ",").map(String.init) }
        return ids.isEmpty ? [root] : ids.map { root + "/collections/" + $0 }
    }

    func run() async throws {
        // The builder coordinates writers with flock(2) on a local directory: an s3:// (or any
        // other URL) store would otherwise become a local directory named 's3:'.
        if let scheme = ZarrStoreLocation.scheme(of: store) {
            guard scheme.lowercased() == "s3" else { throw ZarrError.unsupportedScheme(scheme: scheme, location: store) }
            throw ValidationError("eocube build writes to a local store directory; building straight into '\(store)' is not supported yet: build locally, then 'eocube zarr copy LOCAL \(store)'")
        }
        if let stacCollection, stacCollection != "none" { try requireLocalOutput(stacCollection, option: "--stac-collection") }
        let level: Logger.Level = quiet || showsProgressBar ? .warning : .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let tiles: [Equi7Tile] = try tile.flatMap { $0.split(separator: ",") }.map { try Equi7Tile(String($0)) }
        let grid = try CubeGrid(tiles: tiles)
        func shape(_ text: String, _ option: String) throws -> [Int] {
            let numbers = text.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard numbers.count == 2 || numbers.count == 3, numbers.allSatisfy({ ($0 ?? 0) > 0 }) else {
                throw ValidationError("--\(option) needs three positive numbers T,Y,X (or two, Y,X, for one day slot a chunk), got '\(text)'")
            }
            return numbers.compactMap { $0 }
        }
        let definition = try CubeDefinition(
            grid: grid, groupPath: group, bands: bands.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) },
            chunkShape: try shape(chunkShape, "chunk-shape"),
            shardShape: shardShape.lowercased() == "none" ? nil : try shape(shardShape, "shard-shape"),
            compressors: compression.compressors)

        let window = try region.map(Self.parseRegion)

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

        let logger = Logger(label: "eocube.build")
        let started = ContinuousClock.now
        let items = try await CubeItemSearch(source: stac, search: search).items()
        logger.info("\(items.count) item(s) found in \(stac)")
        // A one-line progress bar when standard error is a terminal; plain log lines otherwise.
        let bar: (@Sendable (BuildProgress) -> Void)? = showsProgressBar ? Self.drawProgress : nil
        let builder = CubeBuilder(definition: definition, storePath: store, tiles: tiles.map(\.description),
                                  options: BuildOptions(skipBadItems: skipBadItems, memoryBudget: memoryBudget.bytes, concurrency: jobs, logger: logger,
                                                        progress: bar, region: window))
        let report = try await builder.build(items: items)
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print("ingested \(report.ingestedItems.count) item(s) into \(report.slots.count) day slot(s), \(report.blocksWritten) block(s) written, "
              + "\(report.alreadyIngested.count) already done, \(report.skippedItems.count) skipped, \(report.outsideItems.count) outside the cube "
              + "in \(String(format: "%.2f", seconds)) s")
        for (id, error) in report.skippedItems {
            print("skipped \(id): \(error)")
        }
        for id in report.outsideItems {
            print("outside the cube: \(id)")
        }
        if stacCollection != "none", FileManager.default.fileExists(atPath: store) {
            let path = try await CubeCollectionFile.write(store: store, group: group, output: stacCollection, id: nil, derivedFrom: sources)
            print("STAC Collection of the cube: \(path)")
        }
    }
}
