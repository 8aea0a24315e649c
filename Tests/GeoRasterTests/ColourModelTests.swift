import Foundation
import GeoRaster
import InteropSupport
import Testing

/// Colour models: where GDAL returns the stored samples (MinIsWhite, RGB, ICCLab, ITULab),
/// GeoRaster returns the same; where GDAL converts (8-bit CMYK and CIELab → RGBA, raw YCbCr →
/// RGB, through libtiff's RGBA interface) GeoRaster converts the same way and must match GDAL's
/// pixels, never returning the raw samples as if they were the image. Which model GDAL converts
/// comes from GDAL (`geotiff_colour_cases.py`); both kinds must be present.
@Suite("Colour models", .enabled(if: ReferenceFixtures.interopEnabled))
struct ColourModelTests {
    struct Case: Decodable {
        var name: String
        var photometric: String
        var gdal_returns_stored: Bool
    }

    @Test func storedAndConvertedModelsMatchGDAL() throws {
        let directory = try Interop.temporaryDirectory("georaster-colour")
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = try Interop.runPython(["geotiff_colour_cases.py", directory.path])
        let cases = try JSONDecoder().decode([Case].self, from: Data((output.split(separator: "\n").last ?? "[]").utf8))
        #expect(cases.contains { $0.gdal_returns_stored } && cases.contains { !$0.gdal_returns_stored })
        for item in cases {
            let base = directory.appendingPathComponent(item.name)
            let path = base.appendingPathExtension("tif").path
            let raster = try RasterDataset.openBlocking(path)
            try checkAgainstRasterio(raster, referenceBase: base, name: item.name, label: item.photometric)
        }
    }
}
