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

    @OptionGroup var cube: CubeBuildOptions

    @Option(help: "Where to write the cube's STAC Collection (default: <store>/<group>/collection.json), or 'none'.")
    var stacCollection: String?

    @Option(help: ArgumentHelp("Build only this part of the grid: ROW0:ROW1,COL0:COL1 in cube pixels, on shard (or chunk) boundaries.",
                               discussion: "Builds of disjoint regions may run at the same time on one store."))
    var region: String?

    /// Whether to draw a progress bar (a terminal on standard error, not `--quiet`); info log
    /// lines are then left out so they do not break the bar.
    var showsProgressBar: Bool { !cube.quiet && isatty(STDERR_FILENO) == 1 }

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

    func run() async throws {
        // The store's scheme is checked before the catalog is read (gs:// and the like are refused).
        let location = try ZarrStoreLocation(parsing: cube.store)
        if let stacCollection, stacCollection != "none" { try requireLocalOutput(stacCollection, option: "--stac-collection") }
        bootstrapLogging(level: cube.quiet || showsProgressBar ? .warning : .info)
        let definition = try cube.definition()
        let budget = try cube.budget()
        let window = try region.map(Self.parseRegion)

        let logger = Logger(label: "eocube.build")
        let started = ContinuousClock.now
        let items = try await cube.items(logger: logger)
        // A one-line progress bar when standard error is a terminal; plain log lines otherwise.
        let bar: (@Sendable (BuildProgress) -> Void)? = showsProgressBar ? Self.drawProgress : nil
        let options = BuildOptions(skipBadItems: cube.skipBadItems, memoryBudget: budget, concurrency: cube.jobs, logger: logger,
                                   progress: bar, region: window)
        // A local directory is made with the cube (none is left when nothing could be ingested).
        let storage: (any ZarrStorage)? = location.isLocal ? nil : try location.openStorage()
        let requestsBefore = (storage as? S3Storage)?.client.statistics.snapshot
        let builder = if case .fileSystem(let path) = location {
            CubeBuilder(definition: definition, storePath: path, options: options)
        } else {
            CubeBuilder(definition: definition, storage: storage!, options: options)
        }
        let report = try await builder.build(items: items)
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print("ingested \(report.ingestedItems.count) item(s) into \(report.slots.count) day slot(s), \(report.blocksWritten) block(s) written, "
              + "\(report.alreadyIngested.count) already done, \(report.skippedItems.count) skipped, \(report.outsideItems.count) outside the cube "
              + "in \(String(format: "%.2f", seconds)) s")
        if let bucket = storage as? S3Storage, let requestsBefore {
            let used = bucket.client.statistics.snapshot.since(requestsBefore)
            print("s3 requests: \(used.requests) (GET \(used.gets), HEAD \(used.heads), PUT \(used.puts), POST \(used.posts), DELETE \(used.deletes)), "
                  + "\(used.bytesSent) bytes sent, \(used.bytesReceived) bytes received")
        }
        for (id, error) in report.skippedItems {
            print("skipped \(id): \(error)")
        }
        for id in report.outsideItems {
            print("outside the cube: \(id)")
        }
        // Described when the store holds the cube (a build that found nothing to ingest made none).
        let groupDocument = cube.group + "/zarr.json"
        let cubeExists = try storage.map { try $0.contains(groupDocument) }
            ?? FileManager.default.fileExists(atPath: cube.store + "/" + groupDocument)
        if stacCollection != "none", cubeExists {
            let path = try await CubeCollectionFile.write(store: cube.store, group: cube.group, output: stacCollection, id: nil, derivedFrom: cube.sources)
            print("STAC Collection of the cube: \(path)")
        }
    }
}
