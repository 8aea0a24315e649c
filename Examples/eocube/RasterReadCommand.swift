import ArgumentParser
import Foundation
import GeoRaster

/// `eocube raster read FILE|URL --npy OUT.npy`: one band (or a window of it) to a NumPy file.
struct RasterReadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "read", abstract: "Read one band, or a window of it, into a .npy file (numpy.load reads it).")

    @Argument(help: "A GeoTIFF path or http(s) URL.")
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
        let raster = try await RasterDataset.open(location)
        var target: PixelWindow?
        if let window {
            let parts = window.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard parts.count == 4, let x = parts[0], let y = parts[1], let w = parts[2], let h = parts[3] else {
                throw ValidationError("--window must be x,y,width,height (integers), got \(window)")
            }
            target = PixelWindow(x: x, y: y, width: w, height: h)
        }
        let level = overview.map { raster.levels.indices.contains($0 + 1) ? raster.levels[$0 + 1] : raster.levels[0] } ?? raster.levels[0]
        let region = target ?? level.fullWindow
        let byteCount = region.pixelCount * raster.dataType.byteCount
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(byteCount, 1), alignment: 16)
        defer { buffer.deallocate() }
        try await raster.read(band: band, window: region, overview: overview, into: buffer)
        var file = NPYHeader.make(descriptor: raster.dataType.numpyDescriptor, shape: [region.height, region.width])
        file.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[0..<byteCount]))
        try Data(file).write(to: URL(fileURLWithPath: npy))
    }
}

/// The NumPy `.npy` version 1.0 header (magic, little-endian header length, padded dict).
enum NPYHeader {
    static func make(descriptor: String, shape: [Int]) -> [UInt8] {
        let shapeText = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        var dict = "{'descr': '\(descriptor)', 'fortran_order': False, 'shape': \(shapeText), }"
        // Magic (6) + version (2) + length (2) + dict + newline must be a multiple of 64.
        let unpadded = 10 + dict.utf8.count + 1
        dict += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0]
        let length = UInt16(dict.utf8.count)
        bytes += [UInt8(length & 0xFF), UInt8(length >> 8)]
        bytes += Array(dict.utf8)
        return bytes
    }
}
