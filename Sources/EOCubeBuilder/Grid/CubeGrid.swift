import GeoRaster

/// The pixel grid of a cube: CRS, north-west corner, square pixel size and shape.
///
/// Pixel (row, column) covers x `minX + column·pixelSize …` and y `maxY − row·pixelSize …`;
/// the cube's `x`/`y` coordinates are the pixel centres. A grid made from Equi7 tiles remembers
/// them (``tiles``): the builder records them in the cube and a plan rebuilds the grid from them.
///
/// The properties are constants so that ``tiles`` always describes the grid's extent.
public struct CubeGrid: Sendable, Hashable {
    /// The coordinate reference system.
    public let crs: CubeCRS
    /// The west edge (x of the grid origin) in CRS units.
    public let minX: Double
    /// The north edge (y of the grid origin) in CRS units.
    public let maxY: Double
    /// The pixel size in CRS units (square pixels, north-up).
    public let pixelSize: Double
    /// The number of columns.
    public let width: Int
    /// The number of rows.
    public let height: Int
    /// The Equi7 tiles the grid was made from, in the order given; empty for a grid made from
    /// its parts.
    public let tiles: [Equi7Tile]

    /// A grid from its parts (it names no tiles).
    public init(crs: CubeCRS, minX: Double, maxY: Double, pixelSize: Double, width: Int, height: Int) {
        self.init(crs: crs, minX: minX, maxY: maxY, pixelSize: pixelSize, width: width, height: height, tiles: [])
    }

    /// A grid from its parts and the tiles it covers (callers make the two agree).
    init(crs: CubeCRS, minX: Double, maxY: Double, pixelSize: Double, width: Int, height: Int, tiles: [Equi7Tile]) {
        self.crs = crs
        self.minX = minX
        self.maxY = maxY
        self.pixelSize = pixelSize
        self.width = width
        self.height = height
        self.tiles = tiles
    }

    /// The grid covering several Equi7 tiles (their bounding rectangle), which it remembers in
    /// ``tiles``; they must share continent and pixel size.
    public init(tiles: [Equi7Tile]) throws(CubeBuilderError) {
        guard let first = tiles.first else { throw .invalidDefinition("no tile given") }
        for tile in tiles.dropFirst() {
            guard tile.continent == first.continent else {
                throw .incompatibleTiles("\(first) and \(tile) are on different continents (projections)")
            }
            guard tile.pixelSize == first.pixelSize else {
                throw .incompatibleTiles("\(first) and \(tile) have different pixel sizes")
            }
        }
        let minX = tiles.map(\.minX).min() ?? first.minX
        let maxX = tiles.map(\.maxX).max() ?? first.maxX
        let minY = tiles.map(\.minY).min() ?? first.minY
        let maxY = tiles.map(\.maxY).max() ?? first.maxY
        let pixel = Double(first.pixelSize)
        self.init(crs: CubeCRS(first.continent), minX: minX, maxY: maxY, pixelSize: pixel,
                  width: Int(((maxX - minX) / pixel).rounded()), height: Int(((maxY - minY) / pixel).rounded()), tiles: tiles)
    }

    /// The tile ids (``Equi7Tile/description``), as the cube's `eocube.tiles` attribute lists them.
    var tileIDs: [String] { tiles.map(\.description) }

    /// The east edge.
    public var maxX: Double { minX + Double(width) * pixelSize }
    /// The south edge.
    public var minY: Double { maxY - Double(height) * pixelSize }
    /// The whole grid as a window.
    public var bounds: CubeWindow { CubeWindow(row: 0, column: 0, height: height, width: width) }

    /// Pixel-centre eastings, ascending (the `x` array).
    public var xCoordinates: [Double] { (0..<width).map { minX + (Double($0) + 0.5) * pixelSize } }
    /// Pixel-centre northings, descending (the `y` array).
    public var yCoordinates: [Double] { (0..<height).map { maxY - (Double($0) + 0.5) * pixelSize } }

    /// The grid's affine transform (north-up, square pixels) as GeoRaster describes a raster's.
    public var transform: GeoTransform {
        GeoTransform(originX: minX, pixelWidth: pixelSize, rowRotation: 0, originY: maxY, columnRotation: 0, pixelHeight: -pixelSize)
    }

    /// The GDAL geotransform (corner-based): `[minX, pixelSize, 0, maxY, 0, -pixelSize]`.
    public var geoTransform: [Double] { transform.gdalCoefficients }

    /// The geotransform as rioxarray writes it in `spatial_ref`'s `GeoTransform` attribute (`5100000.0 20.0 0.0 …`).
    public var geoTransformText: String { geoTransform.map { String($0) }.joined(separator: " ") }
}
