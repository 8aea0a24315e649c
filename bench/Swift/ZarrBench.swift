import ArgumentParser
import Foundation
import ZarrStore
#if canImport(Glibc)
import Glibc
#endif

/// `eocube-bench zarr`: write then read a 3-D int16 array (blosc-zstd + shuffle, sharded) with
/// ZarrStore, zarr-python, zarr-python + zarrs and tensorstore; prints MB/s, our ratios and peak RSS.
struct ZarrBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "zarr", abstract: "Zarr v3 write/read throughput against zarr-python, zarrs and tensorstore.")

    @Option(help: "Array shape T,Y,X (the issue's full size is 64,4096,4096 = 2 GiB).") var shape: String = "16,2048,2048"
    @Option(help: "Inner chunk shape.") var chunks: String = "1,512,512"
    @Option(help: "Shard shape.") var shards: String = "16,1024,1024"
    @Option(help: "Blosc zstd level.") var clevel: Int = 5
    @Option(help: "Working directory (default: a temporary one, removed afterwards).") var workdir: String?
    @Option(help: "Python with zarr, zarrs and tensorstore (default: $EOCUBE_PYTHON or .venv/bin/python).") var python: String?
    @Option(help: "Peers to run (comma-separated: zarr,zarrs,tensorstore; 'none' for ZarrStore only).") var peers: String = "zarr,zarrs,tensorstore"
    @Option(name: .customLong("repeat"), help: "Repetitions (the best time of each is reported).") var repetitions: Int = 1

    mutating func run() async throws { try await runBenchmark() }

    /// Runs the benchmark (called by name from the `eocube-bench` dispatcher: in top-level code an
    /// unqualified `run()` resolves to ParsableCommand's synchronous default).
    func runBenchmark() async throws {
        let shape = try parse(self.shape), chunks = try parse(self.chunks), shards = try parse(self.shards)
        guard shape.count == 3, chunks.count == 3, shards.count == 3 else { throw ValidationError("shape, chunks and shards need 3 dimensions") }
        let count = shape.reduce(1, *)
        let megabytes = Double(count * 2) / 1_000_000
        let directory = workdir ?? NSTemporaryDirectory() + "eocube-zarr-bench-\(getpid())"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { if workdir == nil { try? FileManager.default.removeItem(atPath: directory) } }

        print("Zarr v3 benchmark: int16 \(shape) (\(String(format: "%.0f", megabytes)) MB), chunks \(chunks), shards \(shards), blosc zstd clevel \(clevel) + shuffle, \(ProcessInfo.processInfo.activeProcessorCount) cores")
        let values = Self.syntheticBackscatter(shape: shape)
        let dataPath = directory + "/data.bin"
        // In 64 MiB pieces without copying the values: one Data.write of 2 GiB or more
        // corrupted the file's tail on Linux (a single write(2) moves at most 2 GiB - 4 KiB).
        _ = FileManager.default.createFile(atPath: dataPath, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: dataPath))
        try values.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = min(64 << 20, raw.count - offset)
                try handle.write(contentsOf: Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: raw.baseAddress! + offset), count: n, deallocator: .none))
                offset += n
            }
        }
        try handle.close()

        let storePath = directory + "/zarrstore.zarr"
        let python = self.python ?? ProcessInfo.processInfo.environment["EOCUBE_PYTHON"] ?? (FileManager.default.currentDirectoryPath + "/.venv/bin/python")
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("python/zarr_bench.py").path
        let peerList = peers == "none" ? [] : peers.split(separator: ",").map(String.init)
        // Best (write, read) seconds and peak RSS per implementation; repetitions are
        // interleaved so a busy machine penalises every implementation alike.
        var results: [String: (write: Double, read: Double, rss: Double)] = [:]
        // Least CPU seconds (all threads) per implementation: robust when other jobs share the cores.
        var cpu: [String: (write: Double, read: Double)] = [:]
        for repetition in 0..<max(1, repetitions) {
            try? FileManager.default.removeItem(atPath: storePath)
            let storage = try FileSystemStorage(path: storePath, create: true)
            let c0 = ProcessMetrics.cpuSeconds(), t0 = Date()
            let array = try await ZarrArray.create(storage, path: "", definition: ZarrArrayDefinition(
                dataType: .int16, shape: shape, chunkShape: chunks, shardShape: shards,
                compressors: [.blosc(.init(compressor: .zstd, level: clevel, shuffle: .shuffle))],
                fillValue: .int(-9999), dimensionNames: ["time", "y", "x"]))
            try await array.write(values)
            let c1 = ProcessMetrics.cpuSeconds(), t1 = Date()
            let back: [Int16] = try await ZarrArray.open(storage, path: "").read()
            let c2 = ProcessMetrics.cpuSeconds(), t2 = Date()
            let previousCPU = cpu["ours"] ?? (.infinity, .infinity)
            cpu["ours"] = (min(previousCPU.write, c1 - c0), min(previousCPU.read, c2 - c1))
            guard back == values else { throw ValidationError("ZarrStore read back different values") }
            let previous = results["ours"] ?? (.infinity, .infinity, 0)
            results["ours"] = (min(previous.write, t1.timeIntervalSince(t0)), min(previous.read, t2.timeIntervalSince(t1)), ProcessMetrics.highWaterMarkMiB())
            if repetition == 0 && !peerList.isEmpty {
                let verify = try ProcessMetrics.run(python, [script, "verify", storePath, dataPath])
                print("zarr-python reads the ZarrStore output: \(verify.trimmingCharacters(in: .whitespacesAndNewlines))")
            }
            for peer in peerList {
                let output = try ProcessMetrics.run(python, [script, peer, dataPath, directory + "/\(peer).zarr",
                                                             "--shape", self.shape, "--chunks", self.chunks, "--shards", self.shards, "--clevel", String(clevel)])
                guard let line = output.split(separator: "\n").last,
                      let json = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                      let w = json["write_s"] as? Double, let r = json["read_s"] as? Double, let rss = json["peak_rss_mb"] as? Double else {
                    throw ValidationError("unexpected output from \(peer): \(output)")
                }
                if json["ok"] as? Bool != true { print("warning: \(peer) read back different values") }
                if let wc = json["write_cpu_s"] as? Double, let rc = json["read_cpu_s"] as? Double {
                    let c = cpu[peer] ?? (.infinity, .infinity)
                    cpu[peer] = (min(c.write, wc), min(c.read, rc))
                }
                let p = results[peer] ?? (.infinity, .infinity, 0)
                results[peer] = (min(p.write, w), min(p.read, r), max(p.rss, rss))
            }
        }
        let labels = ["ours": "ZarrStore (Swift)", "zarr": "zarr-python", "zarrs": "zarr-python + zarrs", "tensorstore": "tensorstore"]
        let best = results["ours"]!
        var rows: [(String, Double, Double, Double)] = []
        for key in ["ours"] + peerList { if let r = results[key] { rows.append((labels[key] ?? key, r.write, r.read, r.rss)) } }
        print("")
        print("implementation            write MB/s   read MB/s   ours/peer write   ours/peer read   peak RSS MB")
        for (name, write, read, rss) in rows {
            let ratioW = name.hasPrefix("ZarrStore") ? "" : String(format: "%.2fx", write / best.write)
            let ratioR = name.hasPrefix("ZarrStore") ? "" : String(format: "%.2fx", read / best.read)
            print(name.padding(toLength: 26, withPad: " ", startingAt: 0)
                  + String(format: "%10.1f  %10.1f", megabytes / write, megabytes / read)
                  + ratioW.leftPadded(18) + ratioR.leftPadded(17) + String(format: "%14.0f", rss))
        }
        print("")
        print("CPU seconds (all threads, least of the repetitions; lower is better)")
        print("implementation            write CPU s   read CPU s   peer/ours write   peer/ours read")
        let ours = cpu["ours"] ?? (.nan, .nan)
        for key in ["ours"] + peerList {
            guard let c = cpu[key] else { continue }
            let ratioW = key == "ours" ? "" : String(format: "%.2fx", c.write / ours.write)
            let ratioR = key == "ours" ? "" : String(format: "%.2fx", c.read / ours.read)
            print((labels[key] ?? key).padding(toLength: 26, withPad: " ", startingAt: 0)
                  + String(format: "%11.2f  %11.2f", c.write, c.read) + ratioW.leftPadded(18) + ratioR.leftPadded(17))
        }
    }

    private func parse(_ text: String) throws -> [Int] {
        try text.split(separator: ",").map { guard let i = Int($0), i > 0 else { throw ValidationError("bad shape '\(text)'") }; return i }
    }

    /// SAR-backscatter-like int16 values (dB × 100): smooth fields plus speckle, with a
    /// nodata (-9999) swath, so compression ratios resemble real Sentinel-1 tiles.
    static func syntheticBackscatter(shape: [Int]) -> [Int16] {
        let (nt, ny, nx) = (shape[0], shape[1], shape[2])
        var values = [Int16](repeating: 0, count: nt * ny * nx)
        values.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let out = buffer
            DispatchQueue.concurrentPerform(iterations: nt * ny) { row in
                let t = row / ny, y = row % ny
                var state = UInt64(row) &* 0x9E37_79B9_7F4A_7C15 | 1
                let base = row * nx
                let swathEdge = (nx / 3) + (t * 97 + y / 2) % (nx / 3)
                for x in 0..<nx {
                    if x > swathEdge + nx / 2 { out[base + x] = -9999; continue }
                    state ^= state << 13; state ^= state >> 7; state ^= state << 17
                    let field = -1200 + ((x / 64 + y / 64 + t) % 8) * 60 + (x + y) % 50
                    out[base + x] = Int16(field + Int(state % 256) - 128)
                }
            }
        }
        return values
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
