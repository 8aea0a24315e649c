import ArgumentParser
import Foundation
import STACClient

#if canImport(Glibc)
import Glibc
#endif

/// `eocube-bench stac`: STACClient against pystac / pystac-client, in one run.
///
/// - `parse`: parse a 10,000-item ItemCollection file (generated with
///   Tests/Interop/stac/make_sig0_items.py when absent) and read each item's orbit, VV href and datetime.
/// - `search`: page through a 2,000-item search of the local pgstac server
///   (`EOCUBE_STAC_API_URL`, collection SENTINEL1_SIG0_20M_BENCH from Tests/Interop/services/pgstac.sh).
///
/// Prints seconds (best and median of `--runs` runs), the speed-up, and peak RSS of each side.
struct STACBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stac", abstract: "Benchmark STACClient against pystac / pystac-client.")

    @Option(help: "Which benchmarks: parse, search or all.")
    var only: String = "all"

    @Option(help: "Runs per side; the best and median are reported.")
    var runs: Int = 3

    @Option(help: "The ItemCollection to parse (generated when missing).")
    var itemsFile: String = "/tmp/eocube-bench-stac/SENTINEL1_SIG0_20M_10K.items.json"

    @Option(help: "Items in the generated ItemCollection.")
    var items: Int = 10_000

    @Option(help: "STAC API root (default: $EOCUBE_STAC_API_URL).")
    var api: String?

    @Option(help: "Collection searched.")
    var collection: String = "SENTINEL1_SIG0_20M_BENCH"

    @Option(help: "Page size of the search.")
    var limit: Int = 100

    @Option(help: "Python with pystac and pystac-client (default: $EOCUBE_PYTHON or .venv/bin/python).")
    var python: String?

    var packageRoot: URL {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }

    var pythonPath: String {
        python ?? ProcessInfo.processInfo.environment["EOCUBE_PYTHON"] ?? packageRoot.appendingPathComponent(".venv/bin/python").path
    }

    func run() async throws { try await runBenchmarks() }

    /// Runs the selected benchmarks and prints their report.
    func runBenchmarks() async throws {
        if only == "all" || only == "parse" { try await benchParse() }
        if only == "all" || only == "search" { try await benchSearch() }
    }

    // MARK: - Parse

    func benchParse() async throws {
        if !FileManager.default.fileExists(atPath: itemsFile) {
            let dir = (itemsFile as NSString).deletingLastPathComponent
            let name = ((itemsFile as NSString).lastPathComponent as NSString).deletingPathExtension
            let collectionID = name.hasSuffix(".items") ? String(name.dropLast(6)) : name
            try ProcessMetrics.run(pythonPath, [packageRoot.appendingPathComponent("Tests/Interop/stac/make_sig0_items.py").path, dir,
                                               "--collection", collectionID, "--tiles", "49", "--items", String(items)])
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: itemsFile)[.size] as? Int) ?? 0
        var times: [Double] = []
        var cpu: [Double] = []
        var count = 0
        var check = 0
        for _ in 0..<runs {
            let cpuStart = ProcessMetrics.cpuSeconds()
            let start = ContinuousClock.now
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: itemsFile)))
            var ic = try STACItemCollection(jsonBytes: bytes, source: itemsFile)
            for i in ic.features.indices { ic.features[i].location = itemsFile }
            check = 0
            for item in ic.features {
                check += (item.satAbsoluteOrbit ?? 0) + (item.assets["VV"]?.href.utf8.count ?? 0)
                _ = item.datetime
            }
            times.append(seconds(ContinuousClock.now - start))
            cpu.append(ProcessMetrics.cpuSeconds() - cpuStart)
            count = ic.features.count
        }
        let swiftRSS = ProcessMetrics.maxResidentKiB() * 1024
        let peer = try runPeer(["parse", itemsFile, "--repeat", String(runs)])
        report("parse \(count)-item ItemCollection (\(size / 1_000_000) MB)", times: times, cpu: cpu, rss: swiftRSS, peer: peer,
               peerName: "pystac", consistent: peer["count"]?.intValue == count && peer["check"]?.intValue == check)
    }

    // MARK: - Search

    func benchSearch() async throws {
        guard let api = api ?? ProcessInfo.processInfo.environment["EOCUBE_STAC_API_URL"] else {
            print("search: skipped (no --api and no EOCUBE_STAC_API_URL; source Tests/Interop/services/pgstac.sh)")
            return
        }
        let client = STACClient()
        var times: [Double] = []
        var cpu: [Double] = []
        var count = 0
        for _ in 0..<runs {
            let cpuStart = ProcessMetrics.cpuSeconds()
            let start = ContinuousClock.now
            let found = try await client.search(api, STACSearch(collections: [collection], limit: limit)).collect()
            times.append(seconds(ContinuousClock.now - start))
            cpu.append(ProcessMetrics.cpuSeconds() - cpuStart)
            count = found.count
        }
        let swiftRSS = ProcessMetrics.maxResidentKiB() * 1024
        let peer = try runPeer(["search", api, collection, "--limit", String(limit), "--repeat", String(runs)])
        report("page through \(count)-item search, \(limit) per page", times: times, cpu: cpu, rss: swiftRSS, peer: peer,
               peerName: "pystac-client", consistent: peer["count"]?.intValue == count)
    }

    // MARK: - Helpers

    func report(_ title: String, times: [Double], cpu: [Double], rss: Int, peer: JSONValue, peerName: String, consistent: Bool) {
        let best = times.min() ?? 0
        let median = times.sorted()[times.count / 2]
        let peerBest = peer["best"]?.doubleValue ?? .nan
        let peerMedian = peer["median"]?.doubleValue ?? .nan
        let peerRSS = peer["peak_rss"]?.intValue ?? 0
        let ourCPU = cpu.min() ?? 0
        let peerCPU = peer["cpu"]?.doubleValue ?? .nan
        print("""
            \(title)
              STACClient:    best \(fmt(best)) s, median \(fmt(median)) s, client CPU \(fmt(ourCPU)) s, peak RSS \(rss / 1_048_576) MiB
              \(peerName.padding(toLength: 14, withPad: " ", startingAt: 0)) best \(fmt(peerBest)) s, median \(fmt(peerMedian)) s, client CPU \(fmt(peerCPU)) s, peak RSS \(peerRSS / 1_048_576) MiB
              speed-up (best wall time): \(fmt(peerBest / best))x   client CPU ratio: \(fmt(peerCPU / ourCPU))x   results agree: \(consistent ? "yes" : "NO")
            """)
    }

    func fmt(_ v: Double) -> String { String(format: "%.3f", v) }

    func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    func runPeer(_ arguments: [String]) throws -> JSONValue {
        let out = try ProcessMetrics.run(pythonPath, [packageRoot.appendingPathComponent("bench/python/stac_bench.py").path] + arguments)
        return try JSONValue(parsing: out)
    }
}
