import EOCubeBuilder
import Foundation
import HTTPTransport
import InteropSupport
import Testing
import ZarrStore

/// Cubes built straight into S3-compatible object storage (the SeaweedFS test service,
/// Tests/Interop/services/seaweedfs.sh): `eocube build --store s3://…` and a planned build whose
/// plan, units and commit all live on S3 equal a local `eocube build` object for file, byte for
/// byte, and xarray reads them through s3fs.
@Suite(.enabled(if: (ProcessInfo.processInfo.environment["EOCUBE_S3_ENDPOINT"] != nil
                     || ProcessInfo.processInfo.environment["EOCUBE_REQUIRE_INTEROP"] != nil)
                && CubeTestSupport.interopEnabled && CubeTestSupport.eocubeBinary != nil, "needs the SeaweedFS test service"),
       .serialized)
struct BuildOnS3Tests {
    static let oneDay = ["--chunk-shape", "256,256", "--shard-shape", "512,512"]
    static let twentyDays = ["--chunk-shape", "20,256,256", "--shard-shape", "20,1024,1024"]

    private let env = ProcessInfo.processInfo.environment

    private func client() throws -> S3Client {
        let endpoint = try #require(env["EOCUBE_S3_ENDPOINT"], "EOCUBE_S3_ENDPOINT is not set")
        return S3Client(configuration: S3Configuration(endpoint: endpoint, credentials: AWSCredentials(
            accessKeyID: env["EOCUBE_S3_ACCESS_KEY"] ?? "", secretAccessKey: env["EOCUBE_S3_SECRET_KEY"] ?? "")))
    }

    /// The standard AWS variables `eocube` reads, pointing at the test service.
    private var awsEnvironment: [String: String] {
        ["AWS_ACCESS_KEY_ID": env["EOCUBE_S3_ACCESS_KEY"] ?? "", "AWS_SECRET_ACCESS_KEY": env["EOCUBE_S3_SECRET_KEY"] ?? "",
         "AWS_ENDPOINT_URL": env["EOCUBE_S3_ENDPOINT"] ?? "", "AWS_REGION": "us-east-1"]
    }

    /// A fresh `s3://bucket/tests/<name>-<uuid>` prefix.
    private func freshURL(_ name: String) -> String {
        "s3://\(env["EOCUBE_S3_BUCKET"] ?? "eocube-test")/tests/\(name)-\(UUID().uuidString)"
    }

    /// Starts `eocube ARGUMENTS…` with the S3 environment (its endpoint replaced by `endpoint`).
    private func launch(_ arguments: [String], endpoint: String? = nil) throws -> Process {
        let process = Process()
        process.executableURL = try #require(CubeTestSupport.eocubeBinary)
        process.arguments = arguments
        var environment = env.merging(awsEnvironment) { $1 }
        if let endpoint { environment["AWS_ENDPOINT_URL"] = endpoint }
        process.environment = environment
        process.standardOutput = Pipe()
        process.standardError = process.standardOutput
        try process.run()
        return process
    }

    /// Runs `eocube ARGUMENTS…` with the S3 environment; its status and output.
    private func run(_ arguments: [String], endpoint: String? = nil) throws -> CubeTestSupport.Run {
        let process = try launch(arguments, endpoint: endpoint)
        let data = (process.standardOutput as? Pipe)?.fileHandleForReading.readDataToEndOfFile() ?? Data()
        process.waitUntilExit()
        return CubeTestSupport.Run(status: process.terminationStatus, output: data)
    }

    /// Every object of the store at `url` (key → bytes), keyed like ``CubeTestSupport/files(_:)``.
    private func objects(_ url: String) throws -> [String: Data] {
        let storage = try S3Storage(url: url, client: client())
        var out: [String: Data] = [:]
        for key in try storage.listAllKeys() { out["/" + key] = try storage.get(key).map { Data($0) } }
        return out
    }

    /// Keys whose bytes differ between a local store and one on S3, leaving out what `keep` refuses.
    private func differences(local: URL, remote url: String, keep: (String) -> Bool) throws -> [String] {
        let files = try CubeTestSupport.files(local).filter { keep($0.key) }, remote = try objects(url).filter { keep($0.key) }
        return Set(files.keys).union(remote.keys).sorted().filter { files[$0] != remote[$0] }.map {
            "\($0): \(files[$0].map { "\($0.count) bytes" } ?? "missing") locally vs \(remote[$0].map { "\($0.count) bytes" } ?? "missing") on S3"
        }
    }

