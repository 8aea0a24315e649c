import Foundation

/// The ellipsoidal Azimuthal Equidistant projection of an Equi7Grid continent: longitude and
/// latitude (WGS 84, degrees) to the continent's easting and northing (metres).
///
/// A point's easting and northing are its geodesic distance from the projection's origin along
/// the geodesic's starting azimuth, plus the false easting and northing: what PROJ computes for
/// `+proj=aeqd` on an ellipsoid. The geodesic comes from Vincenty's inverse formula, within a
/// millimetre of PROJ's over a continent (tested against pyproj).
struct AzimuthalEquidistant: Sendable, Hashable {
    /// Latitude of the origin in degrees.
    var originLatitude: Double
    /// Longitude of the origin in degrees.
    var originLongitude: Double
    /// Easting of the origin in metres.
    var falseEasting: Double
    /// Northing of the origin in metres.
    var falseNorthing: Double

    /// The projection of an Equi7Grid continent (the parameters of its EPSG definition).
    init(_ continent: Equi7Continent) {
        switch continent {
        case .africa: (originLatitude, originLongitude, falseEasting, falseNorthing) = (8.5, 21.5, 5_621_452.02, 5_990_638.423)
        case .antarctica: (originLatitude, originLongitude, falseEasting, falseNorthing) = (-90, 0, 3_714_266.977, 3_402_016.506)
        case .asia: (originLatitude, originLongitude, falseEasting, falseNorthing) = (47, 94, 4_340_913.848, 4_812_712.923)
        case .europe: (originLatitude, originLongitude, falseEasting, falseNorthing) = (53, 24, 5_837_287.82, 2_121_415.696)
        case .northAmerica: (originLatitude, originLongitude, falseEasting, falseNorthing) = (52, -97.5, 8_264_722.177, 4_867_518.353)
        case .oceania: (originLatitude, originLongitude, falseEasting, falseNorthing) = (-19.5, 131.5, 6_988_408.536, 7_654_884.537)
        case .southAmerica: (originLatitude, originLongitude, falseEasting, falseNorthing) = (-14, -60.5, 7_257_179.236, 5_592_024.446)
        }
    }

    /// Easting and northing of a point; nil for a latitude outside ±90° or a point the geodesic
    /// iteration cannot reach (nearly antipodal to the origin, far outside any continent).
    func project(longitude: Double, latitude: Double) -> (x: Double, y: Double)? {
        guard longitude.isFinite, latitude.isFinite, abs(latitude) <= 90,
              let (distance, azimuth) = Self.geodesic(from: (originLatitude, originLongitude), to: (latitude, longitude)) else { return nil }
        return (falseEasting + distance * sin(azimuth), falseNorthing + distance * cos(azimuth))
    }

    /// Longitude and latitude (degrees) of an easting and northing: the end of the geodesic that
    /// leaves the origin along the point's azimuth for its distance (Vincenty's direct formula).
    func unproject(x: Double, y: Double) -> (longitude: Double, latitude: Double)? {
        let dx = x - falseEasting, dy = y - falseNorthing
        guard dx.isFinite, dy.isFinite else { return nil }
        let distance = (dx * dx + dy * dy).squareRoot()
        guard distance > 0 else { return (originLongitude, originLatitude) }
        return Self.destination(from: (originLatitude, originLongitude), azimuth: atan2(dx, dy), distance: distance)
    }

