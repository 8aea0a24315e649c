@testable import EOCubeBuilder
import Foundation
import InteropSupport
import Testing
import ZarrStore

/// `CubeReader` returns what xarray reads from the same store: pixel series (values decoded
/// with scale/offset and fill, sensing dates, orbits), window means and one-day slices, on the
/// builder's one-day layout and on a 20-day layout written by zarr-python; longitude/latitude
/// land on the pixel pyproj projects them to.
@Suite(.enabled(if: CubeTestSupport.interopEnabled), .serialized)
struct CubeReaderTests {
    /// The sample cube (one-day chunks) with its xarray reference.
    private struct Fixture {
        let directory: URL
        let store: URL
        let rechunked: URL
        let reference: [String: Any]
    }

    static let firstDay = 3890
    static let points = [[1200, 2249], [1000, 2000], [1300, 2300], [1180, 2210], [5, 5]]
    static let window = CubeWindow(row: 2200, column: 1150, height: 60, width: 60)
    static let day = DaySlot(index: 3898)
    static let lonLat: [(Int, Double, Double)] = [(27704, 16.37, 48.21), (27704, -10, 60), (27704, 40, 36), (27702, 45, -75),
                                                 (27705, -120, 40), (27701, 30, -20), (27706, 150, -30), (27703, 100, 20), (27707, -60, -30)]

    private func fixture() async throws -> Fixture {
        let dir = try Interop.temporaryDirectory("cube-reader")
        let store = dir.appendingPathComponent("cube.zarr"), rechunked = dir.appendingPathComponent("cube-20.zarr")
        try await CubeTestSupport.build(store: store, definition: CubeTestSupport.definition(chunk: [256, 256], shard: [512, 512]))
        let request: [String: Any] = [
            "first_day": Self.firstDay, "points": Self.points, "day": Self.day.index, "rechunk": rechunked.path,
            "window": [Self.window.row, Self.window.column, Self.window.height, Self.window.width],
            "lonlat": Self.lonLat.map { [$0.0, $0.1, $0.2] as [Any] },
        ]
        let requestFile = dir.appendingPathComponent("request.json")
        try JSONSerialization.data(withJSONObject: request).write(to: requestFile)
        let output = try Interop.runPython(["cube_series_reference.py", store.path, CubeTestSupport.group, requestFile.path])
        let reference = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        return Fixture(directory: dir, store: store, rechunked: rechunked, reference: reference)
    }

    /// A JSON list of numbers, float texts (exact, see cube_series_reference.py) or nulls as optional Doubles.
    private func doubles(_ value: Any?) -> [Double?] {
        (value as? [Any] ?? []).map { ($0 as? String).flatMap(Double.init) ?? ($0 as? NSNumber)?.doubleValue }
    }

    private func checkPoints(_ reader: CubeReader, reference: [String: Any], only inside: CubeWindow? = nil, label: String) async throws {
        let expected = reference["points"] as? [[String: Any]] ?? []
        #expect(expected.count == Self.points.count)
        for (point, want) in zip(Self.points, expected) {
            let pixel = CubeWindow(row: point[1], column: point[0], height: 1, width: 1)
            if let inside, inside.intersection(pixel) == nil { continue }
            let series = try await reader.series(column: point[0], row: point[1], days: Self.firstDay..<Int.max)
            let where_ = "\(label) pixel \(point)"
            #expect(series.days.map(\.index) == (want["days"] as? [Int] ?? [-1]), "\(where_)")
            #expect(series.sensingDates.map { Int($0.timeIntervalSince(DaySlot.origin)) } == (want["sensing_date"] as? [Int] ?? [-1]), "\(where_)")
            #expect(series.absoluteOrbits.map { $0.map(Double.init) } == doubles(want["absolute_orbit_number"]), "\(where_)")
            #expect(series.relativeOrbits.map { $0.map(Double.init) } == doubles(want["relative_orbit_number"]), "\(where_)")
            for band in ["VV", "VH"] {
                #expect(series.values[band] == doubles(want[band]), "\(where_) \(band)")
            }
        }
    }

