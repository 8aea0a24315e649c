import EOCubeBuilder
import Foundation
import InteropSupport
import Testing

/// Shared helpers of the end-to-end cube tests.
enum CubeTestSupport {
    static var interopEnabled: Bool {
        Interop.isAvailable || ProcessInfo.processInfo.environment["EOCUBE_REQUIRE_INTEROP"] != nil
    }

    static var sampleItems: String { Interop.packageRoot.appendingPathComponent("Examples/sample-scene/items.json").path }

    static let tile = "EU020M_E051N015T3"
    static let group = "s1sig0/EU"

    /// The sample tile's cube with `chunk` and `shard` sizes as `[y, x]` (one day slot) or `[t, y, x]`.
    static func definition(chunk: [Int] = [256, 256], shard: [Int]? = nil, bands: [String] = ["VV", "VH"]) throws -> CubeDefinition {
        try CubeDefinition(grid: try Equi7Tile(tile).grid, groupPath: group, bands: bands, chunkShape: try CubeChunkShape(chunk),
                           shardShape: try shard.map { try CubeChunkShape($0) })
    }

    /// Builds `items` (an ItemCollection path) into `store` with the library.
    @discardableResult
    static func build(_ items: String = sampleItems, store: URL, definition: CubeDefinition, jobs: Int? = nil,
                      skipBadItems: Bool = false, memoryBudget: Int = 2 << 30) async throws -> BuildReport {
        let found = try await CubeItemSearch(source: items, search: .init()).items()
        let builder = CubeBuilder(definition: definition, storePath: store.path,
                                  options: BuildOptions(skipBadItems: skipBadItems, memoryBudget: memoryBudget, concurrency: jobs))
        return try await builder.build(items: found)
    }

    /// The id of a process that has exited (a dead writer's, for clean-up and lease tests).
    static func deadProcessID() throws -> Int32 {
        let finished = Process()
        finished.executableURL = URL(fileURLWithPath: "/bin/true")
        try finished.run()
        finished.waitUntilExit()
        return finished.processIdentifier
    }

    /// Builds the independent Python reference store.
    static func reference(_ items: String = sampleItems, store: URL, chunk: [Int] = [256, 256]) throws {
        try Interop.runPython(["cube_reference.py", "build", items, store.path, group, tile, "VV,VH", String(chunk[0]), String(chunk[1])])
    }

    /// Compares two stores with the Python checker: values, attributes, fill values, chunk files.
    static func compare(_ a: URL, _ b: URL, valuesOnly: Bool = false) -> String {
        do {
            return try Interop.runPython(["cube_reference.py", "compare", a.path, b.path, group] + (valuesOnly ? ["--values-only"] : []))
                .trimmingCharacters(in: .whitespacesAndNewlines)
        } catch {
            return "\(error)"
        }
    }

    /// Every file under `root` (relative path → bytes).
    static func files(_ root: URL) throws -> [String: Data] {
        var out: [String: Data] = [:]
        guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) else { return out }
        let base = root.standardizedFileURL.path
        for case let url as URL in enumerator {
            guard (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true else { continue }
            let path = url.standardizedFileURL.path
            out[String(path.dropFirst(base.count))] = try Data(contentsOf: url)
        }
        return out
    }

    /// The differences between two stores' file trees, empty when byte-identical. The cube's
    /// STAC Collection (`collection.json`, written by `eocube build`) is left out: it names its
    /// store, so two stores built alike differ there by design (`CubeCollectionTests` checks it).
    static func differences(_ a: URL, _ b: URL) throws -> [String] {
        let fa = try files(a).filter { !$0.key.hasSuffix("/collection.json") }, fb = try files(b).filter { !$0.key.hasSuffix("/collection.json") }
        var out: [String] = []
        for key in Set(fa.keys).union(fb.keys).sorted() where fa[key] != fb[key] {
            out.append("\(key): \(fa[key].map { "\($0.count) bytes" } ?? "missing") vs \(fb[key].map { "\($0.count) bytes" } ?? "missing")")
        }
        return out
    }

    /// `eocube build` arguments that build the sample scene into `store` (layout, region and
    /// other options are appended by the caller).
    static func sampleBuildArguments(store: URL) -> [String] {
        ["build", "--quiet", "--stac", sampleItems, "--tile", tile, "--store", store.path, "--group", group]
    }

    /// `eocube plan` arguments that plan the sample's build into `store`, the plan going to `plan`
    /// (layout and unit options are appended by the caller).
    static func samplePlanArguments(store: URL, plan: URL) -> [String] {
        ["plan", "--quiet", "--plan", plan.path, "--stac", sampleItems, "--tile", tile, "--store", store.path, "--group", group]
    }

    /// The differences between two stores' cube data and metadata, leaving out what records how
    /// a store was built rather than what it holds: ingest journals (one per region), a planned
    /// build's progress files (`.eocube-plan`) and the block-lock file.
    static func dataDifferences(_ a: URL, _ b: URL) throws -> [String] {
        try differences(a, b).filter { !$0.contains("eocube_journal") && !$0.contains(".eocube-plan") && !$0.contains(".eocube-block-locks") }
    }

    /// Starts `eocube build` of the sample into `store` with `arguments` appended; its standard
    /// error is kept for ``finish(_:)``.
    static func launchBuild(_ binary: URL, store: URL, arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = binary
        process.arguments = sampleBuildArguments(store: store) + arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = Pipe()
        try process.run()
        return process
    }

    /// Waits for a process ``launchBuild(_:store:arguments:)`` started; its exit status and standard error.
    static func finish(_ process: Process) -> (status: Int32, errors: String) {
        let errors = (process.standardError as? Pipe)?.fileHandleForReading.readDataToEndOfFile() ?? Data()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: errors, as: UTF8.self))
    }

    /// Waits for every process and expects each to have succeeded.
    static func expectSuccess(_ processes: [Process], _ label: String) {
        for process in processes {
            let (status, errors) = finish(process)
            #expect(status == 0, "\(label): \(errors)")
        }
    }

    /// What one run of `eocube` did.
    struct Run {
        /// The exit status.
        var status: Int32
        /// Standard output (with standard error folded in unless kept apart).
        var output: Data
        /// The output as text.
        var text: String { String(decoding: output, as: UTF8.self) }
    }

    /// Runs the `eocube` executable built beside the tests with `arguments` and waits for it;
    /// standard error goes into the output unless `separateErrors` (binary output such as npy).
    static func runEOCube(_ arguments: [String], separateErrors: Bool = false) throws -> Run {
        let process = Process(), output = Pipe()
        process.executableURL = try #require(eocubeBinary)
        process.arguments = arguments
        process.standardOutput = output
        process.standardError = separateErrors ? FileHandle.standardError : output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, output: data)
    }

    /// The `eocube` executable built beside the tests.
    static var eocubeBinary: URL? {
        let candidates = [".build/debug/eocube", ".build/release/eocube"].map { Interop.packageRoot.appendingPathComponent($0) }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }
}
