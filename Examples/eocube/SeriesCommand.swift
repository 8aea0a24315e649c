import ArgumentParser
import EOCubeBuilder
import Foundation
import STACClient
import ZarrStore

/// `eocube series STORE --group G (--x E --y N | --lon L --lat B)`: one pixel's time series.
struct SeriesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "series", abstract: "Print one pixel's time series from a cube.",
        discussion: """
        One row per day on which the pixel holds data (its sensing_date is set): the day, a column
        per band named after it (decoded with scale_factor/add_offset, i.e. dB for Sentinel-1
        SIG0; empty where the band holds its fill value), sensing_date and the orbit numbers.
        --format npy writes a float64 array [days, 4 + bands] to standard output: day slot (days
        since 2014-10-01), the bands in order (NaN where fill), sensing_date (seconds since
        2014-10-01), absolute and relative orbit (NaN where unknown).

          eocube series sample-cube.zarr --group s1sig0/EU --x 5124010 --y 1755010
          eocube series sample-cube.zarr --group s1sig0/EU --lon 16.37 --lat 48.21 --bands VV --format json
        """)

    @Argument(help: "The store (directory, http(s) URL or s3://bucket/prefix).") var store: String
    @Option(help: "The cube group, e.g. s1sig0/EU.") var group: String
    @Option(help: "Easting in the cube's CRS (metres).") var x: Double?
    @Option(help: "Northing in the cube's CRS (metres).") var y: Double?
    @Option(help: "Longitude (WGS 84 degrees).", transform: { try Self.number($0, "--lon") }) var lon: Double?
    @Option(help: "Latitude (WGS 84 degrees).", transform: { try Self.number($0, "--lat") }) var lat: Double?
    @Option(help: "Bands, comma-separated (default: all).") var bands: String?
    @Option(help: "Only days in this interval, e.g. 2025-06-01/2025-06-30 (RFC 3339 or dates, '..' for open).") var datetime: String?
    @Option(help: "csv, json or npy.") var format: OutputFormat = .csv
    @Option(help: "Also plot the series into this PNG (dates on x, values on y, a line per band).") var png: String?

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case csv, json, npy }

    private static func number(_ text: String, _ option: String) throws -> Double {
        guard let value = Double(text), value.isFinite else { throw ValidationError("\(option) needs a number, got '\(text)'") }
        return value
    }

    func validate() throws {
        switch (x, y, lon, lat) {
        case (.some, .some, nil, nil), (nil, nil, .some, .some): break
        default: throw ValidationError("give either --x and --y, or --lon and --lat")
        }
    }

    func run() async throws {
        if let png { try requireLocalOutput(png, option: "--png") }
        let reader = try await CubeReader.open(try openZarrStorage(store), group: group)
        let names = bands.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
        let days = try datetime.map(dayRange)
        let series: CubeSeries
        if let x, let y {
            series = try await reader.series(x: x, y: y, bands: names, days: days)
        } else {
            series = try await reader.series(longitude: lon ?? 0, latitude: lat ?? 0, bands: names, days: days)
        }
        if let png {
            try SeriesPlot(series).render().writePNG(to: png)
            FileHandle.standardError.write(Data("wrote \(png)\n".utf8))
        }
        switch format {
        case .csv: print(csv(series), terminator: "")
        case .json: print(json(series))
        case .npy: FileHandle.standardOutput.write(Data(npy(series)))
        }
    }

    /// The day slots an RFC 3339 interval covers.
    private func dayRange(_ text: String) throws -> Range<Int> {
        let filter: STACDatetimeFilter
        do { filter = try STACDatetimeFilter(parsing: text) } catch { throw ValidationError("--datetime: \(error)") }
        switch filter {
        case .instant(let date): return DaySlot(date).index..<(DaySlot(date).index + 1)
        case .interval(let start, let end):
            return (start.map { DaySlot($0).index } ?? 0)..<(end.map { DaySlot($0).index + 1 } ?? Int.max)
        }
    }

    /// RFC 3339 in UTC with whole seconds, e.g. 2025-06-03T05:20:00Z.
    private func iso(_ date: Date) -> String { date.formatted(.iso8601) }

    private func text(_ value: Double?) -> String {
        guard let value else { return "" }
        // The shortest text that reads back as the same Double.
        return "\(value)"
    }

    private func csv(_ series: CubeSeries) -> String {
        var out = (["date"] + series.bands + ["sensing_date", "absolute_orbit_number", "relative_orbit_number"]).joined(separator: ",") + "\n"
        for (i, day) in series.days.enumerated() {
            var row = [day.description]
            row += series.bands.map { text(series.values[$0]?[i] ?? nil) }
            row.append(iso(series.sensingDates[i]))
            row.append(series.absoluteOrbits[i].map(String.init) ?? "")
            row.append(series.relativeOrbits[i].map(String.init) ?? "")
            out += row.joined(separator: ",") + "\n"
        }
        return out
    }

    private func json(_ series: CubeSeries) -> String {
        var rows: [JSONValue] = []
        for (i, day) in series.days.enumerated() {
            var row: [(String, JSONValue)] = [("date", .string(day.description))]
            for band in series.bands { row.append((band, (series.values[band]?[i] ?? nil).map { .double($0) } ?? .null)) }
            row.append(("sensing_date", .string(iso(series.sensingDates[i]))))
            row.append(("absolute_orbit_number", series.absoluteOrbits[i].map { .int(Int64($0)) } ?? .null))
            row.append(("relative_orbit_number", series.relativeOrbits[i].map { .int(Int64($0)) } ?? .null))
            rows.append(.object(.init(uniqueKeysWithValues: row)))
        }
        let document: JSONValue = .object(.init(uniqueKeysWithValues: [
            ("column", .int(Int64(series.column))), ("row", .int(Int64(series.row))), ("days", .array(rows)),
        ]))
        return document.jsonString(prettyPrinted: true)
    }

    private func npy(_ series: CubeSeries) -> [UInt8] {
        let columns = 4 + series.bands.count
        var values: [Double] = []
        values.reserveCapacity(series.days.count * columns)
        for (i, day) in series.days.enumerated() {
            values.append(Double(day.index))
            for band in series.bands { values.append((series.values[band]?[i] ?? nil) ?? .nan) }
            values.append(series.sensingDates[i].timeIntervalSince(DaySlot.origin).rounded())
            values.append(series.absoluteOrbits[i].map(Double.init) ?? .nan)
            values.append(series.relativeOrbits[i].map(Double.init) ?? .nan)
        }
        return NumpyFile.encode(values.withUnsafeBytes { Array($0) }, dataType: .float64, shape: [series.days.count, columns])
    }
}