    @Test func readsWhatXarrayReadsOnBothLayouts() async throws {
        let fixture = try await fixture()
        defer { try? FileManager.default.removeItem(at: fixture.directory) }
        let reader = try await CubeReader.open(try FileSystemStorage(path: fixture.store.path, readOnly: true), group: CubeTestSupport.group)
        #expect(reader.bands == ["VV", "VH"] && reader.grid.width == 15_000 && reader.grid.crs.epsg == 27704)
        #expect(reader.grid.tiles == [try Equi7Tile(CubeTestSupport.tile)], "the reader's grid names the tiles the builder recorded")
        try await checkPoints(reader, reference: fixture.reference, label: "one-day chunks")
        // At least one compared pixel holds data on several days, and one a band's fill.
        let series = try await reader.series(column: 1200, row: 2249)
        #expect(series.days.count == 4 && series.values["VV"]?.allSatisfy { $0 != nil } == true)

        // Window: the days with data and each day's mean.
        let patch = try await reader.series(window: Self.window, days: Self.firstDay..<Int.max)
        #expect(patch.days.map(\.index) == (fixture.reference["window_days"] as? [Int] ?? [-1]))
        let means = fixture.reference["window_mean"] as? [String: Any] ?? [:]
        for band in ["VV", "VH"] {
            let mine = patch.mean(of: band), theirs = doubles(means[band])
            #expect(mine.count == theirs.count)
            for (a, b) in zip(mine, theirs) { #expect(a == nil && b == nil || abs((a ?? .nan) - (b ?? .nan)) < 1e-9, "\(band) mean \(String(describing: a)) vs \(String(describing: b))") }
        }

        // One day of the window.
        let slice = try await reader.slice(day: Self.day, window: Self.window)
        let sliceReference = fixture.reference["slice"] as? [String: Any] ?? [:]
        for band in ["VV", "VH"] {
            let want = doubles(sliceReference[band]).map { $0 ?? .nan }
            let got = slice.values[band] ?? []
            #expect(got.count == want.count && zip(got, want).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }, "slice \(band)")
        }
        // By date: any time of that UTC day is the same slot.
        let noon = DaySlot.origin.addingTimeInterval(Double(Self.day.index) * 86_400 + 43_210)
        #expect(try await reader.slice(date: noon, window: Self.window) == slice)

        // The same cube rewritten by zarr-python in 20-day chunks reads the same.
        let rechunked = try await CubeReader.open(try FileSystemStorage(path: fixture.rechunked.path, readOnly: true), group: CubeTestSupport.group)
        try await checkPoints(rechunked, reference: fixture.reference, only: Self.window, label: "20-day chunks")
    }

    @Test(.enabled(if: CubeTestSupport.eocubeBinary != nil))
    func theSeriesCommandPrintsXarraysValuesAsCSVJSONAndNpy() async throws {
        let fixture = try await fixture()
        defer { try? FileManager.default.removeItem(at: fixture.directory) }
        let point = Self.points[0], want = try #require((fixture.reference["points"] as? [[String: Any]])?.first)
        let location = ["--x", String(5_100_000 + point[0] * 20 + 10), "--y", String(1_800_000 - point[1] * 20 - 10)]
        func run(_ arguments: [String]) throws -> Data {
            let result = try CubeTestSupport.runEOCube(["series", fixture.store.path, "--group", CubeTestSupport.group] + location + arguments,
                                                       separateErrors: true)
            #expect(result.status == 0, "\(arguments)")
            return result.output
        }
        let lines = String(decoding: try run(["--datetime", "2025-01-01/.."]), as: UTF8.self).split(separator: "\n")
        #expect(lines.first == "date,VV,VH,sensing_date,absolute_orbit_number,relative_orbit_number")
        let rows = lines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(rows.count == (want["days"] as? [Int])?.count)
        #expect(rows.map { Double($0[1]) } == doubles(want["VV"]) && rows.map { Double($0[2]) } == doubles(want["VH"]))
        #expect(rows.map { Int($0[4]) } == (want["absolute_orbit_number"] as? [Int] ?? []).map { Optional($0) })
        // An interval before the data: no rows.
        #expect(String(decoding: try run(["--datetime", "2020-01-01/2020-12-31"]), as: UTF8.self).split(separator: "\n").count == 1)
        // npy: [days, 4 + bands] float64, read by numpy.
        let npy = fixture.directory.appendingPathComponent("series.npy")
        try run(["--format", "npy", "--bands", "VH"]).write(to: npy)
        let shape = try Interop.runPython(["-c", "import numpy as np, sys; a = np.load(sys.argv[1]); print(a.shape, list(a[:, 1]))", npy.path])
        #expect(shape.contains("(4, 5)") && shape.contains("-18.1"), "\(shape)")
    }

    @Test func longitudeAndLatitudeLandWherePyprojProjectsThem() async throws {
        let fixture = try await fixture()
        defer { try? FileManager.default.removeItem(at: fixture.directory) }
        let projected = fixture.reference["projected"] as? [[Double]] ?? []
        #expect(projected.count == Self.lonLat.count)
        for ((epsg, lon, lat), want) in zip(Self.lonLat, projected) {
            let continent = try #require(Equi7Continent(epsg: epsg))
            let got = try #require(AzimuthalEquidistant(continent).project(longitude: lon, latitude: lat))
            #expect(abs(got.x - want[0]) < 0.001 && abs(got.y - want[1]) < 0.001, "EPSG:\(epsg) \(lon), \(lat): \(got) vs \(want)")
            // And back: pyproj's easting/northing give the longitude/latitude it started from.
            let back = try #require(AzimuthalEquidistant(continent).unproject(x: want[0], y: want[1]))
            #expect(abs(back.longitude - lon) < 1e-8 && abs(back.latitude - lat) < 1e-8, "EPSG:\(epsg) back: \(back)")
        }
        let reader = try await CubeReader.open(try FileSystemStorage(path: fixture.store.path, readOnly: true), group: CubeTestSupport.group)
        // The centre of pixel (1200, 2249) back to longitude/latitude (pyproj), then forward again.
        let centre = try Interop.runPython(["-c", """
            from pyproj import Transformer
            lon, lat = Transformer.from_crs(27704, 4326, always_xy=True).transform(5100000 + 1200.5 * 20, 1800000 - 2249.5 * 20)
            print(repr(lon), repr(lat))
            """]).split(separator: " ").compactMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        #expect(centre.count == 2)
        let pixel = try reader.pixel(longitude: centre[0], latitude: centre[1])
        #expect(pixel.column == 1200 && pixel.row == 2249)
        #expect(throws: CubeBuilderError.self) { try reader.pixel(longitude: 0, latitude: 0) } // far outside the tile
    }

    @Test func badRequestsAreTypedErrors() async throws {
        let dir = try Interop.temporaryDirectory("cube-reader-bad")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("cube.zarr")
        try await CubeTestSupport.build(store: store, definition: CubeTestSupport.definition())
        let storage = try FileSystemStorage(path: store.path, readOnly: true)
        await #expect(throws: CubeBuilderError.self) { try await CubeReader.open(storage, group: "s1sig0") } // a group, not a cube
        let reader = try await CubeReader.open(storage, group: CubeTestSupport.group)
        await #expect(throws: CubeBuilderError.self) { try await reader.series(column: 15_000, row: 0) }
        await #expect(throws: CubeBuilderError.self) { try await reader.series(column: 0, row: 0, bands: ["HH"]) }
        await #expect(throws: CubeBuilderError.self) { try await reader.slice(day: DaySlot(index: 99_999), window: Self.window) }
        await #expect(throws: CubeBuilderError.self) { try await reader.series(window: CubeWindow(row: 14_990, column: 0, height: 20, width: 5)) }
        #expect(throws: CubeBuilderError.self) { try reader.pixel(x: .nan, y: 1_750_000) }
    }
}
