/// The affine map from pixel/line to georeferenced coordinates, in GDAL's order.
///
/// `X = originX + column * pixelWidth + row * rowRotation`,
/// `Y = originY + column * columnRotation + row * pixelHeight`, where (column, row) = (0, 0) is
/// the outer corner of the top-left pixel (GDAL's "pixel is area" convention, also used for
/// files tagged PixelIsPoint, which are shifted by half a pixel as GDAL does).
public struct GeoTransform: Sendable, Hashable, Codable {
    /// X of the top-left corner.
    public var originX: Double
    /// Pixel width (GDAL `gt[1]`).
    public var pixelWidth: Double
    /// X change per row (GDAL `gt[2]`), 0 for north-up images.
    public var rowRotation: Double
    /// Y of the top-left corner.
    public var originY: Double
    /// Y change per column (GDAL `gt[4]`), 0 for north-up images.
    public var columnRotation: Double
    /// Pixel height (GDAL `gt[5]`), negative for north-up images.
    public var pixelHeight: Double

    /// A transform from its six coefficients, named.
    public init(originX: Double, pixelWidth: Double, rowRotation: Double, originY: Double, columnRotation: Double, pixelHeight: Double) {
        self.originX = originX
        self.pixelWidth = pixelWidth
        self.rowRotation = rowRotation
        self.originY = originY
        self.columnRotation = columnRotation
        self.pixelHeight = pixelHeight
    }

    /// A transform from GDAL's six-element array `[gt0, gt1, gt2, gt3, gt4, gt5]`; nil unless it has six elements.
    public init?(gdal coefficients: [Double]) {
        guard coefficients.count == 6 else { return nil }
        self.init(originX: coefficients[0], pixelWidth: coefficients[1], rowRotation: coefficients[2],
                  originY: coefficients[3], columnRotation: coefficients[4], pixelHeight: coefficients[5])
    }

    /// The coefficients in GDAL order (`GetGeoTransform`).
    public var gdalCoefficients: [Double] { [originX, pixelWidth, rowRotation, originY, columnRotation, pixelHeight] }

    /// Georeferenced coordinates of a fractional pixel position (0.5, 0.5 is the centre of the first pixel).
    public func apply(column: Double, row: Double) -> (x: Double, y: Double) {
        (originX + column * pixelWidth + row * rowRotation, originY + column * columnRotation + row * pixelHeight)
    }

    /// Whether rows and columns are aligned with the axes (no rotation terms).
    public var isNorthUp: Bool { rowRotation == 0 && columnRotation == 0 }
}
