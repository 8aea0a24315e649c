import ArgumentParser
import Foundation
import GeoRaster

/// `eocube-bench raster`: GeoRaster vs rasterio/GDAL decoding a SIG0-sized int16 DEFLATE COG,
/// locally (throughput, peak RSS) and over loopback HTTP (requests and bytes, from nginx's log).
struct RasterBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "raster",
        abstract: "GeoRaster vs rasterio/GDAL: full decode and a 1000 x 1000 window of an int16 DEFLATE COG, local and over HTTP.")

    @Option(help: "Image width and height in pixels (a real SIG0 Equi7 tile is 15000).")
    var size: Int = 15000

    @Option(help: "Output folder for the generated COG and the JSON results.")
    var out: String = "bench/out"

    @Option(name: .customLong("repeat"), help: "Timed repetitions per measurement (the best is reported).")
    var repetitions: Int = 3

    @Option(help: "Python interpreter with rasterio (default: $EOCUBE_PYTHON or .venv/bin/python).")
    var python: String?

    @Option(help: "GeoRaster decoding threads (default: one per core).")
    var concurrency: Int?

    @Flag(help: "Only time GeoRaster's local full decode (for profiling).")
    var swiftOnly = false

    @Flag(help: "Skip the HTTP part even when EOCUBE_HTTP_ROOT / EOCUBE_HTTP_URL are set.")
    var localOnly = false

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let python = python ?? environment["EOCUBE_PYTHON"] ?? ".venv/bin/python"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let path = "\(out)/sig0_\(size).tif"
        if !FileManager.default.fileExists(atPath: path) {
            print("generating \(path) with rasterio …")
            _ = try ProcessMetrics.run(python, ["bench/python/geotiff_make_cog.py", path, String(size)])
        }
        let side = min(1000, size)
        // Not aligned to the 512-pixel tiles, as a real read rarely is.
        let window = PixelWindow(x: max(0, size / 2 - side / 2 + 37), y: max(0, size / 2 - side / 2 + 91), width: side, height: side)
            .intersection(PixelWindow(x: 0, y: 0, width: size, height: size))!
        var results: [String: Any] = ["size": size, "window": window.description]
        print("file: \(path) (\(size) x \(size) int16 DEFLATE COG)")

        // MARK: Local
        let full = try timeSwift(path, window: nil)
        if swiftOnly {
            print(String(format: "GeoRaster full decode: %.3f s, %.1f MB/s", full.seconds, Double(full.bytes) / 1e6 / full.seconds))
            return
        }
        let part = try timeSwift(path, window: window)
        let swiftRSS = Double(ProcessMetrics.maxResidentKiB()) / 1024
        let peerFull = try peer(python, path, "full", nil, threads: nil)
        let peerPart = try peer(python, path, "window", window, threads: nil)
        let peerFullMT = try peer(python, path, "full", nil, threads: "ALL_CPUS")
        guard full.checksum == peerFull.checksum, part.checksum == peerPart.checksum else {
            throw ValidationError("pixel checksums differ from rasterio: full \(full.checksum) vs \(peerFull.checksum), window \(part.checksum) vs \(peerPart.checksum)")
        }
        let mb = { (bytes: Int, seconds: Double) in Double(bytes) / 1e6 / seconds }
        print("\nlocal decode                 GeoRaster        rasterio/GDAL    ratio (GDAL time / ours)")
        print(String(format: "full %5d x %-5d          %8.1f MB/s    %8.1f MB/s    %.2fx", size, size,
                     mb(full.bytes, full.seconds), mb(peerFull.bytes, peerFull.seconds), peerFull.seconds / full.seconds))
        print(String(format: "  (GDAL_NUM_THREADS=ALL_CPUS)                  %8.1f MB/s    %.2fx", mb(peerFullMT.bytes, peerFullMT.seconds), peerFullMT.seconds / full.seconds))
        print(String(format: "window %4d x %-4d           %8.1f MB/s    %8.1f MB/s    %.2fx", window.width, window.height,
                     mb(part.bytes, part.seconds), mb(peerPart.bytes, peerPart.seconds), peerPart.seconds / part.seconds))
        print(String(format: "peak RSS                     %8.0f MB       %8.0f MB", swiftRSS, peerFull.peakRSS))
        // Valid-data box: GeoRaster's block-skipping scan vs reading the band and scanning it with NumPy.
        var boxSeconds = Double.infinity
        var box: PixelWindow?
        for _ in 0..<repetitions {
            let start = DispatchTime.now().uptimeNanoseconds
            box = try RasterDataset.openBlocking(path, options: RasterOpenOptions(concurrency: concurrency)).validDataBoundingBoxBlocking(band: 1)
            boxSeconds = min(boxSeconds, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        let peerBox = try peer(python, path, "validbox", nil, threads: nil)
        guard peerBox.box == box?.description else {
            throw ValidationError("valid-data box \(String(describing: box)) differs from NumPy's \(peerBox.box ?? "none")")
        }
        print(String(format: "valid-data box %@   %8.3f s         %8.3f s    %.2fx  (rasterio read + NumPy)",
                     (box?.description ?? "none") as NSString, boxSeconds, peerBox.seconds, peerBox.seconds / boxSeconds))
        results["valid_box"] = ["box": box?.description ?? "none", "georaster_s": boxSeconds, "rasterio_numpy_s": peerBox.seconds]
        results["local"] = [
            "georaster_full_s": full.seconds, "gdal_full_s": peerFull.seconds, "gdal_full_allcpus_s": peerFullMT.seconds,
            "georaster_window_s": part.seconds, "gdal_window_s": peerPart.seconds,
            "georaster_peak_rss_mb": swiftRSS, "gdal_peak_rss_mb": peerFull.peakRSS,
        ]

        // MARK: HTTP
        if !localOnly, let root = environment["EOCUBE_HTTP_ROOT"], let base = environment["EOCUBE_HTTP_URL"],
           let log = environment["EOCUBE_HTTP_ACCESS_LOG"] {
            let name = "bench/sig0_\(size).tif"
            try FileManager.default.createDirectory(atPath: "\(root)/bench", withIntermediateDirectories: true)
            if !FileManager.default.fileExists(atPath: "\(root)/\(name)") {
                try FileManager.default.copyItem(atPath: path, toPath: "\(root)/\(name)")
            }
            let url = "\(base)/\(name)"
            let access = AccessLog(path: log)
            var rows: [String: Any] = [:]
            for (label, win) in [("full", nil), ("window", window)] as [(String, PixelWindow?)] {
                access.mark()
                let ours = try timeSwift(url, window: win, repeatCount: 1)
                let ourTraffic = access.sinceMark(uriSuffix: name)
                access.mark()
                let theirs = try peer(python, url, label, win, threads: nil, repeatCount: 1)
                let theirTraffic = access.sinceMark(uriSuffix: name)
                guard ours.checksum == theirs.checksum else { throw ValidationError("HTTP \(label): checksums differ") }
                print(String(format: "\nHTTP %-6@  GeoRaster %4d requests (+%d other) %9.1f MB %6.2f s | GDAL /vsicurl/ %4d requests (+%d other) %9.1f MB %6.2f s",
                             label as NSString, ourTraffic.requests, ourTraffic.probes, Double(ourTraffic.bytes) / 1e6, ours.seconds,
                             theirTraffic.requests, theirTraffic.probes, Double(theirTraffic.bytes) / 1e6, theirs.seconds))
                rows[label] = ["georaster_requests": ourTraffic.requests, "georaster_bytes": ourTraffic.bytes, "georaster_other_requests": ourTraffic.probes, "gdal_other_requests": theirTraffic.probes, "georaster_s": ours.seconds,
                               "gdal_requests": theirTraffic.requests, "gdal_bytes": theirTraffic.bytes, "gdal_s": theirs.seconds]
            }
            access.mark()
            let start = DispatchTime.now().uptimeNanoseconds
            let remoteBox = try RasterDataset.openBlocking(url).validDataBoundingBoxBlocking(band: 1)
            let boxSeconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            let boxTraffic = access.sinceMark(uriSuffix: name)
            print(String(format: "\nHTTP valid-data box %@: GeoRaster %d requests %.1f MB %.2f s",
                         (remoteBox?.description ?? "none") as NSString, boxTraffic.requests, Double(boxTraffic.bytes) / 1e6, boxSeconds))
            rows["valid_box"] = ["georaster_requests": boxTraffic.requests, "georaster_bytes": boxTraffic.bytes, "georaster_s": boxSeconds]
            results["http"] = rows
        } else {
            print("\nHTTP part skipped (start nginx: source Tests/Interop/services/nginx.sh)")
        }
        let json = try JSONSerialization.data(withJSONObject: results, options: [.prettyPrinted, .sortedKeys])
        try json.write(to: URL(fileURLWithPath: "\(out)/raster_bench_\(size).json"))
        print("\nresults: \(out)/raster_bench_\(size).json")
    }

    // MARK: Measuring

    struct Timing {
        var seconds: Double
        var bytes: Int
        var checksum: Int64
    }

    func timeSwift(_ location: String, window: PixelWindow?, repeatCount: Int? = nil) throws -> Timing {
        var best = Double.infinity
        var checksum: Int64 = 0
        var bytes = 0
        for _ in 0..<(repeatCount ?? self.repetitions) {
            let start = DispatchTime.now().uptimeNanoseconds
            let raster = try RasterDataset.openBlocking(location, options: RasterOpenOptions(concurrency: concurrency))
            let region = window ?? PixelWindow(x: 0, y: 0, width: raster.width, height: raster.height)
            let pixels = try raster.readBlocking(band: 1, window: region, as: Int16.self)
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            checksum = pixels.reduce(into: Int64(0)) { $0 += Int64($1) }
            bytes = pixels.count * 2
        }
        return Timing(seconds: best, bytes: bytes, checksum: checksum)
    }

    struct PeerTiming {
        var seconds: Double
        var bytes: Int
        var checksum: Int64
        var peakRSS: Double
        var box: String?
    }

    func peer(_ python: String, _ location: String, _ mode: String, _ window: PixelWindow?, threads: String?, repeatCount: Int? = nil) throws -> PeerTiming {
        var arguments = ["bench/python/geotiff_bench.py", location, mode, "--repeat", String(repeatCount ?? self.repetitions)]
        if let window { arguments += ["--window", window.description] }
        if let threads { arguments += ["--threads", threads] }
        let output = try ProcessMetrics.run(python, arguments)
        guard let object = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any],
              let seconds = object["seconds"] as? Double, let bytes = object["bytes"] as? Int,
              let checksum = (object["checksum"] as? NSNumber)?.int64Value, let rss = object["peak_rss_mb"] as? Double else {
            throw ValidationError("unexpected output from geotiff_bench.py: \(output)")
        }
        return PeerTiming(seconds: seconds, bytes: bytes, checksum: checksum, peakRSS: rss, box: object["box"] as? String)
    }
}

