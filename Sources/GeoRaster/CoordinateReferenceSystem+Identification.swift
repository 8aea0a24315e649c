/// Recognising registered CRSs written as user-defined GeoKeys.
extension CoordinateReferenceSystem {
    /// The EPSG code of the registered CRS these user-defined keys describe, nil when none is
    /// recognised; nil too when the file names its EPSG code (see ``epsg``).
    ///
    /// GDAL finds such codes with PROJ's database (`rasterio`'s `crs.to_epsg()`). Without that
    /// database this recognises the Equi7Grid continents (EPSG:27701–27707, Azimuthal
    /// Equidistant on WGS 84), in which Sentinel-1 SIG0 tiles are delivered, often with the
    /// projection written out rather than coded.
    public var matchingEPSG: Int? {
        guard epsg == nil, modelType == .projected, key(.coordinateTransformation) == .short(12),
              WKT2.Datum(keys: self)?.text == WKT2.Datum.wgs84.text else { return nil }
        guard let latitude = double(GeoKey.ID(rawValue: 3089)) ?? double(GeoKey.ID(rawValue: 3081)),
              let longitude = double(GeoKey.ID(rawValue: 3088)) ?? double(GeoKey.ID(rawValue: 3080)) else { return nil }
        let easting = double(GeoKey.ID(rawValue: 3082)) ?? double(GeoKey.ID(rawValue: 3090)) ?? 0
        let northing = double(GeoKey.ID(rawValue: 3083)) ?? double(GeoKey.ID(rawValue: 3091)) ?? 0
        return Self.equi7.first { candidate in
            abs(candidate.latitude - latitude) < 1e-9 && abs(candidate.longitude - longitude) < 1e-9
                && abs(candidate.easting - easting) < 0.01 && abs(candidate.northing - northing) < 0.01
        }?.epsg
    }

    /// Equi7Grid continents as PROJ's EPSG database defines them.
    private static let equi7: [(epsg: Int, latitude: Double, longitude: Double, easting: Double, northing: Double)] = [
        (27701, 8.5, 21.5, 5621452.02, 5990638.423),       // Africa
        (27702, -90, 0, 3714266.977, 3402016.506),         // Antarctica
        (27703, 47, 94, 4340913.848, 4812712.923),         // Asia
        (27704, 53, 24, 5837287.82, 2121415.696),          // Europe
        (27705, 52, -97.5, 8264722.177, 4867518.353),      // North America
        (27706, -19.5, 131.5, 6988408.536, 7654884.537),   // Oceania
        (27707, -14, -60.5, 7257179.236, 5592024.446),     // South America
    ]
}
