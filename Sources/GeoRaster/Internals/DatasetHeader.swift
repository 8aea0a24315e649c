import CTIFF
import Foundation

/// Everything read at open time: directories, georeferencing, nodata and GDAL metadata.
struct DatasetHeader {
    var directories: [ImageDirectory]
    var isBigTIFF: Bool
    var geoTransform: GeoTransform?
    var crs: CoordinateReferenceSystem?
    var isPixelIsPoint: Bool
    var metadata: [String: String]
    var metadataDomains: [String: [String: String]]
    var bands: [RasterBandInfo]

    static let gdalMetadataTag: UInt32 = 42112
    static let gdalNodataTag: UInt32 = 42113
    /// Files with more directories than this are refused (a loop guard; real files have a handful).
    static let maxDirectories = 1024

    /// Reads from a handle positioned on the first directory; leaves it on another directory.
    static func read(from handle: TIFFHandle, options: RasterOpenOptions) throws(GeoRasterError) -> DatasetHeader {
        let location = handle.stream.source.location
        let first = try ImageDirectory.read(from: handle, limits: options)
        // Tags of the main image, read before moving on to the overview directories.
        let keys = GeoReferencing.geoKeys(directory: handle.shorts(GeoReferencing.geoKeyDirectoryTag),
                                          doubles: handle.doubles(GeoReferencing.geoDoubleParamsTag),
                                          ascii: handle.string(GeoReferencing.geoAsciiParamsTag))
        let crs = GeoReferencing.crs(from: keys)
        let pixelIsPoint = keys.first { $0.id == .rasterType }?.shortValue == 2
        let transform = GeoReferencing.geoTransform(scale: handle.doubles(GeoReferencing.modelPixelScaleTag),
                                                    tiepoints: handle.doubles(GeoReferencing.modelTiepointTag),
                                                    matrix: handle.doubles(GeoReferencing.modelTransformationTag),
                                                    pixelIsPoint: pixelIsPoint)
        let nodata = handle.string(gdalNodataTag).flatMap(parseNodata).flatMap(first.dataType.nodataAsGDALReportsIt)
        let baselineItems = baselineTagItems(handle)
        let items = handle.string(gdalMetadataTag).map(GDALMetadataParser.parse) ?? []
        let isBigTIFF = TIFFIsBigTIFF(handle.tiff) != 0

        var directories = [first]
        var visited: Set<UInt64> = [first.offset]
        while handle.readNextDirectory() {
            guard directories.count < maxDirectories else {
                throw .invalidFile(location: location, reason: "more than \(maxDirectories) image directories")
            }
            let offset = handle.directoryOffset
            guard visited.insert(offset).inserted else { break }
            // A broken overview directory must not hide the main image: skip it, as GDAL would warn and go on.
            guard let directory = try? ImageDirectory.read(from: handle, limits: options) else { continue }
            let isReduced = directory.subfileType & 1 != 0, isMask = directory.subfileType & 4 != 0
            guard isReduced, !isMask, directory.samplesPerPixel == first.samplesPerPixel,
                  directory.dataType == first.dataType else { continue }
            directories.append(directory)
        }
        _ = handle.log.takeErrors()
        // The handle moved; position it back for reuse.
        try handle.setDirectory(first)
        directories[1...].sort { $0.width > $1.width }

        var metadata: [String: String] = baselineItems
        var domains: [String: [String: String]] = [:]
        var bands = (0..<first.samplesPerPixel).map {
            RasterBandInfo(index: $0 + 1, nodata: nodata, scale: nil, offset: nil, description: nil, metadata: [:])
        }
        for item in items {
            if let sample = item.sample {
                guard sample >= 0, sample < bands.count else { continue }
                switch item.role {
                case "scale": bands[sample].scale = Double(item.value.trimmingCharacters(in: .whitespaces))
                case "offset": bands[sample].offset = Double(item.value.trimmingCharacters(in: .whitespaces))
                case "description": bands[sample].description = item.value
                case nil where item.domain == nil || item.domain == "": bands[sample].metadata[item.name] = item.value
                default: break
                }
            } else if let domain = item.domain, !domain.isEmpty {
                domains[domain, default: [:]][item.name] = item.value
            } else {
                metadata[item.name] = item.value
            }
        }
        return DatasetHeader(directories: directories, isBigTIFF: isBigTIFF, geoTransform: transform, crs: crs,
                             isPixelIsPoint: pixelIsPoint, metadata: metadata, metadataDomains: domains, bands: bands)
    }

    /// The baseline TIFF tags GDAL reports as `TIFFTAG_*` items of the default metadata domain,
    /// formatted as GDAL formats them.
    static func baselineTagItems(_ handle: TIFFHandle) -> [String: String] {
        var items: [String: String] = [:]
        let textTags: [(UInt32, String)] = [
            (269, "TIFFTAG_DOCUMENTNAME"), (270, "TIFFTAG_IMAGEDESCRIPTION"), (305, "TIFFTAG_SOFTWARE"),
            (306, "TIFFTAG_DATETIME"), (315, "TIFFTAG_ARTIST"), (316, "TIFFTAG_HOSTCOMPUTER"), (33432, "TIFFTAG_COPYRIGHT"),
        ]
        for (tag, name) in textTags {
            if let text = handle.string(tag) { items[name] = text }
        }
        if let x = handle.float(282) { items["TIFFTAG_XRESOLUTION"] = String(format: "%.8g", Double(x)) }
        if let y = handle.float(283) { items["TIFFTAG_YRESOLUTION"] = String(format: "%.8g", Double(y)) }
        if let unit = handle.u16(296) {
            switch unit {
            case 1: items["TIFFTAG_RESOLUTIONUNIT"] = "1 (unitless)"
            case 2: items["TIFFTAG_RESOLUTIONUNIT"] = "2 (pixels/inch)"
            case 3: items["TIFFTAG_RESOLUTIONUNIT"] = "3 (pixels/cm)"
            default: items["TIFFTAG_RESOLUTIONUNIT"] = String(unit)
            }
        }
        if let minimum = handle.u16(280) { items["TIFFTAG_MINSAMPLEVALUE"] = String(minimum) }
        if let maximum = handle.u16(281) { items["TIFFTAG_MAXSAMPLEVALUE"] = String(maximum) }
        return items
    }

    /// GDAL writes the nodata value as text (`-9999`, `nan`, `inf`).
    static func parseNodata(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: "\0")))
        switch trimmed.lowercased() {
        case "nan", "-nan": return .nan
        case "inf", "+inf", "infinity": return .infinity
        case "-inf", "-infinity": return -.infinity
        default: return Double(trimmed)
        }
    }
}
