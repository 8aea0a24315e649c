import Foundation

/// WKT2 (ISO 19162:2019) text of the CRS, rebuilt from the GeoKeys.
extension CoordinateReferenceSystem {
    /// The CRS as WKT2, or nil when it cannot be rebuilt without an EPSG database.
    ///
    /// Covered: EPSG:4326, and user-defined projected CRSs (GeoKey 3072 = 32767, such as the
    /// Equi7Grid tiles of Sentinel-1 SIG0) on a WGS 84 datum or an ellipsoid given by its EPSG
    /// code or axes, using Azimuthal Equidistant, Lambert Azimuthal Equal Area, Transverse
    /// Mercator, Lambert Conic Conformal (2SP) or Albers Equal Area. For other registered CRSs
    /// use ``epsg`` (e.g. with PROJ); the result agrees with GDAL's reading of the same keys.
    public var wkt2: String? {
        if epsg == 4326 { return WKT2.geographic(WKT2.Datum.wgs84, name: "WGS 84", epsg: 4326) }
        guard modelType == .projected, epsg == nil, let method = WKT2.Method(code: key(.coordinateTransformation)) else { return nil }
        guard let datum = WKT2.Datum(keys: self) else { return nil }
        guard key(GeoKey.ID(rawValue: 3076)).map({ if case .short(9001) = $0 { true } else { false } }) ?? true else { return nil }
        var parameters: [String] = []
        for parameter in method.parameters {
            guard let value = parameter.keys.lazy.compactMap({ self.double(GeoKey.ID(rawValue: $0)) }).first ?? parameter.defaultValue else { return nil }
            parameters.append("PARAMETER[\"\(parameter.name)\",\(WKT2.number(value)),\(parameter.epsg == 8805 ? WKT2.unity : (parameter.isAngle ? WKT2.degree : WKT2.metre)),ID[\"EPSG\",\(parameter.epsg)]]")
        }
        let name = citation ?? "unnamed"
        return "PROJCRS[\"\(WKT2.escape(name))\",BASEGEOGCRS[\"\(datum.crsName)\",\(datum.text),"
            + "PRIMEM[\"Greenwich\",0,\(WKT2.degree)]],"
            + "CONVERSION[\"unnamed\",METHOD[\"\(method.name)\",ID[\"EPSG\",\(method.epsg)]],\(parameters.joined(separator: ","))],"
            + "CS[Cartesian,2],AXIS[\"easting\",east,ORDER[1],\(WKT2.metre)],AXIS[\"northing\",north,ORDER[2],\(WKT2.metre)]]"
    }

    func double(_ id: GeoKey.ID) -> Double? {
        switch key(id) {
        case .doubles(let values): values.first
        case .short(let value): Double(value)
        default: nil
        }
    }
}

