import ArgumentParser
import EOCubeBuilder
import Foundation
import ZarrStore

/// `eocube slurm`: submit a plan's unfinished units as a Slurm array job, and its commit after them.
struct SlurmCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "slurm",
        abstract: "Submit a plan's unfinished work units as a Slurm job array, then a commit job that runs when all succeeded.",
        discussion: """
            Re-run it after failures: it submits only the units without a finished marker. The scripts and
            the jobs' logs go to --log-dir (default: <plan>.slurm beside a local plan file, ./eocube-slurm-logs for an s3:// plan).
            """)

    @Option(help: "The plan 'eocube plan' wrote: a file every node sees, or an s3:// URL.")
    var plan: String

    @Option(help: "Slurm partition (default: the cluster's default).")
    var partition: String?

    @Option(help: "Most array tasks running at once (sbatch --array=…%K).")
    var maxParallel: Int?

    @Option(help: "Memory per task, e.g. 4G (sbatch --mem); keep it above the plan's --memory-budget.")
    var mem: String?

    @Option(help: "Time limit per task, e.g. 01:00:00 (sbatch --time).")
    var time: String?

    @Option(help: "CPUs per task (sbatch --cpus-per-task).")
    var cpusPerTask: Int?

    @Option(help: "The eocube executable on the nodes (default: this one).")
    var eocube: String?

    @Option(help: "Directory for the scripts and the jobs' logs.")
    var logDir: String?

    @Option(help: "The sbatch command.")
    var sbatch: String = "sbatch"

    @Flag(help: "Print both scripts; submit nothing.")
    var dryRun = false

    func run() async throws {
        // A local plan is named absolutely, so the jobs find it from any directory; an s3:// plan as given.
        let isLocal = ZarrStoreLocation.scheme(of: plan) == nil
        let planPath = isLocal ? URL(fileURLWithPath: plan).standardizedFileURL.path : plan
        let loaded = try CubePlan.read(from: planPath)
        if let record = try loaded.commitRecord() {
            print("plan \(plan) was committed at \(record.committed): nothing to submit")
            return
        }
        let pending = try loaded.unfinishedUnits()
        let executable = eocube ?? Self.currentExecutable()
        let logs = logDir.map { URL(fileURLWithPath: $0).standardizedFileURL.path } ?? (isLocal ? planPath + ".slurm" : FileManager.default.currentDirectoryPath + "/eocube-slurm-logs")
        let scripts = SlurmScripts(planPath: planPath, eocube: executable, logDirectory: logs, partition: partition,
                                   maxParallel: maxParallel, memory: mem, time: time, cpusPerTask: cpusPerTask)
        let workScript = pending.isEmpty ? nil : scripts.workArray(units: pending)
        let commitScript = scripts.commit()
        if dryRun {
            if let workScript { print("# work array (\(pending.count) unfinished unit(s) of \(loaded.units.count))\n" + workScript) }
            print("# commit (after the array succeeded: --dependency=afterok:<array job id> --kill-on-invalid-dep=yes)\n" + commitScript)
            return
        }
        try FileManager.default.createDirectory(atPath: logs, withIntermediateDirectories: true)
        var dependency: [String] = []
        if let workScript {
            let path = logs + "/work.sbatch"
            try workScript.write(toFile: path, atomically: true, encoding: .utf8)
            let job = try submit([path])
            print("submitted work array job \(job): units \(CubeBuilderError.idList(pending)) (\(pending.count) of \(loaded.units.count))")
            dependency = ["--dependency=afterok:\(job)", "--kill-on-invalid-dep=yes"]
        }
        let path = logs + "/commit.sbatch"
        try commitScript.write(toFile: path, atomically: true, encoding: .utf8)
        let job = try submit(dependency + [path])
        print("submitted commit job \(job)" + (dependency.isEmpty ? "" : ", after the array succeeds") + "; logs in \(logs)")
    }

    /// Runs `sbatch --parsable ARGS`; returns the job id.
    private func submit(_ arguments: [String]) throws -> String {
        let process = Process(), output = Pipe(), errors = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [sbatch, "--parsable"] + arguments
        process.standardOutput = output
        process.standardError = errors
        do { try process.run() } catch { throw ValidationError("cannot run \(sbatch): \(error); is Slurm installed here?") }
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        // --parsable prints "JOBID" or "JOBID;CLUSTER".
        guard process.terminationStatus == 0,
              let id = text.split(separator: "\n").first?.split(separator: ";").first.map(String.init), Int(id) != nil else {
            throw ValidationError("sbatch failed (status \(process.terminationStatus)): \(message.trimmingCharacters(in: .whitespacesAndNewlines)) \(text)")
        }
        return id
    }

    /// The path of the running executable.
    static func currentExecutable() -> String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
    }
}
