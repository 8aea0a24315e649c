/// One entry of the GeoTIFF GeoKeyDirectory (tag 34735), with its value resolved from the
/// directory itself, GeoDoubleParams (34736) or GeoAsciiParams (34737).
public struct GeoKey: Sendable, Hashable, Codable {
    /// A GeoKey number; the named members are the keys GDAL and this reader interpret.
    public struct ID: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
        /// The numeric key id from the GeoTIFF specification.
        public var rawValue: UInt16
        /// A key from its number.
        public init(rawValue: UInt16) { self.rawValue = rawValue }
        /// `GTModelTypeGeoKey` (1024): 1 projected, 2 geographic, 3 geocentric.
        public static let modelType = ID(rawValue: 1024)
        /// `GTRasterTypeGeoKey` (1025): 1 PixelIsArea, 2 PixelIsPoint.
        public static let rasterType = ID(rawValue: 1025)
        /// `GTCitationGeoKey` (1026): free text naming the CRS.
        public static let citation = ID(rawValue: 1026)
        /// `GeographicTypeGeoKey` (2048): EPSG code of the geographic CRS, 32767 when user-defined.
        public static let geographicType = ID(rawValue: 2048)
        /// `GeogCitationGeoKey` (2049).
        public static let geographicCitation = ID(rawValue: 2049)
        /// `ProjectedCSTypeGeoKey` (3072): EPSG code of the projected CRS, 32767 when user-defined.
        public static let projectedType = ID(rawValue: 3072)
        /// `PCSCitationGeoKey` (3073).
        public static let projectedCitation = ID(rawValue: 3073)
        /// `ProjectionGeoKey` (3074).
        public static let projection = ID(rawValue: 3074)
        /// `ProjCoordTransGeoKey` (3075): the map projection method of a user-defined CRS.
        public static let coordinateTransformation = ID(rawValue: 3075)
        /// `VerticalCSTypeGeoKey` (4096).
        public static let verticalType = ID(rawValue: 4096)
        /// The number as text.
        public var description: String { String(rawValue) }
    }

    /// A key's value: GeoKeys hold one short, doubles, or text.
    public enum Value: Sendable, Hashable, Codable {
        /// A SHORT value stored in the directory itself.
        case short(UInt16)
        /// DOUBLE values from GeoDoubleParams.
        case doubles([Double])
        /// Text from GeoAsciiParams, without the trailing `|`.
        case ascii(String)
    }

    /// Which key.
    public var id: ID
    /// Its value.
    public var value: Value

    /// A key and its value.
    public init(id: ID, value: Value) {
        self.id = id
        self.value = value
    }

    /// The value when it is a single short.
    public var shortValue: UInt16? { if case .short(let v) = value { v } else { nil } }
    /// The value when it is text.
    public var asciiValue: String? { if case .ascii(let v) = value { v } else { nil } }
}
