/// One resolution level of a raster: the full-resolution image or an internal overview.
public struct RasterLevel: Sendable, Hashable, Codable {
    /// Width in pixels.
    public var width: Int
    /// Height in pixels.
    public var height: Int
    /// Width of one tile, or the image width for striped files.
    public var blockWidth: Int
    /// Height of one tile, or `RowsPerStrip` for striped files.
    public var blockHeight: Int
    /// Whether the level is tiled (else striped).
    public var isTiled: Bool
    /// The compression scheme of the level.
    public var compression: TIFFCompression
    /// The TIFF `Predictor` (1 none, 2 horizontal differencing, 3 floating point); 1 when the
    /// tag is absent or the codec takes none, as GDAL reports it.
    public var predictor: Int
    /// GDAL's name for the compression, with LERC's second stage (`LERC_DEFLATE`, `LERC_ZSTD`)
    /// from the `LercParameters` tag.
    public var compressionName: String

    /// A level from its parts (`compressionName` defaults to the scheme's name).
    public init(width: Int, height: Int, blockWidth: Int, blockHeight: Int, isTiled: Bool, compression: TIFFCompression, predictor: Int,
                compressionName: String? = nil) {
        self.compressionName = compressionName ?? compression.description
        self.width = width
        self.height = height
        self.blockWidth = blockWidth
        self.blockHeight = blockHeight
        self.isTiled = isTiled
        self.compression = compression
        self.predictor = predictor
    }

    /// The whole level as a window.
    public var fullWindow: PixelWindow { PixelWindow(x: 0, y: 0, width: width, height: height) }
    /// Number of block columns.
    public var blocksAcross: Int { (width + blockWidth - 1) / blockWidth }
    /// Number of block rows.
    public var blocksDown: Int { (height + blockHeight - 1) / blockHeight }
}
