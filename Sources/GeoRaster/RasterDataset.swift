import Foundation
import SystemSupport
import Logging

/// An open GeoTIFF or Cloud-Optimised GeoTIFF, local or at an http(s) URL.
///
/// Opening reads the header and every image directory (the full-resolution image and its
/// internal overviews) and the georeferencing; pixels are read later, by window, decoding
/// only the tiles or strips the window touches, several at once.
///
/// ```swift
/// let raster = try await RasterDataset.open("/data/SIG0_VV.tif")
/// let box = try await raster.validDataBoundingBox(band: 1)
/// let pixels: [Int16] = try await raster.read(band: 1, window: box!)
/// ```
public final class RasterDataset: Sendable {
    /// The path or URL the raster was opened from.
    public let location: String
    /// Whether the raster is read over HTTP.
    public let isRemote: Bool
    /// The full-resolution image (level 0) followed by the internal overviews, largest first.
    public let levels: [RasterLevel]
    /// Number of bands (TIFF `SamplesPerPixel`).
    public let bandCount: Int
    /// The pixel type, the same for every band.
    public let dataType: RasterDataType
    /// Per-band nodata, scale/offset and band metadata, `bands[0]` being band 1.
    public let bands: [RasterBandInfo]
    /// Whether bands are stored in separate planes (`PlanarConfiguration` 2) rather than pixel-interleaved.
    public let isBandInterleaved: Bool
    /// Whether the file is a BigTIFF (64-bit offsets).
    public let isBigTIFF: Bool
    /// The affine pixel-to-CRS transform, nil when the file has none.
    public let geoTransform: GeoTransform?
    /// The CRS from the GeoKeys, nil when the file has no GeoKeyDirectory.
    public let crs: CoordinateReferenceSystem?
    /// Whether the GeoKeys say PixelIsPoint (GDAL's `AREA_OR_POINT=Point`); ``geoTransform`` is already shifted to corners.
    public let isPixelIsPoint: Bool
    /// Dataset-level GDAL metadata items of the default domain (e.g. `abs_orbit_number`, `sensing_date`).
    public let metadata: [String: String]
    /// GDAL metadata items of named domains, by domain.
    public let metadataDomains: [String: [String: String]]

    let directories: [ImageDirectory]
    let pool: TIFFHandlePool
    let options: RasterOpenOptions
    /// Straddling blocks of earlier window reads (nil: `edgeBlockCacheCapacity` is 0).
    let edgeBlocks: EdgeBlockCache?

    // MARK: Convenience

    /// Width of the full-resolution image in pixels.
    public var width: Int { levels[0].width }
    /// Height of the full-resolution image in pixels.
    public var height: Int { levels[0].height }
    /// Block (tile or strip) width of the full-resolution image.
    public var blockWidth: Int { levels[0].blockWidth }
    /// Block (tile or strip) height of the full-resolution image.
    public var blockHeight: Int { levels[0].blockHeight }
    /// Compression of the full-resolution image.
    public var compression: TIFFCompression { levels[0].compression }
    /// GDAL's name for the compression of the full-resolution image (`DEFLATE`, `LERC_ZSTD`, …).
    public var compressionName: String { levels[0].compressionName }
    /// The internal overviews, largest first (overview 0 is `levels[1]`).
    public var overviews: ArraySlice<RasterLevel> { levels.dropFirst() }
    /// The nodata value of band 1 (GeoTIFF stores one nodata value for all bands).
    public var nodata: Double? { bands.first?.nodata }
    /// The EPSG code of the CRS: the one the file names, else the registered CRS its
    /// user-defined keys match (``CoordinateReferenceSystem/matchingEPSG``, e.g. 27704 for an
    /// Equi7 Europe tile), as rasterio's `crs.to_epsg()` reports.
    public var epsg: Int? { crs?.epsg ?? crs?.matchingEPSG }
    /// The `abs_orbit_number` metadata item as an integer (Sentinel-1 products).
    public var absoluteOrbitNumber: Int? { metadata["abs_orbit_number"].flatMap { Int($0.trimmingCharacters(in: .whitespaces)) } }
    /// The `rel_orbit_number` metadata item as an integer (Sentinel-1 products).
    public var relativeOrbitNumber: Int? { metadata["rel_orbit_number"].flatMap { Int($0.trimmingCharacters(in: .whitespaces)) } }
    /// The `sensing_date` metadata item, as written in the file.
    public var sensingDate: String? { metadata["sensing_date"] }

    // MARK: Opening

    /// The lower-cased scheme of `scheme://…`, or `nil` for a plain path.
    static func urlScheme(of location: String) -> String? {
        guard let separator = location.range(of: "://") else { return nil }
        let scheme = location[..<separator.lowerBound]
        guard let first = scheme.first, first.isASCII, first.isLetter,
              scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == ".") }) else { return nil }
        return scheme.lowercased()
    }

    /// Opens a local path, an `http://` / `https://` URL or an `s3://bucket/key` object
    /// (signed with the AWS environment's credentials), without blocking the caller's thread.
    public static func open(_ location: String, options: RasterOpenOptions = .init(), logger: Logger? = nil) async throws(GeoRasterError) -> RasterDataset {
        try await BlockingPool.shared.run(cancelled: GeoRasterError.cancelled(location: location)) { () throws(GeoRasterError) in
            try openBlocking(location, options: options, logger: logger)
        }
    }

    /// Opens a local path or URL on the calling thread (for synchronous code and benchmarks).
    public static func openBlocking(_ location: String, options: RasterOpenOptions = .init(), logger: Logger? = nil) throws(GeoRasterError) -> RasterDataset {
        let logger = logger ?? Logger(label: "eocube.georaster")
        let source: ByteSource
        let scheme = RasterDataset.urlScheme(of: location)
        if let scheme, ["http", "https", "s3"].contains(scheme) {
            source = try HTTPByteSource(fetcher: makeRangeFetcher(url: location, options: options, logger: logger),
                                        options: options, logger: logger)
        } else if let scheme, scheme != "file" {
            // Not a file named 'gs:': say which scheme is unsupported.
            throw .cannotOpen(location: location, reason: "the URL scheme '\(scheme)://' is not supported; use a local path, file://, http(s):// or s3://")
        } else {
            let path = location.hasPrefix("file://") ? String(location.dropFirst(7)) : location
            source = try LocalFileSource(path: path)
        }
        return try RasterDataset(source: source, options: options, logger: logger)
    }

    init(source: ByteSource, options: RasterOpenOptions, logger: Logger) throws(GeoRasterError) {
        let pool = TIFFHandlePool(source: source, options: options, logger: logger)
        let location = source.location
        let header = try pool.withHandle(on: nil) { (handle) throws(GeoRasterError) -> DatasetHeader in
            try DatasetHeader.read(from: handle, options: options)
        }
        self.location = location
        self.isRemote = source is HTTPByteSource
        self.pool = pool
        self.options = options
        self.edgeBlocks = options.edgeBlockCacheCapacity > 0 ? EdgeBlockCache(capacity: options.edgeBlockCacheCapacity) : nil
        self.directories = header.directories
        self.levels = header.directories.map(\.level)
        self.bandCount = header.directories[0].samplesPerPixel
        self.dataType = header.directories[0].dataType
        self.isBandInterleaved = header.directories[0].isBandInterleaved
        self.isBigTIFF = header.isBigTIFF
        self.geoTransform = header.geoTransform
        self.crs = header.crs
        self.isPixelIsPoint = header.isPixelIsPoint
        self.metadata = header.metadata
        self.metadataDomains = header.metadataDomains
        self.bands = header.bands
    }
}