    /// The cube's content: arrays and metadata, not how it was built (no lock file locally, a
    /// plan's progress files, the Collection that names its store).
    private static func isCubeContent(_ key: String) -> Bool {
        !key.contains(".eocube-block-locks") && !key.contains(".eocube-plan") && !key.hasSuffix("/collection.json")
    }

    @Test(arguments: [oneDay, twentyDays])
    func aBuildStraightIntoS3EqualsALocalBuild(layout: [String]) throws {
        let directory = try Interop.temporaryDirectory("cube-s3-build")
        defer { try? FileManager.default.removeItem(at: directory) }
        let local = directory.appendingPathComponent("cube.zarr")
        let localBuild = try CubeTestSupport.runEOCube(CubeTestSupport.sampleBuildArguments(store: local) + layout)
        try #require(localBuild.status == 0, "\(localBuild.text)")

        let url = freshURL("cube") + "/cube.zarr"
        defer { try? S3Storage(url: url, client: client()).deleteEverything() }
        var arguments = CubeTestSupport.sampleBuildArguments(store: local) + layout
        arguments[arguments.firstIndex(of: local.path)!] = url
        let remoteBuild = try run(arguments)
        try #require(remoteBuild.status == 0, "\(remoteBuild.text)")
        // Journals included: the same items were ingested into the same slots.
        let differences = try differences(local: local, remote: url) { Self.isCubeContent($0) }
        #expect(differences.isEmpty, "\(differences.prefix(10))")
        #expect(try objects(url).keys.contains { $0.hasSuffix("/collection.json") }, "the build writes its STAC Collection into the store")

        // A re-run finds every item journaled and changes nothing.
        let before = try objects(url)
        let again = try run(arguments)
        #expect(again.status == 0 && again.text.contains("already done"), "\(again.text)")
        #expect(try objects(url).filter { Self.isCubeContent($0.key) } == before.filter { Self.isCubeContent($0.key) })

        let summary = try Interop.runPython(["cube_s3_xarray_check.py", local.path, url, CubeTestSupport.group])
        #expect(summary.contains("\"problems\": []"), "\(summary)")
    }

    /// A local build of the sample (one-day layout) in `directory`, and `eocube plan` of the same
    /// with its plan and store on S3 under a fresh prefix `base`.
    private func planOnS3(_ name: String, beside directory: URL) throws -> (local: URL, base: String, store: String, plan: String) {
        let local = directory.appendingPathComponent("whole.zarr")
        let localBuild = try CubeTestSupport.runEOCube(CubeTestSupport.sampleBuildArguments(store: local) + Self.oneDay)
        try #require(localBuild.status == 0, "\(localBuild.text)")
        let base = freshURL(name)
        let url = base + "/cube.zarr", planURL = base + "/plan.json"
        let unused = directory.appendingPathComponent("unused.json")
        var arguments = CubeTestSupport.samplePlanArguments(store: local, plan: unused) + Self.oneDay
        arguments[arguments.firstIndex(of: local.path)!] = url
        arguments[arguments.firstIndex(of: unused.path)!] = planURL
        let planned = try run(arguments)
        try #require(planned.status == 0, "\(planned.text)")
        #expect(!FileManager.default.fileExists(atPath: unused.path), "an s3:// plan was written locally")
        return (local, base, url, planURL)
    }

    /// Deletes what ``planOnS3(_:beside:)`` and the build put on S3.
    private func removePlan(base: String, store: String) {
        try? S3Storage(url: store, client: client()).deleteEverything()
        try? S3Storage(url: base, client: client()).delete("plan.json")
    }

