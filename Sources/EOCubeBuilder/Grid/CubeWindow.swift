import GeoRaster

/// A rectangle of cube pixels (rows and columns of the cube grid).
///
/// The cube's row/column view of GeoRaster's ``GeoRaster/PixelWindow``: the overlap arithmetic is
/// PixelWindow's, this type adds what the cube's block tiling needs.
public struct CubeWindow: Sendable, Hashable, Codable, CustomStringConvertible {
    /// First row.
    public var row: Int
    /// First column.
    public var column: Int
    /// Number of rows.
    public var height: Int
    /// Number of columns.
    public var width: Int

    /// A window from its corner and size.
    public init(row: Int, column: Int, height: Int, width: Int) {
        self.row = row
        self.column = column
        self.height = height
        self.width = width
    }

    /// The same rectangle given as a GeoRaster window (`x` = column, `y` = row).
    public init(_ pixels: PixelWindow) {
        self.init(row: pixels.y, column: pixels.x, height: pixels.height, width: pixels.width)
    }

    /// The same rectangle as a GeoRaster window (`x` = column, `y` = row), e.g. to read it from a
    /// raster laid out on the same pixel grid.
    public var pixelWindow: PixelWindow { PixelWindow(x: column, y: row, width: width, height: height) }

    /// One past the last row.
    public var endRow: Int { row + height }
    /// One past the last column.
    public var endColumn: Int { column + width }
    /// Number of pixels.
    public var pixelCount: Int { max(0, height) * max(0, width) }
    /// Whether the window holds no pixel.
    public var isEmpty: Bool { height <= 0 || width <= 0 }

    /// The overlap of two windows, or nil when they do not overlap.
    public func intersection(_ other: CubeWindow) -> CubeWindow? {
        pixelWindow.intersection(other.pixelWindow).map(CubeWindow.init)
    }

    /// The smallest window holding both (an empty window adds nothing).
    public func union(_ other: CubeWindow) -> CubeWindow {
        if isEmpty { return other }
        if other.isEmpty { return self }
        return CubeWindow(pixelWindow.union(other.pixelWindow))
    }

    /// The window moved by whole pixels.
    public func offset(rows: Int, columns: Int) -> CubeWindow {
        CubeWindow(row: row + rows, column: column + columns, height: height, width: width)
    }

    /// `rows 0..<10, columns 5..<9`.
    public var description: String { "rows \(row)..<\(endRow), columns \(column)..<\(endColumn)" }

    /// The blocks of a regular `blockHeight × blockWidth` tiling of `bounds` that this window
    /// touches, each clipped to `bounds`, in row-major order.
    public func touchedBlocks(blockHeight: Int, blockWidth: Int, within bounds: CubeWindow) -> [CubeWindow] {
        guard let clipped = intersection(bounds), blockHeight > 0, blockWidth > 0 else { return [] }
        var blocks: [CubeWindow] = []
        let firstRow = (clipped.row - bounds.row) / blockHeight, lastRow = (clipped.endRow - 1 - bounds.row) / blockHeight
        let firstCol = (clipped.column - bounds.column) / blockWidth, lastCol = (clipped.endColumn - 1 - bounds.column) / blockWidth
        for blockRow in firstRow...lastRow {
            for blockColumn in firstCol...lastCol {
                let block = CubeWindow(row: bounds.row + blockRow * blockHeight, column: bounds.column + blockColumn * blockWidth,
                                       height: blockHeight, width: blockWidth)
                if let inside = block.intersection(bounds) { blocks.append(inside) }
            }
        }
        return blocks
    }
}
