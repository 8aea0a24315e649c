import EOCubeBuilder
import Foundation
import InteropSupport
import Testing

/// A planned build run by a real Slurm (the one-node cluster of Tests/Interop/services/slurm.sh):
/// `eocube slurm` submits the array job and the commit; the result equals one `eocube build`.
@Suite(.serialized)
struct SlurmBuildTests {
    /// Whether the Slurm test service runs (slurm.sh exported SLURM_CONF); required under
    /// EOCUBE_REQUIRE_INTEROP=1 when scripts/test.sh started the services.
    static var slurmAvailable: Bool {
        ProcessInfo.processInfo.environment["SLURM_CONF"].map { FileManager.default.fileExists(atPath: $0) } ?? false
    }

    static func squeue(_ jobs: [String]) -> String {
        let process = Process(), output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["squeue", "-h", "-j", jobs.joined(separator: ","), "-o", "%i %T %r"]
        process.standardOutput = output
        process.standardError = output
        guard (try? process.run()) != nil else { return "" }
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return text
    }

    @Test func servicePresentWhenInteropIsRequired() {
        if ProcessInfo.processInfo.environment["EOCUBE_REQUIRE_INTEROP"] == "1",
           ProcessInfo.processInfo.environment["EOCUBE_SERVICES_DIR"] != nil {
            #expect(Self.slurmAvailable, "scripts/test.sh started the services but Slurm is not running: see Tests/Interop/services/slurm.sh's output")
        }
    }

    @Test(.enabled(if: CubeTestSupport.interopEnabled && CubeTestSupport.eocubeBinary != nil && slurmAvailable),
          arguments: [DistributedBuildTests.oneDay, DistributedBuildTests.twentyDays])
    func arrayJobBuildsTheSampleLikeOneProcess(layout: [String]) throws {
        let setup = try DistributedBuildTests.setUp("cube-slurm", layout: layout)
        defer { try? FileManager.default.removeItem(at: setup.directory) }
        let binary = try #require(CubeTestSupport.eocubeBinary)
        let partition = ProcessInfo.processInfo.environment["EOCUBE_SLURM_PARTITION"] ?? "eocube"
        let logs = setup.directory.appendingPathComponent("slurm-logs")

        let dryRun = try CubeTestSupport.runEOCube(["slurm", "--plan", setup.planFile.path, "--partition", partition, "--max-parallel", "2",
                                                    "--mem", "1G", "--time", "00:10:00", "--eocube", binary.path, "--dry-run"])
        #expect(dryRun.status == 0)
        #expect(dryRun.text.contains("#SBATCH --array=0-\(setup.plan.units.count - 1)%2"), "\(dryRun.text)")
        #expect(dryRun.text.contains("commit --plan"), "\(dryRun.text)")

        // A unit done beforehand is left out of the array: as after a partly failed run.
        #expect(try DistributedBuildTests.work(setup, unit: 0).status == 0)
        let submitted = try CubeTestSupport.runEOCube(["slurm", "--plan", setup.planFile.path, "--partition", partition, "--max-parallel", "2",
                                                       "--mem", "1G", "--time", "00:10:00", "--eocube", binary.path, "--log-dir", logs.path])
        #expect(submitted.status == 0, "\(submitted.text)")
        #expect(submitted.text.contains("units 1-\(setup.plan.units.count - 1) ("), "\(submitted.text)")
        let jobs = submitted.text.split(separator: "\n").compactMap { line in
            line.split(separator: " ").firstIndex(of: "job").map { String(line.split(separator: " ")[$0 + 1].trimmingCharacters(in: .punctuationCharacters)) }
        }
        #expect(jobs.count == 2, "\(submitted.text)")

        let deadline = Date().addingTimeInterval(300)
        while (try? setup.plan.commitRecord()) == nil, Date() < deadline {
            let queue = Self.squeue(jobs)
            if queue.contains("DependencyNeverSatisfied") { break }
            Thread.sleep(forTimeInterval: 1)
        }
        let logText = ((try? FileManager.default.contentsOfDirectory(atPath: logs.path)) ?? []).sorted().map { name in
            "\(name): " + ((try? String(contentsOfFile: logs.appendingPathComponent(name).path, encoding: .utf8)) ?? "")
        }.joined(separator: "\n")
        let record = try #require(try setup.plan.commitRecord(), "no commit within 300 s; queue: \(Self.squeue(jobs)); logs:\n\(logText)")
        #expect(record.units == setup.plan.units.count && record.ingestedItems == 6)
        let workLogs = ((try? FileManager.default.contentsOfDirectory(atPath: logs.path)) ?? []).filter { $0.hasPrefix("work-") }
        #expect(workLogs.count == setup.plan.units.count - 1, "\(workLogs)")
        let differences = try CubeTestSupport.dataDifferences(setup.store, setup.whole)
        #expect(differences.isEmpty, "\(differences.prefix(5))")

        // Nothing left to do: a second run submits nothing.
        let again = try CubeTestSupport.runEOCube(["slurm", "--plan", setup.planFile.path, "--eocube", binary.path])
        #expect(again.status == 0 && again.text.contains("nothing to submit"), "\(again.text)")
    }
}