/// Counts requests and body bytes nginx logged (format of Tests/Interop/services/nginx.conf.template).
final class AccessLog {
    let path: String
    private var offset: UInt64 = 0

    init(path: String) { self.path = path }

    func mark() {
        usleep(200_000) // nginx writes the log line after the response
        offset = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? UInt64) ?? 0
    }

    /// Requests for exactly `/<uriSuffix>` and their body bytes; other requests (GDAL's probes for
    /// sidecar files such as .aux.xml or .msk) are counted apart.
    func sinceMark(uriSuffix: String) -> (requests: Int, bytes: Int, probes: Int) {
        usleep(200_000)
        guard let handle = FileHandle(forReadingAtPath: path) else { return (0, 0, 0) }
        defer { try? handle.close() }
        try? handle.seek(toOffset: offset)
        let text = String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
        var requests = 0, bytes = 0, probes = 0
        let stem = (uriSuffix as NSString).deletingPathExtension
        for line in text.split(separator: "\n") {
            // <msec> <method> "<uri>" <status> <bytes> "<range>"
            let fields = line.split(separator: " ")
            guard fields.count >= 5 else { continue }
            if fields[2] == "\"/\(uriSuffix)\"" {
                requests += 1
                bytes += Int(fields[4]) ?? 0
            } else if line.contains((stem as NSString).deletingLastPathComponent) {
                probes += 1
            }
        }
        return (requests, bytes, probes)
    }
}
