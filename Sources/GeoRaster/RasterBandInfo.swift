/// What the file says about one band: nodata, scale/offset and GDAL band metadata.
public struct RasterBandInfo: Sendable, Hashable, Codable {
    /// The band number, starting at 1 as in GDAL and rasterio.
    public var index: Int
    /// The nodata value (GDAL_NODATA tag, shared by all bands in a GeoTIFF) as the band's type holds
    /// it, as GDAL reports it (float32 rounded; nil when unset or outside an integer type's range).
    public var nodata: Double?
    /// The scale factor from GDAL_METADATA (`role="scale"`), nil when absent (meaning 1).
    public var scale: Double?
    /// The offset from GDAL_METADATA (`role="offset"`), nil when absent (meaning 0).
    public var offset: Double?
    /// The band description (`role="description"`), if any.
    public var description: String?
    /// Other band-level GDAL metadata items (default domain), e.g. `polarisation`.
    public var metadata: [String: String]

    /// A band description from its parts.
    public init(index: Int, nodata: Double?, scale: Double?, offset: Double?, description: String?, metadata: [String: String]) {
        self.index = index
        self.nodata = nodata
        self.scale = scale
        self.offset = offset
        self.description = description
        self.metadata = metadata
    }
}
