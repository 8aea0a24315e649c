import ArgumentParser
import EOCubeBuilder
import Foundation
import ZarrStore

/// `eocube-bench cube-read`: the reads time-series analysis makes on a cube (one pixel's series,
/// a patch's mean series, one day's window, one day's whole grid), `CubeReader` in this process
/// against `xarray.open_zarr` (`bench/python/cube_read.py`) on the same stores and pixels, on
/// eocube's one-day layout and on a time-series layout (default: the seed's 20-day chunks).
struct CubeReadBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cube-read",
        abstract: "Time CubeReader against xarray.open_zarr on a one-day and a time-series layout of one cube.",
        discussion: """
            Make the input first (120 acquisitions of 2000 x 2000 px over 240 days):
              .venv/bin/python Tests/Interop/cube_make_sample.py --bench /tmp/cube-bench/data120 120 2000 --days 240
            then: .build/release/eocube-bench cube-read --items /tmp/cube-bench/data120/items.json
            Both stores are built with eocube build the first time and reused afterwards (--rebuild).
            """)

    @Option(help: "ItemCollection the two stores are built from.")
    var items: String = "/tmp/cube-bench/data120/items.json"

    @Option(help: "Directory of the two stores.")
    var work: String = "/tmp/cube-bench/read"

    @Option(help: "Equi7 tile of the cube.")
    var tile: String = "EU020M_E051N015T3"

    @Option(help: "Chunk shape T,Y,X of the time-series store.")
    var chunkShape: String = "20,100,100"

    @Option(help: "Shard shape T,Y,X of the time-series store.")
    var shardShape: String = "20,3000,3000"

    @Option(help: "The pixel whose series is read, ROW,COLUMN in cube pixels.")
    var pixel: String = "1234,1234"

    @Option(help: "The window of the patch series and of the one-day window read: ROW,COLUMN,HEIGHT,WIDTH.")
    var window: String = "1234,1234,100,100"

    @Option(help: ArgumentHelp("The area of the whole-day read, ROW,COLUMN,HEIGHT,WIDTH: default the 3000 x 2000 px the input's acquisitions cover; 'grid' for the whole tile.",
                               discussion: "The whole 15000² tile is ~2 GB a band as float64 on both sides (xarray with sensing_date peaked at 16 GB)."))
    var extent: String = "0,0,3000,2000"

    @Option(help: "The day slot of the one-day reads (default: the middle one of the pixel's days with data).")
    var day: Int?

    @Option(name: .customLong("repeat"), help: "Timed repetitions per pattern after one warm-up (the median is reported).")
    var repetitions: Int = 10

    @Option(help: "Patterns, comma-separated: pixel, patch, window, day.")
    var patterns: String = "pixel,patch,window,day"

    @Option(help: "Python with xarray and zarr (default: .venv/bin/python).")
    var python: String = "\(FileManager.default.currentDirectoryPath)/.venv/bin/python"

    @Flag(help: "Also time xarray with its default dask chunks (open_zarr's chunks={}).")
    var dask = false

    @Flag(help: "Time CubeReader only (e.g. under perf record).")
    var swiftOnly = false

    @Flag(help: "Build the stores again even when they exist.")
    var rebuild = false

    /// One store under test.
    struct Layout {
        var name: String
        var chunks: String
        var shards: String
        var path: String
    }

    /// Median and best of one pattern, plus what it computed (to see both sides did the same).
    struct Timing {
        var median: Double
        var best: Double
        var check: String
    }

    mutating func run() async throws { try await runBenchmark() }

    func runBenchmark() async throws {
        let root = FileManager.default.currentDirectoryPath
        let layouts = [
            Layout(name: "T=1", chunks: CubeDefinition.defaultChunkShape.description,
                   shards: CubeDefinition.defaultShardShape?.description ?? "none",
                   path: work + "/one-day.zarr"),
            Layout(name: "T=\(chunkShape.split(separator: ",").first ?? "?")", chunks: chunkShape, shards: shardShape,
                   path: work + "/time-series.zarr"),
        ]
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        for layout in layouts where rebuild || !FileManager.default.fileExists(atPath: layout.path) {
            try? FileManager.default.removeItem(atPath: layout.path)
            let run = try Measured.run(root + "/.build/release/eocube", [
                "build", "--quiet", "--stac", items, "--tile", tile, "--store", layout.path, "--group", group,
                "--chunk-shape", layout.chunks, "--shard-shape", layout.shards, "--stac-collection", "none"])
            print("built the \(layout.name) store: " + String(format: "%.2f s, %.0f MiB peak RSS", run.seconds, run.peakMiB))
        }
        let pixel = try numbers(pixel, count: 2, "--pixel")
        let box = try numbers(window, count: 4, "--window")
        let window = CubeWindow(row: box[0], column: box[1], height: box[2], width: box[3])
        let area = extent == "grid" ? nil : try numbers(extent, count: 4, "--extent")
        let wanted = Set(patterns.split(separator: ",").map(String.init))
        var swift: [String: [String: Timing]] = [:], xarray: [String: [String: Timing]] = [:], xarrayDask: [String: [String: Timing]] = [:]
        var peaks: [String: Double] = [:]
        for layout in layouts {
            // CubeReader: open once, then each pattern once as a warm-up and `repetitions` times timed.
            let openStart = ContinuousClock.now
            let reader = try await CubeReader.open(try FileSystemStorage(path: layout.path, readOnly: true), group: group)
            var results = ["open": Timing(median: Self.milliseconds(since: openStart), best: 0, check: "")]
            let days = try await reader.series(column: pixel[1], row: pixel[0], bands: ["VV"]).days
            let slot = DaySlot(index: day ?? days[days.count / 2].index)
            if wanted.contains("pixel") {
                results["pixel"] = try await timed {
                    let series = try await reader.series(column: pixel[1], row: pixel[0])
                    return "days \(series.days.count), sum \(Self.format(series.values["VV"]!.compactMap { $0 }.reduce(0, +)))"
                }
            }
            if wanted.contains("patch") {
                results["patch"] = try await timed {
                    let patch = try await reader.series(window: window)
                    let means = patch.bands.map { patch.mean(of: $0) }
                    return "days \(means[0].count), sum \(Self.format(patch.mean(of: "VV").compactMap { $0 }.reduce(0, +)))"
                }
            }
            if wanted.contains("window") {
                results["window"] = try await timed {
                    let slice = try await reader.slice(day: slot, window: window)
                    return "valid \(slice.values["VV"]!.count { !$0.isNaN })"
                }
            }
            if wanted.contains("day") {
                results["day"] = try await timed {
                    let slice = try await reader.slice(day: slot, window: area.map { CubeWindow(row: $0[0], column: $0[1], height: $0[2], width: $0[3]) })
                    return "valid \(slice.values["VV"]!.count { !$0.isNaN })"
                }
            }
            swift[layout.name] = results
            peaks["CubeReader (this process, cumulative) after \(layout.name)"] = ProcessMetrics.highWaterMarkMiB()
            for useDask in swiftOnly ? [] : dask ? [false, true] : [false] {
                let output = work + "/xarray.json"
                let arguments = [root + "/bench/python/cube_read.py", layout.path, group, "--pixel", "\(pixel[0]),\(pixel[1])",
                                 "--window", "\(box[0]),\(box[1]),\(box[2]),\(box[3])", "--day", "\(slot.index)", "--extent", extent,
                                 "--repeat", "\(repetitions)", "--patterns", patterns, "--output", output] + (useDask ? ["--dask"] : [])
                let run = try Measured.run(python, arguments)
                let parsed = try Self.parse(output)
                if useDask { xarrayDask[layout.name] = parsed } else { xarray[layout.name] = parsed }
                peaks["xarray\(useDask ? " + dask" : "") on \(layout.name)"] = run.peakMiB
            }
            print("\(layout.name): chunks \(layout.chunks), shards \(layout.shards); day slot \(slot.index) (\(slot)); pixel \(pixel), window \(window), extent \(extent)")
        }
        printTable(layouts: layouts, swift: swift, xarray: xarray, xarrayDask: xarrayDask)
        for (name, peak) in peaks.sorted(by: { $0.key < $1.key }) { print("peak RSS \(name): " + String(format: "%.0f MiB", peak)) }
    }

    private var group: String { "s1sig0/EU" }

    /// Runs `body` once as a warm-up, then `repetitions` times; the median and best wall times.
    private func timed(_ body: () async throws -> String) async throws -> Timing {
        var check = try await body()
        var times: [Double] = []
        for _ in 0..<max(1, repetitions) {
            let start = ContinuousClock.now
            check = try await body()
            times.append(Self.milliseconds(since: start))
        }
        times.sort()
        return Timing(median: times.count % 2 == 1 ? times[times.count / 2] : (times[times.count / 2 - 1] + times[times.count / 2]) / 2,
                      best: times[0], check: check)
    }

    private func printTable(layouts: [Layout], swift: [String: [String: Timing]], xarray: [String: [String: Timing]],
                            xarrayDask: [String: [String: Timing]]) {
        let names = ["open": "open the cube group", "pixel": "one pixel's series", "patch": "100 x 100 patch series, mean per day",
                     "window": "one day, 100 x 100 window", "day": extent == "grid" ? "one day, whole grid" : "one day, whole extent (\(extent.split(separator: ",").suffix(2).joined(separator: " x ")) px)"]
        print("")
        print("| layout | read | CubeReader ms | xarray ms | xarray / CubeReader |" + (dask ? " xarray+dask ms | ratio |" : "") + " checks (CubeReader; xarray) |")
        print("|---|---|---|---|---|" + (dask ? "---|---|" : "") + "---|")
        for layout in layouts {
            for key in ["open", "pixel", "patch", "window", "day"] {
                guard let ours = swift[layout.name]?[key] else { continue }
                let theirs = xarray[layout.name]?[key] ?? Timing(median: .nan, best: .nan, check: "-")
                var line = "| \(layout.name) | \(names[key]!) | " + String(format: "%.2f | %.2f | %.2fx |", ours.median, theirs.median, theirs.median / ours.median)
                if dask, let withDask = xarrayDask[layout.name]?[key] {
                    line += String(format: " %.2f | %.2fx |", withDask.median, withDask.median / ours.median)
                }
                print(line + " \(ours.check); \(theirs.check) |")
            }
        }
        if let one = swift[layouts[0].name]?["pixel"], let series = swift[layouts[1].name]?["pixel"],
           let xOne = xarray[layouts[0].name]?["pixel"], let xSeries = xarray[layouts[1].name]?["pixel"] {
            print("one pixel's series on \(layouts[1].name) against \(layouts[0].name): "
                  + String(format: "CubeReader %.1fx faster, xarray %.1fx faster", one.median / series.median, xOne.median / xSeries.median))
        }
    }

    private func numbers(_ text: String, count: Int, _ option: String) throws -> [Int] {
        let values = text.split(separator: ",").compactMap { Int($0) }
        guard values.count == count else { throw ValidationError("\(option) needs \(count) comma-separated integers, got '\(text)'") }
        return values
    }

    /// cube_read.py's JSON: per pattern its median and best ms and its checks.
    private static func parse(_ path: String) throws -> [String: Timing] {
        guard let object = try JSONValue(parsing: String(contentsOfFile: path, encoding: .utf8)).objectValue else {
            throw ValidationError("cube_read.py wrote no JSON object to \(path)")
        }
        var timings: [String: Timing] = [:]
        for (key, value) in object {
            let checks = value.objectValue?.filter { !["ms", "best_ms"].contains($0.key) }
                .sorted { $0.key < $1.key }
                .map { "\($0.key) \($0.value.doubleValue.map(format) ?? "?")" } ?? []
            timings[key] = Timing(median: value["ms"]?.doubleValue ?? .nan, best: value["best_ms"]?.doubleValue ?? .nan,
                                  check: checks.joined(separator: ", "))
        }
        return timings
    }

    private static func milliseconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
    }

    private static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(format: "%.6g", value)
    }
}
