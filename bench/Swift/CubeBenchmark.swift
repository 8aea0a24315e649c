import ArgumentParser
import EOCubeBuilder
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `eocube-bench cube`: an end-to-end cube build, EOCube (`eocube build`, release) against the
/// Python workflow (`bench/python/cube_workflow.py`: pystac + rioxarray + zarr-python), each as
/// its own process so wall time and peak RSS (from `wait4`) are measured the same way.
struct CubeBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cube",
        abstract: "Build one cube with eocube and with the Python workflow; report wall time and peak RSS.",
        discussion: """
            Make the input first (12 acquisitions of 6000 x 6000 px, VV + VH):
              .venv/bin/python Tests/Interop/cube_make_sample.py --bench /tmp/cube-bench/data 12 6000
            then: swift build -c release && .build/release/eocube-bench cube --items /tmp/cube-bench/data/items.json
            The seed workflow's time-series layout (issue 10), with eocube's own one-day build for comparison:
              .build/release/eocube-bench cube --items ITEMS --chunk-shape 20,100,100 --shard-shape 20,3000,3000 --compare-one-day
            """)

    @Option(help: "ItemCollection (or STAC API URL) with the acquisitions.")
    var items: String

    @Option(help: "Working directory for the two stores.")
    var work: String = "/tmp/cube-bench/out"

    @Option(help: "Equi7 tile of the cube.")
    var tile: String = "EU020M_E051N015T3"

    @Option(help: "Python interpreter.")
    var python: String = "\(FileManager.default.currentDirectoryPath)/.venv/bin/python"

    @Option(help: "Compression of both stores (eocube build's --compression, default its default), so both do the same work.")
    var compression: String = "blosc-zstd:1:bitshuffle:1MiB"  // eocube build's default (CubeDefinition.defaultCompressors)

    @Option(help: "Chunk shape T,Y,X (or Y,X for one day a chunk) of both stores, as eocube build takes it.")
    var chunkShape: String = "\(CubeDefinition.defaultChunkShape.height),\(CubeDefinition.defaultChunkShape.width)"

    @Option(help: "Shard shape T,Y,X (or Y,X), or 'none', of both stores.")
    var shardShape: String = CubeDefinition.defaultShardShape.map { "\($0.height),\($0.width)" } ?? "none"

    @Flag(help: "Also build with eocube's default one-day layout and print what the chosen layout costs against it.")
    var compareOneDay = false

    @Flag(help: "Skip the second, profiled eocube build (CPU share per library).")
    var skipProfile = false

    @Option(help: "Extra arguments for eocube build, written with '=' because they start with '--' (e.g. --eocube-arguments='--jobs 1').")
    var eocubeArguments: String = ""

    @Flag(help: "Skip the Python run.")
    var swiftOnly = false

    @Flag(help: "Do not compare the two stores afterwards (Tests/Interop/cube_reference.py compare).")
    var skipCompare = false

    func run() throws {
        let root = FileManager.default.currentDirectoryPath
        let eocube = root + "/.build/release/eocube"
        try? FileManager.default.removeItem(atPath: work)
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        let layout = ["--chunk-shape", chunkShape, "--shard-shape", shardShape]
        func buildArguments(_ store: String, layout: [String]) -> [String] {
            ["build", "--quiet", "--stac", items, "--tile", tile, "--store", store, "--group", "s1sig0/EU", "--compression", compression]
                + layout + eocubeArguments.split(separator: " ").map(String.init)
        }
        print("layout: chunks \(chunkShape), shards \(shardShape), compression \(compression)")
        let arguments = buildArguments(work + "/eocube.zarr", layout: layout)
        let swiftRun = try Measured.run(eocube, arguments)
        print(String(format: "eocube build:     %7.2f s wall, %7.2f s CPU, %7.1f MiB peak RSS", swiftRun.seconds, swiftRun.cpuSeconds, swiftRun.peakMiB))
        if compareOneDay {
            // eocube's own one-day layout on the same input, right after, so both see the same machine.
            let store = work + "/eocube-one-day.zarr"
            let oneDay = try Measured.run(eocube, buildArguments(store, layout: []))
            let defaults = "\(CubeDefinition.defaultChunkShape.height),\(CubeDefinition.defaultChunkShape.width)" + " / "
                + (CubeDefinition.defaultShardShape.map { "\($0.height),\($0.width)" } ?? "none")
            print("eocube build, one-day layout (\(defaults)): " + String(format: "%7.2f s wall, %7.2f s CPU, %7.1f MiB peak RSS",
                                                                           oneDay.seconds, oneDay.cpuSeconds, oneDay.peakMiB))
            print(String(format: "eocube: chosen layout / one-day layout: %.2fx the wall time, %.2fx the CPU, %.2fx the peak memory",
                         swiftRun.seconds / oneDay.seconds, swiftRun.cpuSeconds / oneDay.cpuSeconds, swiftRun.peakMiB / oneDay.peakMiB))
            try? FileManager.default.removeItem(atPath: store)
        }
        if !skipProfile { try printLibraryShares(eocube, arguments) }
        guard !swiftOnly else { return }
        let pythonRun = try Measured.run(python, [root + "/bench/python/cube_workflow.py", items, work + "/python.zarr", "s1sig0/EU", tile,
                                                  "--compression", compression, "--chunk-shape", chunkShape, "--shard-shape", shardShape])
        print(String(format: "python workflow:  %7.2f s wall, %7.2f s CPU, %7.1f MiB peak RSS", pythonRun.seconds, pythonRun.cpuSeconds, pythonRun.peakMiB))
        print(String(format: "eocube: %.1fx faster (wall), %.1fx less CPU, %.2fx the peak memory", pythonRun.seconds / swiftRun.seconds,
                     pythonRun.cpuSeconds / swiftRun.cpuSeconds, swiftRun.peakMiB / pythonRun.peakMiB))
        guard !skipCompare else { return }
        // Same work only if same result: values, dtypes, fill values and chunk files (the Python
        // workflow writes fewer attributes and no spatial_ref, so those are not compared).
        let compare = Process(), output = Pipe()
        compare.executableURL = URL(fileURLWithPath: python)
        compare.arguments = [root + "/Tests/Interop/cube_reference.py", "compare", work + "/eocube.zarr", work + "/python.zarr", "s1sig0/EU", "--values-only"]
        compare.standardOutput = output
        compare.standardError = FileHandle.nullDevice
        try compare.run()
        let verdict = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        compare.waitUntilExit()
        print("stores compared (cube_reference.py): \(verdict.trimmingCharacters(in: .whitespacesAndNewlines))")
    }
}

