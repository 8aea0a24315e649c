/// A rectangle of cube pixels (rows and columns of the cube grid).
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
        let r0 = max(row, other.row), c0 = max(column, other.column)
        let r1 = min(endRow, other.endRow), c1 = min(endColumn, other.endColumn)
        guard r1 > r0, c1 > c0 else { return nil }
        return CubeWindow(row: r0, column: c0, height: r1 - r0, width: c1 - c0)
    }

    /// The smallest window holding both.
    public func union(_ other: CubeWindow) -> CubeWindow {
        if isEmpty { return other }
        if other.isEmpty { return self }
        let r0 = min(row, other.row), c0 = min(column, other.column)
        return CubeWindow(row: r0, column: c0, height: max(endRow, other.endRow) - r0, width: max(endColumn, other.endColumn) - c0)
    }

    /// The window moved by whole pixels.
    public func offset(rows: Int, columns: Int) -> CubeWindow {
        CubeWindow(row: row + rows, column: column + columns, height: height, width: width)
    }

    /// `row,column heightxwidth`.
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
