import ArgumentParser
import EOCubeBuilder
import Foundation
import HTTPTransport
import ZarrStore

/// `eocube-bench cube-s3`: the same cube built by `eocube build` (release) into a local directory
/// and straight into S3-compatible object storage on loopback (SeaweedFS, started by
/// `bench/cube-s3.sh`), each as its own process: wall and CPU time, peak RSS, and what S3 cost
/// per shard written (requests and bytes).
struct CubeS3Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cube-s3",
        abstract: "Build one cube locally and on S3; report wall/CPU time, peak RSS and S3 requests and bytes per shard.",
        discussion: """
            Run through bench/cube-s3.sh, which starts SeaweedFS on 127.0.0.1 and sets AWS_* for eocube:
              bench/cube-s3.sh --items /tmp/cube-bench/data/items.json
            """)

    @Option(help: "ItemCollection with the acquisitions.")
    var items: String

    @Option(help: "Working directory for the local store and logs.")
    var work: String = "/tmp/cube-bench/s3"

    @Option(help: "The s3://bucket/prefix the S3 stores go under (default: s3://$EOCUBE_S3_BUCKET/bench).")
    var s3Prefix: String?

    @Option(help: "Equi7 tile of the cube.")
    var tile: String = "EU020M_E051N015T3"

    @Option(help: "Chunk shape T,Y,X (or Y,X), as eocube build takes it.")
    var chunkShape: String = "\(CubeDefinition.defaultChunkShape.height),\(CubeDefinition.defaultChunkShape.width)"

    @Option(help: "Shard shape T,Y,X (or Y,X), or 'none'.")
    var shardShape: String = CubeDefinition.defaultShardShape.map { "\($0.height),\($0.width)" } ?? "none"

    @Option(name: .customLong("repeat"), help: "Builds of each kind; the best wall time is reported.")
    var repeats: Int = 2

    func run() throws {
        let eocube = FileManager.default.currentDirectoryPath + "/.build/release/eocube"
        let environment = ProcessInfo.processInfo.environment
        let prefix = s3Prefix ?? "s3://\(environment["EOCUBE_S3_BUCKET"] ?? "eocube-test")/bench"
        try? FileManager.default.removeItem(atPath: work)
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        func arguments(_ store: String) -> [String] {
            ["build", "--quiet", "--stac", items, "--tile", tile, "--store", store, "--group", "s1sig0/EU",
             "--chunk-shape", chunkShape, "--shard-shape", shardShape, "--stac-collection", "none"]
        }
        print("layout: chunks \(chunkShape), shards \(shardShape); \(repeats) build(s) each, best wall time")
        var local: [Measured] = [], remote: [(Measured, Requests)] = []
        var shards = 0, storedBytes = 0
        for round in 0..<max(1, repeats) {
            let directory = work + "/local-\(round).zarr"
            local.append(try Measured.run(eocube, arguments(directory), output: work + "/local.log"))
            (shards, storedBytes) = try Self.shardFiles(directory + "/s1sig0/EU")
            try? FileManager.default.removeItem(atPath: directory)

            let url = prefix + "/cube-\(UUID().uuidString).zarr"
            let log = work + "/s3.log"
            let measured = try Measured.run(eocube, arguments(url), output: log)
            remote.append((measured, try Requests(parsing: String(decoding: FileManager.default.contents(atPath: log) ?? Data(), as: UTF8.self))))
            try? (try ZarrStoreLocation(parsing: url).openStorage() as? S3Storage)?.deleteEverything()
        }
        let bestLocal = local.min { $0.seconds < $1.seconds }!, best = remote.min { $0.0.seconds < $1.0.seconds }!
        let requests = best.1
        func row(_ name: String, _ m: Measured) -> String {
            String(format: "%-22@ %8.2f s wall %8.2f s CPU %8.0f MiB peak", name as NSString, m.seconds, m.cpuSeconds, m.peakMiB)
        }
        print(row("eocube → local dir", bestLocal))
        print(row("eocube → S3 (loopback)", best.0))
        print(String(format: "S3 / local: %.2fx wall, %.2fx CPU", best.0.seconds / bestLocal.seconds, best.0.cpuSeconds / bestLocal.cpuSeconds))
        let perShard = Double(max(shards, 1))
        print("shards (and unsharded chunks) written: \(shards), \(storedBytes / 1_048_576) MiB stored, \(storedBytes / max(shards, 1) / 1024) KiB each")
        print(String(format: "S3 requests: %d (GET %d, HEAD %d, PUT %d, POST %d, DELETE %d) = %.2f per shard; %.1f MiB sent (%.2fx the stored bytes), %.1f MiB received",
                     requests.total, requests.gets, requests.heads, requests.puts, requests.posts, requests.deletes,
                     Double(requests.total) / perShard, Double(requests.sent) / 1_048_576, Double(requests.sent) / Double(max(storedBytes, 1)),
                     Double(requests.received) / 1_048_576))
    }

    /// The files holding chunk data under a cube group (`*/c/**`): their count and bytes.
    static func shardFiles(_ group: String) throws -> (count: Int, bytes: Int) {
        var count = 0, bytes = 0
        guard let walk = FileManager.default.enumerator(atPath: group) else { return (0, 0) }
        for case let path as String in walk where path.contains("/c/") {
            let attributes = try FileManager.default.attributesOfItem(atPath: group + "/" + path)
            guard attributes[.type] as? FileAttributeType == .typeRegular else { continue }
            count += 1
            bytes += (attributes[.size] as? Int) ?? 0
        }
        return (count, bytes)
    }

    /// The `s3 requests:` line `eocube build` prints for an S3 store.
    struct Requests {
        var total = 0, gets = 0, heads = 0, puts = 0, posts = 0, deletes = 0, sent = 0, received = 0

        init(parsing log: String) throws {
            guard let line = log.split(separator: "\n").first(where: { $0.hasPrefix("s3 requests:") }) else {
                throw Measured.Failure(description: "eocube build printed no 's3 requests:' line:\n\(log)")
            }
            // "s3 requests: N (GET a, HEAD b, PUT c, POST d, DELETE e), X bytes sent, Y bytes received"
            let values = line.dropFirst("s3 requests:".count).split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
            guard values.count == 8 else { throw Measured.Failure(description: "cannot read '\(line)'") }
            (total, gets, heads, puts, posts, deletes, sent, received) = (values[0], values[1], values[2], values[3], values[4], values[5], values[6], values[7])
        }
    }
}
