import Foundation
import GeoRaster
import InteropSupport
import Testing

/// Real-world GeoTIFFs in `../shared/testdata/geotiff` (when present) read as rasterio reads them
/// and agree with their JSON sidecars.
@Suite("Shared test data", .enabled(if: ReferenceFixtures.interopEnabled))
struct SharedTestDataTests {
    static var files: [URL] {
        guard let root = Interop.sharedTestData?.appendingPathComponent("geotiff"),
              let names = try? FileManager.default.contentsOfDirectory(atPath: root.path) else { return [] }
        return names.filter { $0.lowercased().hasSuffix(".tif") || $0.lowercased().hasSuffix(".tiff") }
            .sorted().map { root.appendingPathComponent($0) }
    }

    @Test(.enabled(if: !files.isEmpty, "../shared/testdata/geotiff is not present"))
    func everySharedFileMatchesRasterioAndItsSidecar() throws {
        let work = try Interop.temporaryDirectory("georaster-shared")
        defer { try? FileManager.default.removeItem(at: work) }
        for file in Self.files {
            let name = file.deletingPathExtension().lastPathComponent
            try Interop.runPython(["geotiff_make.py", work.path, "--reference", file.path, name])
            let raster = try RasterDataset.openBlocking(file.path)
            try checkAgainstRasterio(raster, referenceBase: work.appendingPathComponent(name), name: name)
            try checkSidecar(of: file, against: raster)
        }
    }

    /// The sidecar format is not fixed; the keys it shares with GDAL's vocabulary are compared.
    func checkSidecar(of file: URL, against raster: RasterDataset) throws {
        let candidates = [file.appendingPathExtension("json"), file.deletingPathExtension().appendingPathExtension("json")]
        guard let sidecar = candidates.first(where: { FileManager.default.fileExists(atPath: $0.path) }),
              let object = try JSONSerialization.jsonObject(with: Data(contentsOf: sidecar)) as? [String: Any] else { return }
        let name = file.lastPathComponent
        if let width = object["width"] as? Int { #expect(raster.width == width, "\(name) sidecar width") }
        if let height = object["height"] as? Int { #expect(raster.height == height, "\(name) sidecar height") }
        if let count = (object["count"] ?? object["band_count"] ?? object["bands"]) as? Int { #expect(raster.bandCount == count, "\(name) sidecar bands") }
        if let dtype = object["dtype"] as? String { #expect(raster.dataType.rawValue == dtype.lowercased(), "\(name) sidecar dtype") }
        if let nodata = object["nodata"] as? Double { #expect(raster.nodata == nodata, "\(name) sidecar nodata") }
        if let epsg = object["epsg"] as? Int { #expect(raster.epsg == epsg, "\(name) sidecar EPSG") }
        if let transform = (object["geotransform"] ?? object["transform"]) as? [Double], transform.count == 6 {
            // GDAL order (x0, a, b, y0, d, e) or rasterio's Affine order (a, b, x0, d, e, y0).
            let gdal = raster.geoTransform?.gdalCoefficients ?? []
            let affine = gdal.count == 6 ? [gdal[1], gdal[2], gdal[0], gdal[4], gdal[5], gdal[3]] : []
            #expect(gdal == transform || affine == transform, "\(name) sidecar geotransform \(transform) vs \(gdal)")
        }
    }
}
