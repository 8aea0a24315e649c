/// Checks that a raster lies on a cube's grid and finds where it sits.
///
/// The builder never resamples: a raster must use the cube's CRS, the same north-up pixel
/// size and an origin on a pixel corner of the grid. Differences far below a pixel (from
/// decimal rounding in GeoTIFF tags) are tolerated.
struct GridAlignment: Sendable {
    /// The grid rasters must lie on.
    let grid: CubeGrid
    /// The largest accepted misfit, as a fraction of a pixel.
    let tolerance: Double

    /// An alignment check against `grid`.
    init(grid: CubeGrid, tolerance: Double = 1e-6) {
        self.grid = grid
        self.tolerance = tolerance
    }

    /// The raster's full extent in cube pixels (it may reach outside the cube), or a
    /// ``CubeBuilderError/offGrid(itemID:band:reason:)`` naming the item and the mismatch.
    ///
    /// - Parameters:
    ///   - epsg: the raster's EPSG code (nil when the raster has no EPSG-coded CRS).
    ///   - geoTransform: the GDAL geotransform (six coefficients, corner-based), nil if none.
    func placement(itemID: String, band: String, epsg: Int?, geoTransform: [Double]?,
                          width: Int, height: Int) throws(CubeBuilderError) -> CubeWindow {
        guard let epsg else {
            throw .offGrid(itemID: itemID, band: band, reason: "the raster has no EPSG-coded CRS; the cube uses EPSG:\(grid.crs.epsg)")
        }
        guard epsg == grid.crs.epsg else {
            throw .offGrid(itemID: itemID, band: band, reason: "CRS EPSG:\(epsg) differs from the cube's EPSG:\(grid.crs.epsg)")
        }
        guard let gt = geoTransform, gt.count == 6 else {
            throw .offGrid(itemID: itemID, band: band, reason: "the raster has no geotransform")
        }
        guard gt[2] == 0, gt[4] == 0 else {
            throw .offGrid(itemID: itemID, band: band, reason: "the raster is rotated (geotransform \(gt))")
        }
        let size = grid.pixelSize
        guard abs(gt[1] - size) <= tolerance * size, abs(-gt[5] - size) <= tolerance * size else {
            throw .offGrid(itemID: itemID, band: band,
                           reason: "pixel size \(gt[1]) x \(-gt[5]) differs from the cube's \(size) x \(size) (north-up)")
        }
        let column = (gt[0] - grid.minX) / size
        let row = (grid.maxY - gt[3]) / size
        let roundedColumn = column.rounded(), roundedRow = row.rounded()
        guard abs(column - roundedColumn) <= tolerance, abs(row - roundedRow) <= tolerance,
              abs(roundedColumn) < 1e9, abs(roundedRow) < 1e9 else {
            throw .offGrid(itemID: itemID, band: band,
                           reason: "origin (\(gt[0]), \(gt[3])) is not on a pixel corner of the cube grid (offset \(column - roundedColumn), \(row - roundedRow) pixels)")
        }
        return CubeWindow(row: Int(roundedRow), column: Int(roundedColumn), height: height, width: width)
    }
}
