import Foundation
import GeoRaster
import InteropSupport
import Testing

/// What rasterio/GDAL reported for one file, written by `Tests/Interop/geotiff_make.py`.
struct RasterioReference: Decodable {
    var width: Int
    var height: Int
    var count: Int
    var dtype: String
    var nodata: NodataValue?
    var scales: [Double]
    var offsets: [Double]
    var transform: [Double]?
    var epsg: Int?
    var has_crs: Bool
    var epsg_identified: Int?
    var tags: [String: String]
    var area_or_point: String?
    var band_tags: [[String: String]]
    var descriptions: [String?]
    var block: [Int]
    var compression: String
    /// GDAL's IMAGE_STRUCTURE `COMPRESSION` (`LERC_DEFLATE`, `SGILOG24`, `YCbCr JPEG`, …).
    var gdal_compression: String
    /// GDAL's IMAGE_STRUCTURE `PREDICTOR`, 1 when GDAL reports none.
    var predictor: Int
    var overviews: [Int]
    var window: [Int]
    var valid_box: [Int]?
    var overview_sizes: [[Int]]?

    /// rasterio's nodata: a number, or the text "nan", "inf" or "-inf".
    enum NodataValue: Decodable {
        case number(Double)
        case nan
        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let number = try? container.decode(Double.self) {
                self = .number(number)
            } else {
                // JSON has no NaN or infinity: the generators write them as text.
                switch try container.decode(String.self) {
                case "inf": self = .number(.infinity)
                case "-inf": self = .number(-.infinity)
                default: self = .nan
                }
            }
        }
        func matches(_ value: Double?) -> Bool {
            switch self {
            case .number(let n): value == n
            case .nan: value?.isNaN == true
            }
        }
    }
}

/// Reference files made once per test process and shared by the tests.
enum ReferenceFixtures {
    /// The generated matrix: the directory and the file names (without `.tif`).
    static let matrix: Result<(URL, [String]), any Error> = Result {
        let directory = try Interop.temporaryDirectory("georaster-matrix")
        let output = try Interop.runPython(["geotiff_make.py", directory.path])
        let lastLine = output.split(separator: "\n").last.map(String.init) ?? "[]"
        let names = try JSONDecoder().decode([String].self, from: Data(lastLine.utf8))
        return (directory, names)
    }

    static var interopEnabled: Bool {
        Interop.isAvailable || ProcessInfo.processInfo.environment["EOCUBE_REQUIRE_INTEROP"] != nil
    }
}

/// How far a YCbCr JPEG decode may be from GDAL's: the libjpeg in rasterio's GDAL wheel and
/// Debian's libjpeg-turbo upsample chroma differently, so samples at colour edges differ (measured
/// on the shared files: mean |difference| ≤ 1.04 levels, ≤ 1.9 % of samples more than 10 levels
/// apart, single samples up to 92). RGB JPEG and every other codec must match bit for bit.
enum YCbCrJPEGTolerance {
    static let maxMeanDifference = 1.5
    static let maxFractionOver10 = 0.025

    static func accepts(_ got: [UInt8], _ expected: [UInt8]) -> Bool {
        var sum = 0, over10 = 0
        for (a, b) in zip(got, expected) {
            let d = abs(Int(a) - Int(b))
            sum += d
            if d > 10 { over10 += 1 }
        }
        let count = Double(max(1, got.count))
        return Double(sum) / count <= maxMeanDifference && Double(over10) / count <= maxFractionOver10
    }
}

