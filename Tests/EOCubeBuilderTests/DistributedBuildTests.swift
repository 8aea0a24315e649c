import EOCubeBuilder
import Foundation
import InteropSupport
import Testing

/// Plan, work, commit: a build split into units run as separate `eocube work` processes, in any
/// order, any number of times, interrupted or not, equals one `eocube build` byte for byte.
@Suite(.enabled(if: CubeTestSupport.interopEnabled && CubeTestSupport.eocubeBinary != nil), .serialized)
struct DistributedBuildTests {
    static let oneDay = ["--chunk-shape", "256,256", "--shard-shape", "512,512"]
    static let twentyDays = ["--chunk-shape", "20,256,256", "--shard-shape", "20,1024,1024"]

    /// A planned store beside a whole build of the sample in one layout.
    struct Setup {
        var directory: URL
        var whole: URL
        var store: URL
        var planFile: URL
        var plan: CubePlan
    }

    static func setUp(_ name: String, layout: [String]) throws -> Setup {
        let dir = try Interop.temporaryDirectory(name)
        let whole = dir.appendingPathComponent("whole.zarr"), store = dir.appendingPathComponent("planned.zarr")
        let planFile = dir.appendingPathComponent("plan.json")
        let build = try CubeTestSupport.runEOCube(CubeTestSupport.sampleBuildArguments(store: whole) + layout)
        #expect(build.status == 0, "\(build.text)")
        let planned = try CubeTestSupport.runEOCube(CubeTestSupport.samplePlanArguments(store: store, plan: planFile) + layout)
        #expect(planned.status == 0, "\(planned.text)")
        return Setup(directory: dir, whole: whole, store: store, planFile: planFile, plan: try CubePlan.read(from: planFile.path))
    }

    static func work(_ setup: Setup, unit: Int) throws -> CubeTestSupport.Run {
        try CubeTestSupport.runEOCube(["work", "--quiet", "--plan", setup.planFile.path, "--unit", String(unit)])
    }

    static func launchWork(_ setup: Setup, unit: Int) throws -> Process {
        let process = Process()
        process.executableURL = try #require(CubeTestSupport.eocubeBinary)
        process.arguments = ["work", "--quiet", "--plan", setup.planFile.path, "--unit", String(unit)]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = Pipe()
        try process.run()
        return process
    }

    static func commit(_ setup: Setup) throws -> CubeTestSupport.Run {
        try CubeTestSupport.runEOCube(["commit", "--plan", setup.planFile.path])
    }

    @Test(arguments: [oneDay, twentyDays])
    func unitsInRandomOrderSomeTwiceThenCommitEqualOneBuild(layout: [String]) throws {
        let setup = try Self.setUp("cube-plan", layout: layout)
        defer { try? FileManager.default.removeItem(at: setup.directory) }
        let plan = setup.plan
        #expect(plan.units.count > 1, "the sample should split into several units")
        #expect(plan.units.allSatisfy { !$0.items.isEmpty })
        // Before any unit ran, the template already has every array and the whole time axis.
        let template = try CubeTestSupport.dataDifferences(setup.store, setup.whole)
        #expect(!template.isEmpty)

        var generator = SeededGenerator(seed: UInt64(layout.joined().utf8.count))
        var order = plan.units.map(\.id).shuffled(using: &generator)
        order += order.prefix(3)     // a few finished units again: no-ops
        order.shuffle(using: &generator)
        // Two at a time, as an array job on two cores would.
        var index = 0
        while index < order.count {
            let batch = order[index..<min(index + 2, order.count)]
            let processes = try batch.map { try Self.launchWork(setup, unit: $0) }
            CubeTestSupport.expectSuccess(processes, "units \(Array(batch))")
            index += 2
        }
        let again = try Self.work(setup, unit: order[0])
        #expect(again.status == 0 && again.text.contains("already finished"), "\(again.text)")

        let committed = try Self.commit(setup)
        #expect(committed.status == 0 && committed.text.contains("committed plan"), "\(committed.text)")
        let record = try #require(try plan.commitRecord())
        #expect(record.ingestedItems == 6 && record.outsideItems.isEmpty, "\(record)")
        let differences = try CubeTestSupport.dataDifferences(setup.store, setup.whole)
        #expect(differences.isEmpty, "\(differences.prefix(5))")
    }

