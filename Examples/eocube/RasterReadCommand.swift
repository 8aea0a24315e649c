import ArgumentParser
import Foundation
import GeoRaster
import ZarrStore

/// `eocube raster read FILE|URL --npy OUT.npy`: one band (or a window of it) to a NumPy file.
struct RasterReadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "read", abstract: "Read one band, or a window of it, into a .npy file (numpy.load reads it).")

    @Argument(help: "A GeoTIFF path, http(s) URL or s3://bucket/key.")
    var location: String

    @Option(help: "Band number, from 1.")
    var band: Int = 1

    @Option(help: "Pixel window x,y,width,height (default: the whole image).")
    var window: String?

    @Option(help: "Overview index (0 = largest internal overview); default full resolution.")
    var overview: Int?

    @Option(help: "Output .npy path.")
    var npy: String

    func run() async throws {
        try requireLocalOutput(npy, option: "--npy")
        let raster = try await RasterDataset.open(location)
        var target: PixelWindow?
        if let window {
            let parts = window.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard parts.count == 4, let x = parts[0], let y = parts[1], let w = parts[2], let h = parts[3] else {
                throw ValidationError("--window must be x,y,width,height (integers), got \(window)")
            }
            target = PixelWindow(x: x, y: y, width: w, height: h)
        }
        // readBytes validates band, overview and window and bounds the allocation
        // (RasterOpenOptions.maxReadBytes) before any memory is taken.
        let bytes = try await raster.readBytes(band: band, window: target, overview: overview)
        // The read succeeded, so `overview` names an existing level.
        let region = target ?? raster.levels[overview.map { $0 + 1 } ?? 0].fullWindow
        try NumpyFile.write(bytes, descriptor: raster.dataType.numpyDescriptor, shape: [region.height, region.width], to: npy)
    }
}
