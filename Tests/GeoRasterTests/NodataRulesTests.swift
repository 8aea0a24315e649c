import Foundation
import GeoRaster
import InteropSupport
import Testing

/// The nodata value is reported as the band's type holds it, as GDAL does: float32 rounds
/// (0.1, -3.4e38), integer types drop values outside their range (uint8 with -10000).
/// Each case is a file whose `GDAL_NODATA` text is chosen freely (`geotiff_nodata_cases.py`).
@Suite("Nodata as GDAL reports it", .enabled(if: ReferenceFixtures.interopEnabled))
struct NodataRulesTests {
    struct Case: Decodable {
        var name: String
        var dtype: String
        var text: String
        var nodata: RasterioReference.NodataValue?
        var nodata_pixels: Int
    }

    @Test func nodataAndPixelComparisonsMatchRasterio() throws {
        let directory = try Interop.temporaryDirectory("georaster-nodata")
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = try Interop.runPython(["geotiff_nodata_cases.py", directory.path])
        let cases = try JSONDecoder().decode([Case].self, from: Data((output.split(separator: "\n").last ?? "[]").utf8))
        #expect(cases.count >= 20)
        for item in cases {
            let label = "\(item.dtype) GDAL_NODATA \"\(item.text)\""
            let raster = try RasterDataset.openBlocking(directory.appendingPathComponent("\(item.name).tif").path)
            #expect(raster.dataType.rawValue == item.dtype, "\(label) dtype")
            if let expected = item.nodata {
                #expect(expected.matches(raster.nodata), "\(label): nodata \(String(describing: raster.nodata))")
            } else {
                #expect(raster.nodata == nil, "\(label): GDAL reports no nodata, GeoRaster \(String(describing: raster.nodata))")
            }
            // A user's `Double(pixel) == nodata` finds the pixels rasterio finds.
            let values = try raster.readBlocking(band: 1, as: UInt8.self, decodedAs: raster.dataType)
            let matches = values.filter { value in
                guard let nodata = raster.nodata else { return false }
                return nodata.isNaN ? value.isNaN : value == nodata
            }.count
            #expect(matches == item.nodata_pixels, "\(label): \(matches) pixels equal nodata, rasterio counts \(item.nodata_pixels)")
        }
    }

    @Test func ruleHoldsForEveryType() {
        // The unit rule behind the files above, over every type and the edges of its range.
        for type in RasterDataType.allCases {
            #expect(type.nodataAsGDALReportsIt(.nan).map { $0.isNaN } == (type.isFloatingPoint ? true : nil), "\(type) NaN")
            #expect(type.nodataAsGDALReportsIt(-1e300) == (type == .float64 ? -1e300 : type == .float32 ? -.infinity : nil), "\(type) -1e300")
        }
        #expect(RasterDataType.float32.nodataAsGDALReportsIt(0.1) == Double(Float(0.1)))
        #expect(RasterDataType.uint16.nodataAsGDALReportsIt(65535) == 65535)
        #expect(RasterDataType.uint16.nodataAsGDALReportsIt(65536) == nil)
        #expect(RasterDataType.int8.nodataAsGDALReportsIt(-128) == -128)
        #expect(RasterDataType.int8.nodataAsGDALReportsIt(-128.5) == nil)
    }
}

extension RasterDataset {
    /// Band `band` as doubles, whatever its type.
    fileprivate func readBlocking(band: Int, as _: UInt8.Type, decodedAs type: RasterDataType) throws -> [Double] {
        var bytes = [UInt8](repeating: 0, count: width * height * type.byteCount)
        try bytes.withUnsafeMutableBytes { try readBlocking(band: band, into: $0) }
        return bytes.withUnsafeBytes { raw in
            (0..<(width * height)).map { i -> Double in
                let at = i * type.byteCount
                switch type {
                case .uint8: return Double(raw.load(fromByteOffset: at, as: UInt8.self))
                case .int8: return Double(raw.load(fromByteOffset: at, as: Int8.self))
                case .uint16: return Double(raw.loadUnaligned(fromByteOffset: at, as: UInt16.self))
                case .int16: return Double(raw.loadUnaligned(fromByteOffset: at, as: Int16.self))
                case .uint32: return Double(raw.loadUnaligned(fromByteOffset: at, as: UInt32.self))
                case .int32: return Double(raw.loadUnaligned(fromByteOffset: at, as: Int32.self))
                case .float32: return Double(raw.loadUnaligned(fromByteOffset: at, as: Float.self))
                case .float64: return raw.loadUnaligned(fromByteOffset: at, as: Double.self)
                }
            }
        }
    }
}
