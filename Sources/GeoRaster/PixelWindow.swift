/// A rectangle of pixels: column/row offset and size, in the pixel grid of one image level.
///
/// Same order as GDAL's `xoff, yoff, xsize, ysize` and rasterio's `Window(col_off, row_off, width, height)`.
public struct PixelWindow: Sendable, Hashable, Codable, CustomStringConvertible {
    /// First column.
    public var x: Int
    /// First row.
    public var y: Int
    /// Number of columns.
    public var width: Int
    /// Number of rows.
    public var height: Int

    /// A window from its origin and size.
    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    /// Number of pixels.
    public var pixelCount: Int { width * height }
    /// One past the last column.
    public var maxX: Int { x + width }
    /// One past the last row.
    public var maxY: Int { y + height }
    /// Whether the window holds no pixel.
    public var isEmpty: Bool { width <= 0 || height <= 0 }

    /// The part of both windows, nil when they do not overlap.
    public func intersection(_ other: PixelWindow) -> PixelWindow? {
        let x0 = max(x, other.x), y0 = max(y, other.y)
        let x1 = min(maxX, other.maxX), y1 = min(maxY, other.maxY)
        guard x1 > x0, y1 > y0 else { return nil }
        return PixelWindow(x: x0, y: y0, width: x1 - x0, height: y1 - y0)
    }

    /// The smallest window holding both.
    public func union(_ other: PixelWindow) -> PixelWindow {
        let x0 = min(x, other.x), y0 = min(y, other.y)
        return PixelWindow(x: x0, y: y0, width: max(maxX, other.maxX) - x0, height: max(maxY, other.maxY) - y0)
    }

    /// Whether `other` lies entirely inside this window.
    public func contains(_ other: PixelWindow) -> Bool {
        other.x >= x && other.y >= y && other.maxX <= maxX && other.maxY <= maxY
    }

    /// `x,y,width,height`.
    public var description: String { "\(x),\(y),\(width),\(height)" }
}
