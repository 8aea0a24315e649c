/// The coordinate reference system of a cube: an EPSG code and its OGC WKT2 text.
public struct CubeCRS: Sendable, Hashable {
    /// The EPSG code, e.g. 27704.
    public var epsg: Int
    /// The CRS as WKT2, stored in `spatial_ref`'s `crs_wkt` for xarray/rioxarray/GDAL.
    public var wkt2: String

    /// A CRS from an EPSG code and its WKT2.
    public init(epsg: Int, wkt2: String) {
        self.epsg = epsg
        self.wkt2 = wkt2
    }

    /// The projection of an Equi7Grid continent.
    public init(_ continent: Equi7Continent) {
        self.init(epsg: continent.epsg, wkt2: continent.wkt2)
    }
}
