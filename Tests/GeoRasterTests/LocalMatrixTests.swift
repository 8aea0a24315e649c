import Foundation
import GeoRaster
import InteropSupport
import Testing

/// GeoTIFFs written by GDAL across dtype × compression × predictor × tiling × BigTIFF ×
/// interleave × overviews read exactly as rasterio reads them.
@Suite("Local GeoTIFF reads match rasterio", .enabled(if: ReferenceFixtures.interopEnabled))
struct LocalMatrixTests {
    @Test func everyGeneratedFileMatchesRasterio() throws {
        let (directory, names) = try ReferenceFixtures.matrix.get()
        #expect(names.count > 50)
        for name in names {
            let base = directory.appendingPathComponent(name)
            let raster = try RasterDataset.openBlocking(base.appendingPathExtension("tif").path)
            try checkAgainstRasterio(raster, referenceBase: base, name: name)
        }
    }

    @Test func typedReadMatchesRawRead() async throws {
        let (directory, _) = try ReferenceFixtures.matrix.get()
        let raster = try await RasterDataset.open(directory.appendingPathComponent("cog_sig0.tif").path)
        #expect(raster.dataType == .int16)
        let window = PixelWindow(x: 10, y: 300, width: 513, height: 77)
        let typed: [Int16] = try await raster.read(band: 1, window: window)
        let raw = UnsafeMutableRawBufferPointer.allocate(byteCount: window.pixelCount * 2, alignment: 8)
        defer { raw.deallocate() }
        try await raster.read(band: 1, window: window, into: raw)
        #expect(typed == Array(raw.bindMemory(to: Int16.self)))
        await #expect(throws: GeoRasterError.dataTypeMismatch(location: raster.location, fileType: .int16, requested: .float32)) {
            let _: [Float] = try await raster.read(band: 1, window: window)
        }
    }

    @Test func sentinelMetadataItemsAreExposed() async throws {
        let (directory, _) = try ReferenceFixtures.matrix.get()
        let raster = try await RasterDataset.open(directory.appendingPathComponent("cog_sig0.tif").path)
        #expect(raster.absoluteOrbitNumber == 48552)
        #expect(raster.relativeOrbitNumber == 146)
        #expect(raster.sensingDate == "2023-06-01T05:12:33")
        #expect(raster.bands[0].scale == 0.01)
        #expect(raster.crs?.isUserDefined == true)
        #expect(raster.crs?.key(.projectedType) == .short(32767))
        #expect(raster.crs?.epsg == nil)
        #expect(raster.epsg == 27704) // Equi7 Europe, recognised as rasterio's crs.to_epsg() does
    }

    @Test func outOfRangeRequestsAreTypedErrors() async throws {
        let (directory, _) = try ReferenceFixtures.matrix.get()
        let raster = try await RasterDataset.open(directory.appendingPathComponent("cog_sig0.tif").path)
        await #expect(throws: GeoRasterError.bandOutOfRange(location: raster.location, band: 2, bandCount: 1)) {
            let _: [Int16] = try await raster.read(band: 2)
        }
        let pastTheEdge = PixelWindow(x: 690, y: 0, width: 20, height: 5)
        await #expect(throws: GeoRasterError.windowOutOfBounds(location: raster.location, window: pastTheEdge, width: 700, height: 600)) {
            let _: [Int16] = try await raster.read(band: 1, window: pastTheEdge)
        }
        await #expect(throws: GeoRasterError.overviewOutOfRange(location: raster.location, overview: 7, overviewCount: raster.overviews.count)) {
            let _: [Int16] = try await raster.read(band: 1, overview: 7)
        }
        var small = [UInt8](repeating: 0, count: 3)
        #expect(throws: GeoRasterError.bufferTooSmall(needed: 8, given: 3)) {
            try small.withUnsafeMutableBytes { try raster.readBlocking(band: 1, window: PixelWindow(x: 0, y: 0, width: 2, height: 2), into: $0) }
        }
    }
}

/// WKT2 rebuilt from the GeoKeys is the CRS GDAL reads from the same file.
@Suite("CRS as WKT2", .enabled(if: ReferenceFixtures.interopEnabled))
struct CRSWKTTests {
    @Test(arguments: ["cog_sig0", "equi7_af_userdefined", "userdefined_laea_grs80", "userdefined_tm", "userdefined_lcc", "geographic_wgs84"])
    func wktFromGeoKeysIsTheCRSGDALReads(name: String) throws {
        let (directory, _) = try ReferenceFixtures.matrix.get()
        let file = directory.appendingPathComponent("\(name).tif")
        let raster = try RasterDataset.openBlocking(file.path)
        let wkt = try #require(raster.crs?.wkt2, "no WKT2 for \(name): \(String(describing: raster.crs))")
        let verdict = try Interop.runPython(["geotiff_crs_check.py", file.path, wkt])
        #expect(verdict.hasPrefix("same"), "\(verdict)")
    }

    @Test func registeredProjectedCRSHasEPSGButNoRebuiltWKT() throws {
        let (directory, _) = try ReferenceFixtures.matrix.get()
        let raster = try RasterDataset.openBlocking(directory.appendingPathComponent("m_int16_deflate_p2.tif").path)
        #expect(raster.epsg == 32633)
        #expect(raster.crs?.authorityString == "EPSG:32633")
        #expect(raster.crs?.wkt2 == nil)
    }
}

/// One dataset shared by many concurrent tasks reads what serial reads give.
@Suite("Concurrent use", .enabled(if: ReferenceFixtures.interopEnabled))
struct ConcurrentUseTests {
    @Test func concurrentWindowReadsOfOneDatasetEqualSerialReads() async throws {
        let (directory, _) = try ReferenceFixtures.matrix.get()
        let raster = try await RasterDataset.open(directory.appendingPathComponent("overviews_internal.tif").path)
        let windows = (0..<24).map { i in
            PixelWindow(x: (i * 37) % 300, y: (i * 53) % 200, width: 100 + i * 5, height: 90 + i * 3)
        }
        let serial = try windows.map { try raster.readBlocking(band: 1, window: $0, as: Int16.self) }
        let parallel = try await withThrowingTaskGroup(of: (Int, [Int16]).self) { group in
            for (index, window) in windows.enumerated() {
                group.addTask {
                    // Mix levels and calls so handles move between directories under contention.
                    if index % 3 == 0 { _ = try await raster.read(band: 1, overview: index % 2, as: Int16.self) }
                    return (index, try await raster.read(band: 1, window: window, as: Int16.self))
                }
            }
            var results = [[Int16]](repeating: [], count: windows.count)
            for try await (index, pixels) in group { results[index] = pixels }
            return results
        }
        #expect(parallel == serial)
    }
}
