import ArgumentParser
import EOCubeBuilder
import Foundation
import Logging

/// `eocube work`: build one work unit of a plan.
struct WorkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "work",
        abstract: "Build one work unit of a plan (idempotent: a finished unit is not built again).",
        discussion: "The unit defaults to $SLURM_ARRAY_TASK_ID, so a Slurm array job runs 'eocube work --plan P' as is.")

    @Option(help: "The plan 'eocube plan' wrote: a path or an s3:// URL.")
    var plan: String

    @Option(help: "The unit's id (default: $SLURM_ARRAY_TASK_ID).")
    var unit: Int?

    @Flag(help: "Log only warnings and errors.")
    var quiet = false

    func run() async throws {
        bootstrapLogging(level: quiet ? .warning : .info)
        guard let id = unit ?? ProcessInfo.processInfo.environment["SLURM_ARRAY_TASK_ID"].flatMap({ Int($0) }) else {
            throw ValidationError("give --unit N (or run inside a Slurm array task, which sets SLURM_ARRAY_TASK_ID)")
        }
        let loaded = try CubePlan.read(from: plan)
        let worker = CubePlanWorker(plan: loaded, baseOptions: BuildOptions(logger: Logger(label: "eocube.work")))
        let outcome = try await worker.run(unit: id)
        let marker = outcome.marker
        if outcome.alreadyFinished {
            print("unit \(id) had already finished (on \(marker.host)): nothing to do")
        } else {
            print("unit \(id): \(marker.ingestedItems.count) item(s) ingested, \(marker.blocksWritten) block(s) written, "
                  + "\(marker.outsideItems.count) outside its region, \(marker.skippedItems.count) skipped in \(String(format: "%.2f", marker.seconds)) s")
        }
    }
}
