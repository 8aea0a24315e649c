import ArgumentParser
import Foundation
import GeoRaster

/// `eocube raster info FILE|URL`: what the file holds, as JSON.
struct RasterInfoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Print size, bands, data type, nodata, scale/offset, CRS, geotransform, blocks, compression, overviews and metadata as JSON.")

    @Argument(help: "A GeoTIFF path, http(s) URL or s3://bucket/key.")
    var location: String

    func run() async throws {
        let raster = try await RasterDataset.open(location)
        let data = try JSONSerialization.data(withJSONObject: Self.describe(raster), options: [.prettyPrinted, .sortedKeys])
        print(String(decoding: data, as: UTF8.self))
    }

    /// JSON numbers cannot be NaN or infinite; those become strings, as GDAL writes them.
    static func number(_ value: Double?) -> Any {
        guard let value else { return NSNull() }
        if value.isNaN { return "nan" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        return value
    }

    static func describe(_ raster: RasterDataset) -> [String: Any] {
        var crs: Any = NSNull()
        if let system = raster.crs {
            crs = [
                "epsg": system.epsg as Any? ?? NSNull(),
                "matching_epsg": system.matchingEPSG as Any? ?? NSNull(),
                "wkt2": system.wkt2 as Any? ?? NSNull(),
                "model": system.modelType.rawValue,
                "citation": system.citation as Any? ?? NSNull(),
                "user_defined": system.isUserDefined,
                "geokeys": system.geoKeys.map { key -> [String: Any] in
                    let value: Any
                    switch key.value {
                    case .short(let v): value = Int(v)
                    case .doubles(let v): value = v.map { number($0) }
                    case .ascii(let v): value = v
                    }
                    return ["id": Int(key.id.rawValue), "value": value]
                },
            ]
        }
        return [
            "location": raster.location,
            "width": raster.width,
            "height": raster.height,
            "bands": raster.bands.map { band -> [String: Any] in
                ["band": band.index, "nodata": number(band.nodata), "scale": number(band.scale), "offset": number(band.offset),
                 "description": band.description as Any? ?? NSNull(), "metadata": band.metadata]
            },
            "band_count": raster.bandCount,
            "dtype": raster.dataType.rawValue,
            "nodata": number(raster.nodata),
            "crs": crs,
            "geotransform": raster.geoTransform.map { $0.gdalCoefficients.map { number($0) } } ?? NSNull(),
            "area_or_point": raster.isPixelIsPoint ? "Point" : "Area",
            "block": [raster.blockWidth, raster.blockHeight],
            "tiled": raster.levels[0].isTiled,
            "compression": raster.compressionName,
            "predictor": raster.levels[0].predictor,
            "interleave": raster.isBandInterleaved ? "band" : "pixel",
            "bigtiff": raster.isBigTIFF,
            "overviews": raster.overviews.map { ["width": $0.width, "height": $0.height, "block": [$0.blockWidth, $0.blockHeight]] },
            "metadata": raster.metadata,
        ]
    }
}
