import GeoRaster

/// The element type of a band: the source raster's data type, kept as is in the cube.
///
/// The same type as GeoRaster's ``GeoRaster/RasterDataType`` (the cube stores samples unconverted),
/// so a raster's type needs no mapping.
typealias CubeSampleType = RasterDataType
