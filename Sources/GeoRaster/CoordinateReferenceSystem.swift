/// The coordinate reference system of a GeoTIFF, as its GeoKeys describe it.
///
/// When the CRS is a registered one, ``epsg`` holds its EPSG code (projected if the model is
/// projected, else geographic) — what GDAL reports for such files. User-defined CRSs
/// (code 32767) keep every key in ``geoKeys`` so a caller can rebuild them.
public struct CoordinateReferenceSystem: Sendable, Hashable, Codable {
    /// How the model space is defined (`GTModelTypeGeoKey`).
    public enum ModelType: String, Sendable, Hashable, Codable {
        /// Projected (map) coordinates.
        case projected
        /// Geographic (latitude/longitude) coordinates.
        case geographic
        /// Earth-centred Cartesian coordinates.
        case geocentric
        /// Key missing or unknown value.
        case unknown
    }

    /// Projected, geographic or geocentric.
    public var modelType: ModelType
    /// The EPSG code of the CRS, nil when user-defined or absent.
    public var epsg: Int?
    /// The citation text (`GTCitationGeoKey`, else `PCSCitationGeoKey` / `GeogCitationGeoKey`).
    public var citation: String?
    /// Every GeoKey of the file, in directory order.
    public var geoKeys: [GeoKey]

    /// A CRS from its parts.
    public init(modelType: ModelType, epsg: Int?, citation: String?, geoKeys: [GeoKey]) {
        self.modelType = modelType
        self.epsg = epsg
        self.citation = citation
        self.geoKeys = geoKeys
    }

    /// The value of one key, if present.
    public func key(_ id: GeoKey.ID) -> GeoKey.Value? { geoKeys.first { $0.id == id }?.value }

    /// Whether the CRS is defined by keys rather than an EPSG code.
    public var isUserDefined: Bool { epsg == nil && !geoKeys.isEmpty }

    /// `EPSG:<code>` when the CRS has an EPSG code.
    public var authorityString: String? { epsg.map { "EPSG:\($0)" } }
}
