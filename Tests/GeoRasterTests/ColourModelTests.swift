import Foundation
import GeoRaster
import InteropSupport
import Testing

/// Colour models: where GDAL returns the stored samples (MinIsWhite, RGB, ICCLab, ITULab),
/// GeoRaster returns the same; 8-bit CMYK and CIELab it converts to RGBA through libtiff's RGBA
/// interface as GDAL does (same pixels); the other conversions GDAL makes (raw YCbCr → RGB) it
/// refuses with `unsupported` when the file is opened, never returning the raw samples as if
/// they were the image. Which model GDAL converts comes from GDAL (`geotiff_colour_cases.py`).
@Suite("Colour models", .enabled(if: ReferenceFixtures.interopEnabled))
struct ColourModelTests {
    struct Case: Decodable {
        var name: String
        var photometric: String
        var gdal_returns_stored: Bool
    }

    /// Cases GeoRaster converts to RGBA like GDAL.
    static let convertedAsGDALDoes: Set<String> = ["cmyk", "cielab"]

    @Test func storedModelsMatchGDALAndConvertedOnesAreRefused() throws {
        let directory = try Interop.temporaryDirectory("georaster-colour")
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = try Interop.runPython(["geotiff_colour_cases.py", directory.path])
        let cases = try JSONDecoder().decode([Case].self, from: Data((output.split(separator: "\n").last ?? "[]").utf8))
        #expect(cases.contains { $0.gdal_returns_stored } && cases.contains { !$0.gdal_returns_stored })
        for item in cases {
            let base = directory.appendingPathComponent(item.name)
            let path = base.appendingPathExtension("tif").path
            if item.gdal_returns_stored || Self.convertedAsGDALDoes.contains(item.name) {
                let raster = try RasterDataset.openBlocking(path)
                try checkAgainstRasterio(raster, referenceBase: base, name: item.name, label: item.photometric)
            } else {
                #expect("\(item.photometric): GDAL converts the colour model") {
                    _ = try RasterDataset.openBlocking(path)
                } throws: { error in
                    guard case .unsupported(let location, let reason) = error as? GeoRasterError else { return false }
                    return location == path && reason.contains("Photometric")
                }
            }
        }
    }
}
