import ArgumentParser
import EOCubeBuilder
import Foundation
import ZarrStore
import Logging

/// `eocube plan`: search STAC once, create the cube template and write a plan of work units.
struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Plan a distributed build: create the cube template and write the work units (with their items) to a plan file.",
        discussion: """
            Takes eocube build's options. Then build every unit, on any machines sharing the store
            ('eocube work --plan P --unit N', or 'eocube slurm --plan P'), and 'eocube commit --plan P'.
            """)

    @Option(help: "Where to write the plan: a JSON file path or an s3://bucket/key URL.")
    var plan: String

    @OptionGroup var cube: CubeBuildOptions

    @Option(help: "Shard (or chunk) columns per work unit.")
    var unitColumns: Int = 1

    @Option(help: "Shard (or chunk) rows per work unit (default: the grid's height).")
    var unitRows: Int?

    @Option(help: "Time blocks (day slots a shard spans) per work unit.")
    var unitTimeBlocks: Int = 1

    func run() async throws {
        // Store and plan locations are checked before the catalog is read (gs:// and the like are refused).
        _ = try ZarrStoreLocation(parsing: cube.store)
        _ = try ZarrStoreLocation(parsing: plan)
        bootstrapLogging(level: cube.quiet ? .warning : .info)
        guard unitColumns > 0, unitTimeBlocks > 0, (unitRows ?? 1) > 0 else {
            throw ValidationError("--unit-columns, --unit-rows and --unit-time-blocks must be positive")
        }
        let logger = Logger(label: "eocube.plan")
        let definition = try cube.definition()
        let items = try await cube.items(logger: logger)
        let planner = CubePlanner(definition: definition, store: cube.store,
                                  options: BuildOptions(skipBadItems: cube.skipBadItems, memoryBudget: try cube.budget(), logger: logger),
                                  workerConcurrency: cube.jobs, unitBlockRows: unitRows, unitBlockColumns: unitColumns,
                                  unitTimeBlocks: unitTimeBlocks)
        var made = try await planner.plan(items: items)
        made.sources = cube.sources
        try made.write(to: plan)
        let assignments = made.units.reduce(0) { $0 + $1.items.count }
        print("plan \(plan): \(made.units.count) work unit(s) (0-\(max(0, made.units.count - 1))), \(items.count) item(s) found, "
              + "\(assignments) unit-item assignment(s), \(made.outsideItems.count) outside the cube, \(made.skippedItems.count) skipped; "
              + "template in \(made.store), time axis through slot \(made.lastSlot)")
    }
}
