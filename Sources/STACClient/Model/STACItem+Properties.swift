import Foundation

// Typed accessors for the item properties EOCube relies on. Each returns `nil` when the
// property is absent or has an unexpected type; the raw JSON stays in `properties`.

// MARK: - Time

extension STACItem {
    /// `datetime`, the nominal acquisition time (`nil` when the item only has a range).
    public var datetime: Date? { properties["datetime"]?.stringValue.flatMap(RFC3339.parse) }
    /// `start_datetime`, the start of the acquisition range.
    public var startDatetime: Date? { properties["start_datetime"]?.stringValue.flatMap(RFC3339.parse) }
    /// `end_datetime`, the end of the acquisition range.
    public var endDatetime: Date? { properties["end_datetime"]?.stringValue.flatMap(RFC3339.parse) }
    /// The time span the item covers: `start_datetime…end_datetime` when given, else `datetime…datetime`.
    public var timeRange: ClosedRange<Date>? {
        if let s = startDatetime, let e = endDatetime, s <= e { return s...e }
        if let d = datetime { return d...d }
        return nil
    }
}

// MARK: - Common metadata

extension STACItem {
    /// `gsd`, the ground sample distance in metres.
    public var gsd: Double? { properties["gsd"]?.doubleValue }
    /// The property `key` (for custom properties such as `Equi7_TileID`).
    public subscript(property key: String) -> JSONValue? { properties[key] }
    /// The property `key` when it is a string (e.g. `item.string("Equi7_TileID")`).
    public func string(_ key: String) -> String? { properties[key]?.stringValue }
    /// The property `key` when it is an integral number.
    public func int(_ key: String) -> Int? { properties[key]?.intValue }
    /// The property `key` when it is a number.
    public func double(_ key: String) -> Double? { properties[key]?.doubleValue }
}

// MARK: - Projection extension

extension STACItem {
    /// The CRS code, e.g. `EPSG:27704`: `proj:code`, or `EPSG:<proj:epsg>` for projection extension < 2.0.
    public var projCode: String? {
        if let code = properties["proj:code"]?.stringValue { return code }
        if let epsg = projEPSG { return "EPSG:\(epsg)" }
        return nil
    }
    /// The EPSG number: `proj:epsg`, or parsed from an `EPSG:` ``projCode``.
    public var projEPSG: Int? {
        if let epsg = properties["proj:epsg"]?.intValue { return epsg }
        if let code = properties["proj:code"]?.stringValue, code.uppercased().hasPrefix("EPSG:") {
            return Int(code.dropFirst(5))
        }
        return nil
    }
    /// `proj:wkt2`, the CRS as WKT2.
    public var projWKT2: String? { properties["proj:wkt2"]?.stringValue }
    /// `proj:projjson`, the CRS as PROJJSON.
    public var projJSON: JSONValue? { properties["proj:projjson"] }
    /// `proj:bbox`, the bounding box in the item's CRS.
    public var projBBox: [Double]? { properties["proj:bbox"]?.doubleArray }
    /// `proj:shape`, the raster size as `[rows, columns]`.
    public var projShape: [Int]? { properties["proj:shape"]?.arrayValue?.compactMap(\.intValue) }
    /// `proj:transform`, the affine transform coefficients (6 or 9 values).
    public var projTransform: [Double]? { properties["proj:transform"]?.doubleArray }
}

// MARK: - Satellite and SAR extensions

extension STACItem {
    /// `sat:absolute_orbit`, the absolute orbit number.
    public var satAbsoluteOrbit: Int? { properties["sat:absolute_orbit"]?.intValue }
    /// `sat:relative_orbit`, the relative orbit (track) number.
    public var satRelativeOrbit: Int? { properties["sat:relative_orbit"]?.intValue }
    /// `sat:orbit_state`: `ascending`, `descending` or `geostationary`.
    public var satOrbitState: String? { properties["sat:orbit_state"]?.stringValue }
    /// `sar:polarizations`, e.g. `["VV", "VH"]`.
    public var sarPolarizations: [String]? { properties["sar:polarizations"]?.stringArray }
    /// `platform`, e.g. `sentinel-1a`.
    public var platform: String? { properties["platform"]?.stringValue }
}