/// Building blocks of the WKT2 text.
enum WKT2 {
    static let degree = "ANGLEUNIT[\"degree\",0.0174532925199433]"
    static let metre = "LENGTHUNIT[\"metre\",1]"
    static let unity = "SCALEUNIT[\"unity\",1]"

    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
    }

    static func escape(_ text: String) -> String { text.replacingOccurrences(of: "\"", with: "\"\"") }

    static func geographic(_ datum: Datum, name: String, epsg: Int) -> String {
        "GEOGCRS[\"\(name)\",\(datum.text),PRIMEM[\"Greenwich\",0,\(degree)],CS[ellipsoidal,2],"
            + "AXIS[\"geodetic latitude (Lat)\",north,ORDER[1],\(degree)],AXIS[\"geodetic longitude (Lon)\",east,ORDER[2],\(degree)],"
            + "ID[\"EPSG\",\(epsg)]]"
    }

    struct Datum {
        var crsName: String
        var text: String

        static let wgs84 = Datum(crsName: "WGS 84", text: "DATUM[\"World Geodetic System 1984\",ELLIPSOID[\"WGS 84\",6378137,298.257223563,\(metre)],ID[\"EPSG\",6326]]")

        /// EPSG ellipsoids GDAL writes by code: (name, semi-major axis, inverse flattening).
        static let ellipsoids: [UInt16: (String, Double, Double)] = [
            7030: ("WGS 84", 6378137, 298.257223563),
            7019: ("GRS 1980", 6378137, 298.257222101),
            7022: ("International 1924", 6378388, 297),
            7004: ("Bessel 1841", 6377397.155, 299.1528128),
        ]

        init(crsName: String, text: String) {
            self.crsName = crsName
            self.text = text
        }

        init?(keys: CoordinateReferenceSystem) {
            let geographic = keys.key(.geographicType)
            let datum = keys.key(GeoKey.ID(rawValue: 2050))
            if geographic == .short(4326) || (geographic == .short(32767) && datum == .short(6326)) {
                self = .wgs84
                return
            }
            guard geographic == .short(32767) || geographic == nil else { return nil }
            if case .short(let code)? = keys.key(GeoKey.ID(rawValue: 2056)), let known = Self.ellipsoids[code] {
                self.init(crsName: "unknown", text: "DATUM[\"unknown\",ELLIPSOID[\"\(known.0)\",\(WKT2.number(known.1)),\(WKT2.number(known.2)),\(metre)]]")
                return
            }
            guard let a = keys.double(GeoKey.ID(rawValue: 2057)), let inverseFlattening = keys.double(GeoKey.ID(rawValue: 2059)) else { return nil }
            self.init(crsName: "unknown", text: "DATUM[\"unknown\",ELLIPSOID[\"unknown\",\(WKT2.number(a)),\(WKT2.number(inverseFlattening)),\(metre)]]")
        }
    }

    struct Parameter {
        var name: String
        var epsg: Int
        /// GeoKeys that may hold the value, in order of preference.
        var keys: [UInt16]
        var isAngle: Bool
        var defaultValue: Double? = nil
    }

    struct Method {
        var name: String
        var epsg: Int
        var parameters: [Parameter]

        static let falseEasting = Parameter(name: "False easting", epsg: 8806, keys: [3082, 3090], isAngle: false, defaultValue: 0)
        static let falseNorthing = Parameter(name: "False northing", epsg: 8807, keys: [3083, 3091], isAngle: false, defaultValue: 0)
        static let centreLatitude = Parameter(name: "Latitude of natural origin", epsg: 8801, keys: [3089, 3081], isAngle: true, defaultValue: 0)
        static let centreLongitude = Parameter(name: "Longitude of natural origin", epsg: 8802, keys: [3088, 3080], isAngle: true, defaultValue: 0)
        static let conicParameters = [
            Parameter(name: "Latitude of false origin", epsg: 8821, keys: [3085, 3081], isAngle: true, defaultValue: 0),
            Parameter(name: "Longitude of false origin", epsg: 8822, keys: [3084, 3080], isAngle: true, defaultValue: 0),
            Parameter(name: "Latitude of 1st standard parallel", epsg: 8823, keys: [3078], isAngle: true),
            Parameter(name: "Latitude of 2nd standard parallel", epsg: 8824, keys: [3079], isAngle: true),
            Parameter(name: "Easting at false origin", epsg: 8826, keys: [3086, 3082], isAngle: false, defaultValue: 0),
            Parameter(name: "Northing at false origin", epsg: 8827, keys: [3087, 3083], isAngle: false, defaultValue: 0),
        ]

        /// GeoTIFF `ProjCoordTransGeoKey` codes.
        init?(code: GeoKey.Value?) {
            guard case .short(let value)? = code else { return nil }
            switch value {
            case 12: self.init(name: "Azimuthal Equidistant", epsg: 1125, parameters: [Self.centreLatitude, Self.centreLongitude, Self.falseEasting, Self.falseNorthing])
            case 10: self.init(name: "Lambert Azimuthal Equal Area", epsg: 9820, parameters: [Self.centreLatitude, Self.centreLongitude, Self.falseEasting, Self.falseNorthing])
            case 1: self.init(name: "Transverse Mercator", epsg: 9807, parameters: [
                Parameter(name: "Latitude of natural origin", epsg: 8801, keys: [3081], isAngle: true, defaultValue: 0),
                Parameter(name: "Longitude of natural origin", epsg: 8802, keys: [3080], isAngle: true, defaultValue: 0),
                Parameter(name: "Scale factor at natural origin", epsg: 8805, keys: [3092], isAngle: false, defaultValue: 1),
                Self.falseEasting, Self.falseNorthing])
            case 8: self.init(name: "Lambert Conic Conformal (2SP)", epsg: 9802, parameters: Self.conicParameters)
            case 11: self.init(name: "Albers Equal Area", epsg: 9822, parameters: Self.conicParameters)
            default: return nil
            }
        }

        init(name: String, epsg: Int, parameters: [Parameter]) {
            self.name = name
            self.epsg = epsg
            self.parameters = parameters
        }
    }
}