extension CubeBenchCommand {
    /// Profiles a second, untimed build with `perf record` and prints the share of its CPU
    /// samples inside the compression and decoding libraries.
    func printLibraryShares(_ eocube: String, _ buildArguments: [String]) throws {
        let perf = "/usr/bin/perf"
        guard FileManager.default.isExecutableFile(atPath: perf) else {
            print("CPU share by library: not measured (install linux-perf for it)")
            return
        }
        try? FileManager.default.removeItem(atPath: work + "/eocube.zarr")
        let data = work + "/perf.data"
        let record = Process()
        record.executableURL = URL(fileURLWithPath: perf)
        record.arguments = ["record", "-q", "-F", "499", "-o", data, "--", eocube] + buildArguments
        record.standardOutput = FileHandle.nullDevice
        record.standardError = FileHandle.nullDevice
        try record.run()
        record.waitUntilExit()
        let report = Process(), pipe = Pipe()
        report.executableURL = URL(fileURLWithPath: perf)
        report.arguments = ["report", "-i", data, "--stdio", "--sort", "dso", "-g", "none"]
        report.standardOutput = pipe
        report.standardError = FileHandle.nullDevice
        try report.run()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        report.waitUntilExit()
        guard record.terminationStatus == 0, report.terminationStatus == 0 else {
            print("CPU share by library: perf failed (perf_event_paranoid?)")
            return
        }
        var shares: [String: Double] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let fields = line.split(separator: " ")
            guard fields.count >= 2, fields[0].hasSuffix("%"), let percent = Double(fields[0].dropLast()) else { continue }
            let library = fields[1].split(separator: ".").first.map(String.init) ?? String(fields[1])
            shares[library, default: 0] += percent
        }
        func share(_ names: [String]) -> Double { names.reduce(0) { $0 + (shares[$1] ?? 0) } }
        print(String(format: "eocube CPU share: compression %.0f %% (zstd %.0f, blosc %.0f, lz4 %.0f), TIFF decoding %.0f %% (libdeflate %.0f, libtiff %.0f, zlib %.0f), kernel %.0f %%, eocube %.0f %%",
                     share(["libzstd", "libblosc", "liblz4"]), share(["libzstd"]), share(["libblosc"]), share(["liblz4"]),
                     share(["libdeflate", "libtiff", "libz"]), share(["libdeflate"]), share(["libtiff"]), share(["libz"]),
                     share(["[kernel"]), share(["eocube"])))
        try? FileManager.default.removeItem(atPath: data)
    }
}

/// A child process's wall time and peak resident set size.
struct Measured {
    var seconds: Double
    var cpuSeconds: Double
    var peakMiB: Double

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs `executable` with `arguments` (standard output to the file `output` when given),
    /// waits with `wait4` and returns its measurements.
    static func run(_ executable: String, _ arguments: [String], output: String? = nil) throws -> Measured {
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let output { posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o644) }
        let start = DispatchTime.now()
        let status = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard status == 0 else { throw Failure(description: "cannot start \(executable): \(String(cString: strerror(status)))") }
        var exitStatus: Int32 = 0
        var usage = rusage()
        guard wait4(pid, &exitStatus, 0, &usage) == pid else { throw Failure(description: "wait4 failed for \(executable)") }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        guard exitStatus == 0 else { throw Failure(description: "\(executable) \(arguments.joined(separator: " ")) exited with status \(exitStatus)") }
        return Measured(seconds: seconds, cpuSeconds: ProcessMetrics.cpuSeconds(usage), peakMiB: Double(usage.ru_maxrss) / 1024)
    }
}
