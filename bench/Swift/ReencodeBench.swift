import ArgumentParser
import Foundation
import ZarrStore

/// `eocube-bench reencode`: re-encode a sharded int16 array into another layout with the same
/// codec — `eocube zarr copy` against tensorstore (read all, write all), zarr-python with the
/// zarrs codec pipeline and zarr-python alone, in one run; wall, CPU seconds and peak RSS per side.
///
/// The default is the workload of the issue that asked for it: [64, 2048, 2048] (512 MB) in shards
/// [16, 1024, 1024] of chunks [1, 512, 512], re-encoded into shards [4, 2048, 2048] of chunks
/// [4, 256, 256]; variants Blosc(zstd 5, shuffle), zstd 5 and uncompressed.
struct ReencodeBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reencode", abstract: "Zarr v3 re-encode between layouts against tensorstore, zarrs and zarr-python.")

    @Option(help: "Array shape T,Y,X.") var shape: String = "64,2048,2048"
    @Option(help: "Source chunks.") var sourceChunks: String = "1,512,512"
    @Option(help: "Source shards.") var sourceShards: String = "16,1024,1024"
    @Option(help: "Target chunks.") var chunks: String = "4,256,256"
    @Option(help: "Target shards.") var shards: String = "4,2048,2048"
    @Option(help: "Codec variants (comma-separated: blosc, zstd, none).") var codecs: String = "blosc,zstd,none"
    @Option(help: "Compression level (Blosc's zstd and zstd).") var clevel: Int = 5
    @Option(help: "Peers (comma-separated: tensorstore, zarrs, zarr; 'none' for eocube only).") var peers: String = "tensorstore,zarrs,zarr"
    @Option(name: .customLong("repeat"), help: "Alternating repetitions per side (the best is reported).") var repetitions: Int = 1
    @Option(help: "Working directory (default: a temporary one, removed afterwards).") var workdir: String?
    @Option(help: "Python with zarr, zarrs and tensorstore (default: $EOCUBE_PYTHON or .venv/bin/python).") var python: String?

    func runBenchmark() async throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        let eocube = root + "/.build/release/eocube"
        guard FileManager.default.isExecutableFile(atPath: eocube) else { throw ValidationError("build eocube first: swift build -c release --product eocube") }
        let python = self.python ?? ProcessInfo.processInfo.environment["EOCUBE_PYTHON"] ?? root + "/.venv/bin/python"
        let script = root + "/bench/python/zarr_reencode.py"
        let directory = workdir ?? NSTemporaryDirectory() + "eocube-reencode-\(getpid())"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { if workdir == nil { try? FileManager.default.removeItem(atPath: directory) } }
        let dims = try [shape, sourceChunks, sourceShards, chunks, shards].map(parse)
        let megabytes = Double(dims[0].reduce(2, *)) / 1_000_000
        let peerList = peers == "none" ? [] : peers.split(separator: ",").map(String.init)
        print("Zarr v3 re-encode: int16 \(dims[0]) (\(String(format: "%.0f", megabytes)) MB), shards \(dims[2]) of chunks \(dims[1]) -> shards \(dims[4]) of chunks \(dims[3]), \(ProcessInfo.processInfo.activeProcessorCount) cores")
        for codec in codecs.split(separator: ",").map(String.init) {
            let source = directory + "/source-\(codec).zarr"
            try await makeSource(at: source, codec: codec, shape: dims[0], chunks: dims[1], shards: dims[2])
            var best: [String: (wall: Double, cpu: Double, rss: Double)] = [:]
            for repetition in 0..<max(1, repetitions) {
                for side in ["eocube"] + peerList {
                    let target = directory + "/\(side)-\(codec).zarr"
                    try? FileManager.default.removeItem(atPath: target)
                    let measured: (wall: Double, cpu: Double, rss: Double)
                    if side == "eocube" {
                        let codecArguments = codec == "blosc" ? ["--codec", "blosc:zstd:\(clevel):shuffle"] : codec == "zstd" ? ["--codec", "zstd:\(clevel)"] : ["--codec", "none"]
                        measured = try timed([eocube, "zarr", "copy", source, target, "--chunks", chunks, "--shards", shards] + codecArguments)
                    } else {
                        let output = try ProcessMetrics.run(python, [script, side, source, target, "--chunks", chunks, "--shards", shards, "--codec", codec, "--clevel", String(clevel)])
                        guard let line = output.split(separator: "\n").last,
                              let json = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                              let wall = json["wall_s"] as? Double, let cpu = json["cpu_s"] as? Double, let rss = json["peak_rss_mb"] as? Double else {
                            throw ValidationError("unexpected output from \(side): \(output)")
                        }
                        measured = (wall, cpu, rss)
                    }
                    if repetition == 0 {
                        try ProcessMetrics.run(python, [script, "compare", source, target])
                    }
                    let previous = best[side] ?? (.infinity, .infinity, 0)
                    best[side] = (min(previous.wall, measured.wall), min(previous.cpu, measured.cpu), max(previous.rss, measured.rss))
                }
            }
            let ours = best["eocube"]!
            print("\n\(codec): every output read back equal to the source (zarr-python)")
            print("implementation              wall s    CPU s   peak RSS MiB   eocube/peer wall   eocube/peer CPU   peer/eocube RSS")
            for side in ["eocube"] + peerList {
                guard let r = best[side] else { continue }
                let name = ["eocube": "eocube zarr copy", "tensorstore": "tensorstore", "zarrs": "zarr-python + zarrs", "zarr": "zarr-python"][side] ?? side
                let ratios = side == "eocube" ? "" : String(format: "%19.2f %17.2f %17.2f", ours.wall / r.wall, ours.cpu / r.cpu, r.rss / ours.rss)
                print(name.padding(toLength: 26, withPad: " ", startingAt: 0) + String(format: "%8.2f %8.2f %14.0f", r.wall, r.cpu, r.rss) + ratios)
            }
        }
    }

    /// Writes the synthetic backscatter source with ZarrStore (read back by every side).
    private func makeSource(at path: String, codec: String, shape: [Int], chunks: [Int], shards: [Int]) async throws {
        try? FileManager.default.removeItem(atPath: path)
        let storage = try FileSystemStorage(path: path, create: true)
        let compressors: [ZarrCodec] = codec == "blosc" ? [.blosc(.init(compressor: .zstd, level: clevel, shuffle: .shuffle))]
            : codec == "zstd" ? [.zstd(level: clevel, checksum: false)] : []
        let array = try await ZarrArray.create(storage, path: "", definition: ZarrArrayDefinition(
            dataType: .int16, shape: shape, chunkShape: chunks, shardShape: shards, compressors: compressors,
            fillValue: .int(-9999), dimensionNames: ["time", "y", "x"]))
        try await array.write(ZarrBench.syntheticBackscatter(shape: shape))
    }

    /// Wall seconds, CPU seconds and peak RSS (MiB) of a command, measured by GNU time (so the
    /// peak is the command's own, not inherited from this large process).
    private func timed(_ command: [String]) throws -> (wall: Double, cpu: Double, rss: Double) {
        let output = try ProcessMetrics.run("/usr/bin/time", ["-f", "time: %e %U %S %M", "-o", "/dev/stdout"] + command)
        guard let line = output.split(separator: "\n").last(where: { $0.hasPrefix("time: ") }) else { throw ValidationError("no timing from \(command)") }
        let numbers = line.dropFirst(6).split(separator: " ").compactMap { Double($0) }
        guard numbers.count == 4 else { throw ValidationError("bad timing line '\(line)'") }
        return (numbers[0], numbers[1] + numbers[2], numbers[3] / 1024)
    }

    private func parse(_ text: String) throws -> [Int] {
        let values = try text.split(separator: ",").map { guard let i = Int($0), i > 0 else { throw ValidationError("bad shape '\(text)'") }; return i }
        guard values.count == 3 else { throw ValidationError("'\(text)' needs 3 dimensions") }
        return values
    }
}