    /// The end (longitude, latitude in degrees) of the geodesic from `start` (degrees) along
    /// `azimuth` (radians from north) for `distance` metres.
    private static func destination(from start: (Double, Double), azimuth: Double, distance: Double) -> (Double, Double)? {
        let radians = Double.pi / 180
        let (sinAlpha1, cosAlpha1) = (sin(azimuth), cos(azimuth))
        let tanU1 = (1 - f) * tan(start.0 * radians)
        let cosU1 = 1 / (1 + tanU1 * tanU1).squareRoot(), sinU1 = tanU1 * cosU1
        let sigma1 = atan2(tanU1, cosAlpha1)
        let sinAlpha = cosU1 * sinAlpha1
        let cos2Alpha = 1 - sinAlpha * sinAlpha
        let uSquared = cos2Alpha * (a * a - b * b) / (b * b)
        let bigA = 1 + uSquared / 16384 * (4096 + uSquared * (-768 + uSquared * (320 - 175 * uSquared)))
        let bigB = uSquared / 1024 * (256 + uSquared * (-128 + uSquared * (74 - 47 * uSquared)))
        var sigma = distance / (b * bigA)
        var cos2SigmaM = 0.0, sinSigma = 0.0, cosSigma = 0.0
        for _ in 0..<200 {
            cos2SigmaM = cos(2 * sigma1 + sigma)
            sinSigma = sin(sigma)
            cosSigma = cos(sigma)
            let deltaSigma = bigB * sinSigma * (cos2SigmaM + bigB / 4 * (cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)
                - bigB / 6 * cos2SigmaM * (-3 + 4 * sinSigma * sinSigma) * (-3 + 4 * cos2SigmaM * cos2SigmaM)))
            let previous = sigma
            sigma = distance / (b * bigA) + deltaSigma
            if abs(sigma - previous) < 1e-12 {
                sinSigma = sin(sigma)
                cosSigma = cos(sigma)
                cos2SigmaM = cos(2 * sigma1 + sigma)
                let t = sinU1 * sinSigma - cosU1 * cosSigma * cosAlpha1
                let latitude = atan2(sinU1 * cosSigma + cosU1 * sinSigma * cosAlpha1, (1 - f) * (sinAlpha * sinAlpha + t * t).squareRoot())
                let lambda = atan2(sinSigma * sinAlpha1, cosU1 * cosSigma - sinU1 * sinSigma * cosAlpha1)
                let c = f / 16 * cos2Alpha * (4 + f * (4 - 3 * cos2Alpha))
                let l = lambda - (1 - c) * f * sinAlpha * (sigma + c * sinSigma * (cos2SigmaM + c * cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)))
                var longitude = start.1 + l / radians
                longitude = (longitude + 540).truncatingRemainder(dividingBy: 360) - 180
                return (longitude, latitude / radians)
            }
        }
        return nil
    }

    /// WGS 84.
    private static let a = 6_378_137.0, f = 1 / 298.257223563, b = a * (1 - f)

    /// Distance (metres) and starting azimuth (radians from north) of the geodesic between two
    /// points given in degrees (Vincenty's inverse formula).
    private static func geodesic(from p1: (Double, Double), to p2: (Double, Double)) -> (Double, Double)? {
        let radians = Double.pi / 180
        let l = (p2.1 - p1.1) * radians
        let u1 = atan((1 - f) * tan(p1.0 * radians)), u2 = atan((1 - f) * tan(p2.0 * radians))
        let (sinU1, cosU1, sinU2, cosU2) = (sin(u1), cos(u1), sin(u2), cos(u2))
        var lambda = l
        var sinSigma = 0.0, cosSigma = 0.0, sigma = 0.0, cos2Alpha = 0.0, cos2SigmaM = 0.0
        for _ in 0..<200 {
            let (sinLambda, cosLambda) = (sin(lambda), cos(lambda))
            sinSigma = ((cosU2 * sinLambda) * (cosU2 * sinLambda)
                        + (cosU1 * sinU2 - sinU1 * cosU2 * cosLambda) * (cosU1 * sinU2 - sinU1 * cosU2 * cosLambda)).squareRoot()
            guard sinSigma != 0 else { return (0, 0) } // the origin itself
            cosSigma = sinU1 * sinU2 + cosU1 * cosU2 * cosLambda
            sigma = atan2(sinSigma, cosSigma)
            let sinAlpha = cosU1 * cosU2 * sinLambda / sinSigma
            cos2Alpha = 1 - sinAlpha * sinAlpha
            cos2SigmaM = cos2Alpha != 0 ? cosSigma - 2 * sinU1 * sinU2 / cos2Alpha : 0
            let c = f / 16 * cos2Alpha * (4 + f * (4 - 3 * cos2Alpha))
            let previous = lambda
            lambda = l + (1 - c) * f * sinAlpha * (sigma + c * sinSigma * (cos2SigmaM + c * cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)))
            if abs(lambda - previous) < 1e-12 {
                let uSquared = cos2Alpha * (a * a - b * b) / (b * b)
                let bigA = 1 + uSquared / 16384 * (4096 + uSquared * (-768 + uSquared * (320 - 175 * uSquared)))
                let bigB = uSquared / 1024 * (256 + uSquared * (-128 + uSquared * (74 - 47 * uSquared)))
                let deltaSigma = bigB * sinSigma * (cos2SigmaM + bigB / 4 * (cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)
                    - bigB / 6 * cos2SigmaM * (-3 + 4 * sinSigma * sinSigma) * (-3 + 4 * cos2SigmaM * cos2SigmaM)))
                let azimuth = atan2(cosU2 * sin(lambda), cosU1 * sinU2 - sinU1 * cosU2 * cos(lambda))
                return (b * bigA * (sigma - deltaSigma), azimuth)
            }
        }
        return nil
    }
}