    @Test func commitWithAMissingUnitNamesItAndCommitsNothing() throws {
        let setup = try Self.setUp("cube-plan-missing", layout: Self.oneDay)
        defer { try? FileManager.default.removeItem(at: setup.directory) }
        let units = setup.plan.units.map(\.id)
        let missing = units[units.count / 2]
        for unit in units where unit != missing { #expect(try Self.work(setup, unit: unit).status == 0) }
        let consolidated = try Data(contentsOf: setup.store.appendingPathComponent("zarr.json"))

        let refused = try Self.commit(setup)
        #expect(refused.status != 0)
        #expect(refused.text.contains("1 work unit(s) have not finished (\(missing))"), "\(refused.text)")
        #expect(try setup.plan.commitRecord() == nil)
        #expect(!FileManager.default.fileExists(atPath: setup.plan.store + "/" + setup.plan.commitRecordKey))
        #expect(try Data(contentsOf: setup.store.appendingPathComponent("zarr.json")) == consolidated)
        #expect(try setup.plan.unfinishedUnits() == [missing])

        #expect(try Self.work(setup, unit: missing).status == 0)
        #expect(try Self.commit(setup).status == 0)
        #expect(try CubeTestSupport.dataDifferences(setup.store, setup.whole).isEmpty)
    }

    @Test func twoCommitsAtOnceOneWinsAndTheStoreStaysValid() throws {
        let setup = try Self.setUp("cube-plan-commits", layout: Self.twentyDays)
        defer { try? FileManager.default.removeItem(at: setup.directory) }
        for unit in setup.plan.units.map(\.id) { #expect(try Self.work(setup, unit: unit).status == 0) }
        for round in 0..<2 {
            try? FileManager.default.removeItem(atPath: setup.plan.store + "/" + setup.plan.commitRecordKey)
            let binary = try #require(CubeTestSupport.eocubeBinary)
            let pipes = [Pipe(), Pipe()]
            let processes = try pipes.map { pipe in
                let process = Process()
                process.executableURL = binary
                process.arguments = ["commit", "--plan", setup.planFile.path, "--stac-collection", "none"]
                process.standardOutput = pipe
                process.standardError = pipe
                try process.run()
                return process
            }
            let outputs = pipes.map { String(decoding: $0.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) }
            processes.forEach { $0.waitUntilExit() }
            #expect(processes.allSatisfy { $0.terminationStatus == 0 }, "round \(round): \(outputs)")
            #expect(outputs.filter { $0.contains("committed plan") }.count == 1, "round \(round): \(outputs)")
            #expect(outputs.filter { $0.hasPrefix("lost:") }.count == 1, "round \(round): \(outputs)")
            #expect(try setup.plan.commitRecord() != nil)
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: setup.plan.store + "/" + setup.plan.progressPrefix).filter { $0.hasSuffix(".tmp") }
            #expect(leftovers.isEmpty, "\(leftovers)")
            #expect(try CubeTestSupport.dataDifferences(setup.store, setup.whole).isEmpty, "round \(round)")
        }
    }

    @Test(arguments: [oneDay, twentyDays])
    func aUnitKilledMidwayAndRerunGivesTheSameStore(layout: [String]) throws {
        let setup = try Self.setUp("cube-plan-kill", layout: layout)
        defer { try? FileManager.default.removeItem(at: setup.directory) }
        // The unit with the most items runs longest.
        let victim = try #require(setup.plan.units.max { $0.items.count < $1.items.count }).id
        let started = Date()
        #expect(try Self.work(setup, unit: victim).status == 0)
        let duration = Date().timeIntervalSince(started)
        var killedMidway = 0
        for round in 0..<2 {
            try FileManager.default.removeItem(at: setup.store)
            let planned = try CubeTestSupport.runEOCube(CubeTestSupport.samplePlanArguments(store: setup.store, plan: setup.planFile) + layout)
            #expect(planned.status == 0)
            let plan = try CubePlan.read(from: setup.planFile.path)
            let process = try Self.launchWork(setup, unit: victim)
            Thread.sleep(forTimeInterval: duration * Double(round + 1) / 3)
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
            if process.terminationReason == .uncaughtSignal { killedMidway += 1 }
            #expect(try process.terminationReason == .exit || plan.finishedMarker(victim) == nil, "a killed unit must not be marked finished")
            for unit in plan.units.map(\.id) { #expect(try Self.work(setup, unit: unit).status == 0) }
            #expect(try Self.commit(setup).status == 0)
            let differences = try CubeTestSupport.dataDifferences(setup.store, setup.whole)
            #expect(differences.isEmpty, "round \(round): \(differences.prefix(5))")
        }
        print("kill/resume of unit \(victim) \(layout): \(killedMidway) of 2 runs killed before finishing (a whole unit run: \(duration) s)")
        #expect(killedMidway > 0)
    }
}
