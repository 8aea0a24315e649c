import ZarrStore

extension CubeGrid {
    /// The GeoZarr `spatial:` and `proj:` convention attributes of the grid (zarr-conventions
    /// `spatial` v1 and `geo-proj` v1), registered in `zarr_conventions`: the spatial dimensions
    /// `["y", "x"]` (as in every array's `dimension_names`), the affine transform in rasterio's
    /// order `[a, b, c, d, e, f]`, the bounding box, the shape `[height, width]`, pixel
    /// registration, the EPSG code and the WKT2 (most software does not know the Equi7 codes).
    var geoZarrAttributes: [String: JSONValue] {
        let conventions: JSONValue = .array([
            .object([
                "schema_url": "https://raw.githubusercontent.com/zarr-conventions/spatial/refs/tags/v1/schema.json",
                "spec_url": "https://github.com/zarr-conventions/spatial/blob/v1/README.md",
                "uuid": "689b58e2-cf7b-45e0-9fff-9cfc0883d6b4",
                "name": "spatial",
                "description": "Spatial coordinate information",
            ]),
            .object([
                "schema_url": "https://raw.githubusercontent.com/zarr-conventions/geo-proj/refs/tags/v1/schema.json",
                "spec_url": "https://github.com/zarr-conventions/geo-proj/blob/v1/README.md",
                "uuid": "f17cb550-5864-4468-aeb7-f3180cfb622f",
                "name": "proj:",
                "description": "Coordinate reference system information for geospatial data",
            ]),
        ])
        let maxX = minX + Double(width) * pixelSize, minY = maxY - Double(height) * pixelSize
        return [
            "zarr_conventions": conventions,
            "spatial:dimensions": ["y", "x"],
            "spatial:transform_type": "affine",
            "spatial:transform": .array([pixelSize, 0, minX, 0, -pixelSize, maxY].map { .double($0) }),
            "spatial:bbox": .array([minX, minY, maxX, maxY].map { .double($0) }),
            "spatial:shape": .array([height, width].map { .int(Int64($0)) }),
            "spatial:registration": "pixel",
            "proj:code": .string("EPSG:\(crs.epsg)"),
            "proj:wkt2": .string(crs.wkt2),
        ]
    }
}
