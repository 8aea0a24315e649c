/// An Equi7Grid tile id such as `EU020M_E051N015T3`, parsed.
///
/// The id reads: continent (`EU`), pixel size in metres (`020M`), the lower-left corner's easting
/// and northing in units of 100 km (`E051`, `N015`), and the tile size in units of 100 km (`T3`:
/// 300 km, `T1`: 100 km, `T6`: 600 km). So `EU020M_E051N015T3` covers x 5 100 000 … 5 400 000 and
/// y 1 500 000 … 1 800 000 metres of EPSG:27704 at 20 m.
public struct Equi7Tile: Sendable, Hashable, CustomStringConvertible {
    /// The continent (and hence the projection).
    public var continent: Equi7Continent
    /// The pixel size in metres.
    public var pixelSize: Int
    /// Easting of the tile's west edge in units of 100 km.
    public var easting100km: Int
    /// Northing of the tile's south edge in units of 100 km.
    public var northing100km: Int
    /// The tile's edge length in units of 100 km.
    public var size100km: Int

    /// Parses a tile id; throws ``CubeBuilderError/invalidTileName(_:reason:)`` naming what is wrong.
    public init(_ name: String) throws(CubeBuilderError) {
        let parts = name.uppercased().split(separator: "_", omittingEmptySubsequences: false)
        guard parts.count == 2 else { throw .invalidTileName(name, reason: "expected <grid>_<tile>, e.g. EU020M_E051N015T3") }
        let gridPart = Array(parts[0]), tilePart = Array(parts[1])
        guard gridPart.count >= 4, gridPart.last == "M",
              let continent = Equi7Continent(rawValue: String(gridPart[0..<2])) else {
            throw .invalidTileName(name, reason: "the grid part must be a continent (AF AN AS EU NA OC SA) and a pixel size, e.g. EU020M")
        }
        guard let pixel = Int(String(gridPart[2..<(gridPart.count - 1)])), pixel > 0 else {
            throw .invalidTileName(name, reason: "bad pixel size '\(String(gridPart[2..<(gridPart.count - 1)]))'")
        }
        guard tilePart.count >= 9, tilePart[0] == "E", tilePart[4] == "N", tilePart[8] == "T",
              let east = Int(String(tilePart[1..<4])), let north = Int(String(tilePart[5..<8])),
              let size = Int(String(tilePart[9...])), size > 0, size <= 100 else {
            throw .invalidTileName(name, reason: "the tile part must look like E051N015T3")
        }
        guard (size * 100_000) % pixel == 0 else {
            throw .invalidTileName(name, reason: "a \(size * 100) km tile is not a whole number of \(pixel) m pixels")
        }
        self.continent = continent
        self.pixelSize = pixel
        self.easting100km = east
        self.northing100km = north
        self.size100km = size
    }

    /// The canonical tile id, e.g. `EU020M_E051N015T3`.
    public var description: String {
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(continent.rawValue)\(pad(pixelSize, 3))M_E\(pad(easting100km, 3))N\(pad(northing100km, 3))T\(size100km)"
    }

    /// West edge in metres.
    public var minX: Double { Double(easting100km) * 100_000 }
    /// South edge in metres.
    public var minY: Double { Double(northing100km) * 100_000 }
    /// East edge in metres.
    public var maxX: Double { minX + Double(size100km) * 100_000 }
    /// North edge in metres.
    public var maxY: Double { minY + Double(size100km) * 100_000 }

    /// The tile's pixel grid.
    public var grid: CubeGrid {
        let pixels = size100km * 100_000 / pixelSize
        return CubeGrid(crs: CubeCRS(continent), minX: minX, maxY: maxY, pixelSize: Double(pixelSize), width: pixels, height: pixels)
    }
}
