import Foundation
import ZarrStore

extension CubeReader {
    /// The STAC extensions the cube's Collection uses.
    static let collectionExtensions = [
        "https://stac-extensions.github.io/datacube/v2.2.0/schema.json",
        "https://stac-extensions.github.io/projection/v2.0.0/schema.json",
        "https://stac-extensions.github.io/xarray-assets/v1.0.0/schema.json",
    ]

    /// A STAC Collection describing the cube: the datacube extension (`cube:dimensions` with the
    /// time origin, step and extent and x/y with their reference system; `cube:variables` for each
    /// band and the provenance arrays, with units and nodata), the projection extension (code,
    /// WKT2, transform, shape on the asset), the store as a Zarr asset (`application/vnd+zarr`,
    /// with the group in `xarray:open_kwargs`) and `derived_from` links to the source catalogs.
    ///
    /// - Parameters:
    ///   - id: the Collection's id.
    ///   - storeHref: the store's href as the Collection should name it (relative to where the
    ///     Collection is written, or absolute).
    ///   - derivedFrom: the STAC sources the cube was built from (search URLs or catalog files).
    public func stacCollection(id: String, storeHref: String, derivedFrom: [String] = []) -> JSONValue {
        func number(_ value: Double) -> JSONValue { value.rounded() == value && abs(value) < 1e15 ? .int(Int64(value)) : .double(value) }
        let maxX = grid.minX + Double(grid.width) * grid.pixelSize, minY = grid.maxY - Double(grid.height) * grid.pixelSize
        // The days with data (every day of a time chunk holding any), or the whole axis.
        let filled = daysWithData() ?? []
        let days = filled.first.map { $0.index...(filled.last?.index ?? $0.index) } ?? 0...max(0, timeLength - 1)
        let start = DaySlot(index: days.lowerBound).startDate, end = DaySlot(index: days.upperBound + 1).startDate.addingTimeInterval(-1)
        let interval: JSONValue = .array([.string(start.formatted(.iso8601)), .string(end.formatted(.iso8601))])
        var variables: JSONObject = [:]
        for band in bands {
            var variable: JSONObject = ["dimensions": ["time", "y", "x"], "type": "data"]
            if let units = attributes(of: band)["units"] { variable["unit"] = units }
            if let fill = decodings[band]?.fill { variable["nodata"] = fill.isNaN ? "nan" : number(fill) }
            if let scale = attributes(of: band)["scale_factor"] { variable["scale_factor"] = scale }
            variable["description"] = .string("\(band) as the source assets hold it; decode with scale_factor / add_offset")
            variables[band] = .object(variable)
        }
        variables["sensing_date"] = .object(["dimensions": ["time", "y", "x"], "type": "auxiliary", "unit": "s", "nodata": -9999,
                                             "description": "acquisition time of the pixel's data, seconds since 2014-10-01T00:00:00Z"])
        variables["absolute_orbit_number"] = .object(["dimensions": ["time", "y", "x"], "type": "auxiliary", "nodata": -9999,
                                                      "description": "absolute orbit of the acquisition that filled the pixel"])
        variables["relative_orbit_number"] = .object(["dimensions": ["time", "y", "x"], "type": "auxiliary", "nodata": -9999,
                                                      "description": "relative orbit of the acquisition that filled the pixel"])
        let projection: JSONObject = [
            "proj:code": .string("EPSG:\(grid.crs.epsg)"), "proj:wkt2": .string(grid.crs.wkt2),
            "proj:transform": .array([grid.pixelSize, 0, grid.minX, 0, -grid.pixelSize, grid.maxY].map(number)),
            "proj:shape": .array([grid.height, grid.width].map { .int(Int64($0)) }),
            "proj:bbox": .array([grid.minX, minY, maxX, grid.maxY].map(number)),
        ]
        var asset: JSONObject = ["href": .string(storeHref), "type": "application/vnd+zarr", "title": .string("Zarr v3 store, group \(groupPath)"),
                                 "roles": ["data"]]
        asset.merge(projection) { mine, _ in mine }
        asset["xarray:open_kwargs"] = .object(["engine": "zarr", "group": .string(groupPath), "consolidated": true])
        var collection: JSONObject = [
            "type": "Collection", "stac_version": "1.1.0",
            "stac_extensions": .array(Self.collectionExtensions.map { .string($0) }),
            "id": .string(id),
            "title": .string("Data cube \(groupPath)"),
            "description": .string("Day-slotted, fill-only merged data cube (CUBE_LAYOUT.md) of \(bands.joined(separator: ", ")) on EPSG:\(grid.crs.epsg), \(grid.pixelSize) m pixels, built by EOCube."),
            "license": "other",
            "extent": .object(["spatial": .object(["bbox": .array([.array(lonLatBoundingBox().map { .double($0) })])]),
                               "temporal": .object(["interval": .array([interval])])]),
            "cube:dimensions": .object([
                "time": .object(["type": "temporal", "extent": interval, "step": "P1D",
                                 "description": "day slots counted from 2014-10-01 (time[i] == i days since 2014-10-01)"]),
                "y": .object(["type": "spatial", "axis": "y", "extent": .array([number(minY), number(grid.maxY)]),
                              "step": number(-grid.pixelSize), "reference_system": .int(Int64(grid.crs.epsg))]),
                "x": .object(["type": "spatial", "axis": "x", "extent": .array([number(grid.minX), number(maxX)]),
                              "step": number(grid.pixelSize), "reference_system": .int(Int64(grid.crs.epsg))]),
            ]),
            "cube:variables": .object(variables),
            "summaries": .object(["proj:code": .array([.string("EPSG:\(grid.crs.epsg)")])]),
        ]
        collection["links"] = .array(derivedFrom.map { .object(["rel": "derived_from", "href": .string($0), "type": "application/json",
                                                                 "title": "STAC source the cube was built from"]) })
        collection["assets"] = .object(["zarr": .object(asset)])
        return .object(collection)
    }

    /// The cube's footprint as longitude/latitude bounds (west, south, east, north), from 64
    /// points along each edge; the whole world when the CRS is not an Equi7 projection.
    func lonLatBoundingBox() -> [Double] {
        guard let continent = Equi7Continent(epsg: grid.crs.epsg) else { return [-180, -90, 180, 90] }
        let projection = AzimuthalEquidistant(continent)
        let maxX = grid.minX + Double(grid.width) * grid.pixelSize, minY = grid.maxY - Double(grid.height) * grid.pixelSize
        var lons: [Double] = [], lats: [Double] = []
        for i in 0...64 {
            let t = Double(i) / 64
            let x = grid.minX + t * (maxX - grid.minX), y = minY + t * (grid.maxY - minY)
            for (px, py) in [(x, minY), (x, grid.maxY), (grid.minX, y), (maxX, y)] {
                guard let point = projection.unproject(x: px, y: py) else { continue }
                lons.append(point.longitude)
                lats.append(point.latitude)
            }
        }
        guard let west = lons.min(), let east = lons.max(), let south = lats.min(), let north = lats.max() else { return [-180, -90, 180, 90] }
        return [west, south, east, north]
    }
}