/// Compares everything GeoRaster reads from a raster with the rasterio reference files at `base` (`base.json`, `base.b1.bin`, …).
func checkAgainstRasterio(_ raster: RasterDataset, referenceBase base: URL, name fileName: String, label: String = "") throws {
    let name = label.isEmpty ? fileName : "\(label) \(fileName)"
    let reference = try JSONDecoder().decode(RasterioReference.self, from: Data(contentsOf: base.appendingPathExtension("json")))
    #expect(raster.width == reference.width, "\(name) width")
    #expect(raster.height == reference.height, "\(name) height")
    #expect(raster.bandCount == reference.count, "\(name) band count")
    #expect(raster.dataType.rawValue == reference.dtype, "\(name) dtype")
    if let nodata = reference.nodata {
        #expect(nodata.matches(raster.nodata), "\(name) nodata \(String(describing: raster.nodata))")
    } else {
        #expect(raster.nodata == nil, "\(name) nodata should be unset")
    }
    for (i, band) in raster.bands.enumerated() where i < reference.count {
        #expect((band.scale ?? 1) == reference.scales[i], "\(name) band \(i + 1) scale")
        #expect((band.offset ?? 0) == reference.offsets[i], "\(name) band \(i + 1) offset")
        #expect(band.metadata == reference.band_tags[i], "\(name) band \(i + 1) metadata")
        #expect(band.description == reference.descriptions[i], "\(name) band \(i + 1) description")
    }
    // rasterio reports "no geotransform" as the identity, which the generator writes as null.
    let identity: [Double] = [0, 1, 0, 0, 0, 1]
    let transform = raster.geoTransform?.gdalCoefficients == identity ? nil : raster.geoTransform?.gdalCoefficients
    #expect(transform == reference.transform, "\(name) geotransform \(String(describing: raster.geoTransform?.gdalCoefficients))")
    #expect(raster.crs?.epsg == reference.epsg, "\(name) EPSG")
    #expect((raster.crs != nil) == reference.has_crs, "\(name) has CRS")
    // GDAL identifies more CRSs (PROJ database); what GeoRaster identifies must agree with it.
    if let identified = raster.epsg { #expect(identified == reference.epsg_identified, "\(name) identified EPSG") }
    #expect(raster.metadata == reference.tags, "\(name) dataset metadata \(raster.metadata)")
    if let point = reference.area_or_point {
        #expect(raster.isPixelIsPoint == (point == "Point"), "\(name) AREA_OR_POINT")
    }
    #expect([raster.blockHeight, raster.blockWidth] == reference.block, "\(name) block shape")
    // GDAL names YCbCr JPEG after the colour model; the scheme is JPEG.
    let gdalCompression = reference.gdal_compression == "YCbCr JPEG" ? "JPEG" : reference.gdal_compression
    #expect(raster.compressionName == gdalCompression, "\(name) compression \(raster.compressionName) vs GDAL's \(reference.gdal_compression)")
    // GDAL reports PREDICTOR for LZW, Adobe Deflate and ZSTD, never for the obsolete Deflate code
    // 32946 or LZMA (which do take one); every other codec takes none, so 1.
    if ![TIFFCompression.pixarDeflate, .lzma].contains(raster.compression) {
        #expect(raster.levels[0].predictor == reference.predictor, "\(name) predictor \(raster.levels[0].predictor) vs GDAL's \(reference.predictor)")
    }
    #expect(raster.overviews.map { [$0.width, $0.height] } == (reference.overview_sizes ?? []), "\(name) overview sizes")

    let bytes = raster.dataType.byteCount
    let isYCbCrJPEG = reference.gdal_compression == "YCbCr JPEG"
    func compare(_ got: [UInt8], _ file: String, _ what: String) throws {
        let expected = try [UInt8](Data(contentsOf: base.deletingLastPathComponent().appendingPathComponent(file)))
        guard got != expected else { return }
        if isYCbCrJPEG, got.count == expected.count, YCbCrJPEGTolerance.accepts(got, expected) { return }
        let first = (0..<min(got.count, expected.count)).first { got[$0] != expected[$0] }.map { $0 / bytes } ?? -1
        let largest = zip(got, expected).map { abs(Int($0) - Int($1)) }.max() ?? 0
        Issue.record("\(name) \(what): \(got.count) bytes vs rasterio's \(expected.count), first differing pixel \(first), largest byte difference \(largest)")
    }
    func read(band: Int, window: PixelWindow?, overview: Int?) throws -> [UInt8] {
        let level = overview.map { raster.levels[$0 + 1] } ?? raster.levels[0]
        let size = window?.pixelCount ?? level.width * level.height
        var buffer = [UInt8](repeating: 0xA5, count: size * bytes)
        try buffer.withUnsafeMutableBytes { try raster.readBlocking(band: band, window: window, overview: overview, into: $0) }
        return buffer
    }
    for band in 1...raster.bandCount {
        try compare(read(band: band, window: nil, overview: nil), "\(fileName).b\(band).bin", "band \(band)")
    }
    let w = reference.window
    try compare(read(band: 1, window: PixelWindow(x: w[0], y: w[1], width: w[2], height: w[3]), overview: nil), "\(fileName).win.bin", "window \(w)")
    for k in 0..<raster.overviews.count {
        try compare(read(band: 1, window: nil, overview: k), "\(fileName).ov\(k).bin", "overview \(k)")
    }
    let box = try raster.validDataBoundingBoxBlocking(band: 1)
    #expect(box.map { [$0.x, $0.y, $0.width, $0.height] } == reference.valid_box, "\(name) valid-data box \(String(describing: box))")
}
