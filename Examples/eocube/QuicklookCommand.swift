import ArgumentParser
import EOCubeBuilder
import Foundation
import STACClient
import ZarrStore

/// `eocube quicklook STORE --group G --date D --png OUT.png`: one day of a band as a picture.
struct QuicklookCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quicklook", abstract: "Render one day of a cube band as a PNG.",
        discussion: """
        Grey from --range MIN,MAX (default -25,0 dB: black to white, clamped); pixels without data are
        transparent. The window (default: the whole grid) is downsampled to at most --size pixels on
        its longer side, each picture pixel the mean of the cube pixels of its box that hold a value;
        it is read in strips, so memory stays bounded for a whole tile.

          eocube quicklook sample-cube.zarr --group s1sig0/EU --date 2025-06-03 --band VV --png vv.png
        """)

    @Argument(help: "The store (directory, http(s) URL or s3://bucket/prefix).") var store: String
    @Option(help: "The cube group, e.g. s1sig0/EU.") var group: String
    @Option(help: "The day, e.g. 2025-06-03 (UTC).") var date: String
    @Option(help: "The band (default: the cube's first).") var band: String?
    @Option(help: "Window ROW0:ROW1,COL0:COL1 in cube pixels (default: the whole grid).") var window: String?
    @Option(help: "Longest side of the picture in pixels.") var size: Int = 1000
    @Option(parsing: .unconditional, help: "The values shown black and white, MIN,MAX (default -25,0).") var range: String?
    @Option(help: "The PNG file to write.") var png: String

    func run() async throws {
        try requireLocalOutput(png, option: "--png")
        let reader = try await CubeReader.open(try openZarrStorage(store), group: group)
        let day = try Self.day(date)
        var scale = DecibelScale.standard
        if let range {
            let bounds = range.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard bounds.count == 2, let low = bounds[0], let high = bounds[1] else { throw ValidationError("--range needs MIN,MAX, got '\(range)'") }
            scale = try DecibelScale(minimum: low, maximum: high)
        }
        let area = try window.map(BuildCommand.parseRegion)
        let name = band ?? reader.bands[0]
        let (image, factor) = try await reader.quicklook(day: day, band: name, window: area, maximumSize: size, scale: scale)
        try image.writePNG(to: png)
        print("wrote \(png): \(name) on \(day), \(image.width) x \(image.height) px (\(factor) x \(factor) cube pixels each), grey \(scale.minimum) … \(scale.maximum)")
    }

    /// The day slot of a date text (a date or an RFC 3339 instant).
    static func day(_ text: String) throws -> DaySlot {
        let filter: STACDatetimeFilter
        do { filter = try STACDatetimeFilter(parsing: text) } catch { throw ValidationError("--date: \(error)") }
        switch filter {
        case .instant(let date), .interval(start: .some(let date), end: _): return DaySlot(date)
        case .interval(start: nil, end: _): throw ValidationError("--date needs a day, got '\(text)'")
        }
    }
}