    @Test func aPlannedBuildOnS3KilledMidUnitAndCommittedTwiceEqualsALocalBuild() throws {
        let directory = try Interop.temporaryDirectory("cube-s3-plan")
        defer { try? FileManager.default.removeItem(at: directory) }
        let (local, base, url, planURL) = try planOnS3("plan", beside: directory)
        defer { removePlan(base: base, store: url) }
        let planBytes = try #require(try S3Storage(url: base, client: client()).get("plan.json"), "no plan object at \(planURL)")
        let unitCount = try JSONDecoder().decode(CubePlan.self, from: Data(planBytes)).units.count
        #expect(unitCount > 1)

        // Workers killed while they write: their units have no marker, and running them again
        // finishes them. Kills at several moments, so that at least one lands mid-unit.
        var killedMidway = 0
        for (unit, delay) in zip(0..<unitCount, [30_000, 80_000, 150_000, 300_000] as [useconds_t]) {
            let victim = try launch(["work", "--quiet", "--plan", planURL, "--unit", String(unit)])
            usleep(delay)
            kill(victim.processIdentifier, SIGKILL)
            victim.waitUntilExit()
            if victim.terminationReason == .uncaughtSignal {
                killedMidway += 1
                let storage = try S3Storage(url: url, client: client())
                #expect(try !storage.contains(CubeTestSupport.group + "/.eocube-plan/unit-\(unit).json"), "killed unit \(unit) is marked finished")
            }
        }
        #expect(killedMidway > 0, "every worker finished before its kill: the test did not test a kill")
        for unit in 0..<unitCount {
            let work = try run(["work", "--quiet", "--plan", planURL, "--unit", String(unit)])
            #expect(work.status == 0, "unit \(unit): \(work.text)")
        }
        // Two commits at once: one writes the record, the other finds it and changes nothing.
        let commits = try (0..<2).map { _ in try launch(["commit", "--plan", planURL, "--stac-collection", "none"]) }
        let outputs = commits.map { process -> String in
            let data = (process.standardOutput as? Pipe)?.fileHandleForReading.readDataToEndOfFile() ?? Data()
            process.waitUntilExit()
            return String(decoding: data, as: UTF8.self)
        }
        #expect(commits.allSatisfy { $0.terminationStatus == 0 }, "\(outputs)")
        #expect(outputs.filter { $0.contains("committed plan") }.count == 1 && outputs.filter { $0.contains("was already committed") }.count == 1,
                "\(outputs)")
        // Journals differ by design (one per unit region); everything else is the whole build's.
        let differences = try differences(local: local, remote: url) { Self.isCubeContent($0) && !$0.contains("eocube_journal") }
        #expect(differences.isEmpty, "\(differences.prefix(10))")
    }

    /// The lease a build holds on object storage: a live holder elsewhere refuses the build
    /// before anything is written; an expired one, or one of a dead process on this host, is
    /// taken over, and the lease is gone when the build ends.
    @Test func aLiveBuildLeaseRefusesASecondBuildAndStaleOnesAreTakenOver() throws {
        let directory = try Interop.temporaryDirectory("cube-s3-lease")
        defer { try? FileManager.default.removeItem(at: directory) }
        let deadPID = try CubeTestSupport.deadProcessID()
        let now = Date().timeIntervalSince1970
        let leaseKey = CubeTestSupport.group + "/.eocube-lease.json"
        let cases: [(holder: String, refused: Bool)] = [
            (#"{"id":"a","host":"other-node","pid":1,"expires":\#(now + 600)}"#, true),
            (#"{"id":"b","host":"other-node","pid":1,"expires":\#(now - 5)}"#, false),
            (#"{"id":"c","host":"\#(ProcessInfo.processInfo.hostName)","pid":\#(deadPID),"expires":\#(now + 600)}"#, false),
        ]
        for (holder, refused) in cases {
            let url = freshURL("lease") + "/cube.zarr"
            defer { try? S3Storage(url: url, client: client()).deleteEverything() }
            let storage = try S3Storage(url: url, client: client())
            try storage.set(leaseKey, Array(holder.utf8))
            let local = directory.appendingPathComponent("unused.zarr")
            var arguments = CubeTestSupport.sampleBuildArguments(store: local) + Self.oneDay
            arguments[arguments.firstIndex(of: local.path)!] = url
            let build = try run(arguments)
            if refused {
                #expect(build.status != 0 && build.text.contains("another build (host other-node pid 1)"), "\(build.text)")
                #expect(try storage.listAllKeys() == [leaseKey], "a refused build wrote something")
            } else {
                #expect(build.status == 0, "\(holder): \(build.text)")
                #expect(try storage.contains(CubeTestSupport.group + "/VV/zarr.json"))
                #expect(try !storage.contains(leaseKey), "the lease outlived the build")
            }
        }
    }

    /// A build through an S3 endpoint that answers 500 and 503 SlowDown, drops connections in
    /// the middle of uploads and goes down for 1.5 s as if restarted: the client retries, the build succeeds, and the cube equals a local
    /// build object for file (no half-written object is ever visible as data).
    @Test func aBuildThroughFailingAndDroppingS3EqualsALocalBuild() throws {
        let directory = try Interop.temporaryDirectory("cube-s3-faults")
        defer { try? FileManager.default.removeItem(at: directory) }
        let local = directory.appendingPathComponent("cube.zarr")
        let localBuild = try CubeTestSupport.runEOCube(CubeTestSupport.sampleBuildArguments(store: local) + Self.oneDay)
        try #require(localBuild.status == 0, "\(localBuild.text)")

        let upstream = try #require(env["EOCUBE_S3_ENDPOINT"])
        let log = directory.appendingPathComponent("proxy.log").path
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let proxy = try LoopbackServer(executable: Interop.python, arguments: [
            Interop.scripts.appendingPathComponent("s3_fault_proxy.py").path, upstream, log,
            "PUT:500:4:7", "PUT:slowdown:4:5", "PUT:drop:3:11", "GET:500:3:13", "HEAD:slowdown:2:3",
            // and at the 60th request, 1.5 s in which every connection is closed unanswered, as
            // a server being restarted
            "ANY:outage:1500:60"])
        let url = freshURL("faults") + "/cube.zarr"
        defer { try? S3Storage(url: url, client: client()).deleteEverything() }
        var arguments = CubeTestSupport.sampleBuildArguments(store: local) + Self.oneDay
        arguments[arguments.firstIndex(of: local.path)!] = url
        let build = try run(arguments, endpoint: proxy.baseURL)
        #expect(build.status == 0, "\(build.text)")
        let faults = (try String(contentsOfFile: log, encoding: .utf8)).split(separator: "\n")
            .filter { $0.hasSuffix("-> drop") || $0.contains("-> 500") || $0.contains("-> 503") }
        #expect(faults.count == 16, "the proxy injected \(faults.count) of 16 faults")
        let refused = (try String(contentsOfFile: log, encoding: .utf8)).split(separator: "\n").filter { $0.hasSuffix("-> down") }
        #expect(refused.count >= 2, "the outage refused \(refused.count) request(s)")
        let differences = try differences(local: local, remote: url) { Self.isCubeContent($0) }
        #expect(differences.isEmpty, "\(differences.prefix(10))")
    }

    /// Wrong credentials: the build stops at its first request with an error that names the
    /// problem, and nothing is written.
    @Test func wrongCredentialsGiveAClearErrorAndWriteNothing() throws {
        let url = freshURL("denied") + "/cube.zarr"
        let local = URL(fileURLWithPath: "/nonexistent/unused.zarr")
        var arguments = CubeTestSupport.sampleBuildArguments(store: local) + Self.oneDay
        arguments[arguments.firstIndex(of: local.path)!] = url
        let process = Process(), output = Pipe()
        process.executableURL = try #require(CubeTestSupport.eocubeBinary)
        process.arguments = arguments
        process.environment = env.merging(awsEnvironment) { $1 }.merging(["AWS_SECRET_ACCESS_KEY": "not-the-secret"]) { $1 }
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus != 0)
        #expect(text.contains("denied") && text.contains("AWS_SECRET_ACCESS_KEY") && text.contains("expired"), "\(text)")
        #expect(try S3Storage(url: url, client: client()).listAllKeys().isEmpty, "a build with wrong credentials wrote something")
    }

    /// Slurm runs a plan that lives on S3 with its store: the nodes share nothing but the bucket
    /// (the plan, the units' markers and journals, the commit record are all objects).
    @Test(.enabled(if: SlurmBuildTests.slurmAvailable))
    func slurmBuildsAPlanOnS3LikeOneLocalBuild() throws {
        let directory = try Interop.temporaryDirectory("cube-s3-slurm")
        defer { try? FileManager.default.removeItem(at: directory) }
        let (local, base, url, planURL) = try planOnS3("slurm", beside: directory)
        defer { removePlan(base: base, store: url) }

        let binary = try #require(CubeTestSupport.eocubeBinary)
        let logs = directory.appendingPathComponent("slurm-logs")
        let submitted = try run(["slurm", "--plan", planURL, "--partition", env["EOCUBE_SLURM_PARTITION"] ?? "eocube", "--max-parallel", "2",
                                 "--mem", "1G", "--time", "00:10:00", "--eocube", binary.path, "--log-dir", logs.path])
        try #require(submitted.status == 0, "\(submitted.text)")
        let store = try S3Storage(url: url, client: client())
        let commitKey = CubeTestSupport.group + "/.eocube-plan/commit.json"
        let deadline = Date().addingTimeInterval(300)
        while try !store.contains(commitKey), Date() < deadline { Thread.sleep(forTimeInterval: 1) }
        let logText = ((try? FileManager.default.contentsOfDirectory(atPath: logs.path)) ?? []).sorted().map { name in
            "\(name): " + ((try? String(contentsOfFile: logs.appendingPathComponent(name).path, encoding: .utf8)) ?? "")
        }.joined(separator: "\n")
        try #require(try store.contains(commitKey), "no commit record within 300 s; logs:\n\(logText)")
        let differences = try differences(local: local, remote: url) { Self.isCubeContent($0) && !$0.contains("eocube_journal") }
        #expect(differences.isEmpty, "\(differences.prefix(10))")
    }

    /// `eocube build` into S3 killed at several moments: whatever is there opens as a cube, and
    /// the re-run (taking over the dead build's lease on this host) ends with the objects of an
    /// uninterrupted build.
    @Test(arguments: [oneDay, twentyDays])
    func aBuildOnS3KilledAtAnyMomentResumesToTheSameObjects(layout: [String]) async throws {
        let directory = try Interop.temporaryDirectory("cube-s3-kill")
        defer { try? FileManager.default.removeItem(at: directory) }
        let local = directory.appendingPathComponent("cube.zarr")
        let localBuild = try CubeTestSupport.runEOCube(CubeTestSupport.sampleBuildArguments(store: local) + layout)
        try #require(localBuild.status == 0, "\(localBuild.text)")
        var killedMidway = 0
        for delay in [150_000, 400_000, 800_000] as [useconds_t] {
            let url = freshURL("kill") + "/cube.zarr"
            defer { try? S3Storage(url: url, client: client()).deleteEverything() }
            var arguments = CubeTestSupport.sampleBuildArguments(store: local) + layout
            arguments[arguments.firstIndex(of: local.path)!] = url
            let victim = try launch(arguments)
            usleep(delay)
            kill(victim.processIdentifier, SIGKILL)
            victim.waitUntilExit()
            let storage = try S3Storage(url: url, client: client())
            if victim.terminationReason == .uncaughtSignal {
                killedMidway += 1
                if try storage.contains(CubeTestSupport.group + "/zarr.json") {
                    let reader = try await CubeReader.open(storage, group: CubeTestSupport.group)
                    _ = try await reader.series(column: 1200, row: 2249, days: 3890..<3910)
                }
            }
            let resumed = try run(arguments)
            #expect(resumed.status == 0, "after a kill at \(delay / 1000) ms: \(resumed.text)")
            let differences = try differences(local: local, remote: url) { Self.isCubeContent($0) }
            #expect(differences.isEmpty, "after a kill at \(delay / 1000) ms: \(differences.prefix(10))")
            #expect(try !storage.contains(CubeTestSupport.group + "/.eocube-lease.json"), "the lease outlived the resumed build")
        }
        #expect(killedMidway > 0, "every build finished before its kill: the test did not test a kill")
    }

    /// A server that accepts conditional writes it should refuse (a proxy answering every
    /// `If-None-Match`/`If-Match` PUT 200) is refused before the build writes anything, since the
    /// lease and the journals would not protect the cube there.
    @Test func aServerIgnoringConditionalWritesIsRefused() throws {
        let directory = try Interop.temporaryDirectory("cube-s3-conditions")
        defer { try? FileManager.default.removeItem(at: directory) }
        let log = directory.appendingPathComponent("proxy.log").path
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let proxy = try LoopbackServer(executable: Interop.python, arguments: [
            Interop.scripts.appendingPathComponent("s3_fault_proxy.py").path, try #require(env["EOCUBE_S3_ENDPOINT"]), log,
            "PUT:ignore-conditions:1"])
        let url = freshURL("conditions") + "/cube.zarr"
        defer { try? S3Storage(url: url, client: client()).deleteEverything() }
        let local = directory.appendingPathComponent("unused.zarr")
        var arguments = CubeTestSupport.sampleBuildArguments(store: local) + Self.oneDay
        arguments[arguments.firstIndex(of: local.path)!] = url
        let build = try run(arguments, endpoint: proxy.baseURL)
        #expect(build.status != 0 && build.text.contains("does not enforce conditional writes"), "\(build.text)")
        #expect(try S3Storage(url: url, client: client()).listAllKeys().isEmpty, "a build on a server without conditional writes wrote something")
    }
}
