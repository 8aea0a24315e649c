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
    ///
    /// Only real Equi7Grid tiles are accepted, as the Equi7Grid reference defines them: the
    /// sampling is one the grid supports, and it fixes the tiling (T6 for 64–1000 m, T3 for
    /// 20–60 m, T1 for 1–16 m); easting and northing are multiples of the tile size.
    public init(_ name: String) throws(CubeBuilderError) {
        let text = Array(name.uppercased().utf8)
        // <continent:2><sampling:3>M_E<easting:3>N<northing:3>T<size:1>, 17 characters.
        guard text.count == 17, text[5] == UInt8(ascii: "M"), text[6] == UInt8(ascii: "_"), text[7] == UInt8(ascii: "E"),
              text[11] == UInt8(ascii: "N"), text[15] == UInt8(ascii: "T") else {
            throw .invalidTileName(name, reason: "expected 17 characters <continent><sampling>M_E<easting>N<northing>T<tiling>")
        }
        let string = { (range: Range<Int>) in String(decoding: text[range], as: UTF8.self) }
        guard let continent = Equi7Continent(rawValue: string(0..<2)) else {
            throw .invalidTileName(name, reason: "'\(string(0..<2))' is not a continent (AF AN AS EU NA OC SA)")
        }
        guard let pixel = Self.sampling(string(2..<5)), Self.samplings.contains(pixel) else {
            throw .invalidTileName(name, reason: "'\(string(2..<5))M' is not an Equi7Grid sampling (\(Self.samplings.map { String($0) }.joined(separator: ", ")) m, written with three characters, 1000 m as 1K0)")
        }
        let tiling = Self.tiling(forSampling: pixel)
        guard let size = Int(string(16..<17)), size == tiling else {
            throw .invalidTileName(name, reason: "\(pixel) m tiles are T\(tiling) tiles, not T\(string(16..<17))")
        }
        guard let east = Int(string(8..<11)), let north = Int(string(12..<15)) else {
            throw .invalidTileName(name, reason: "easting and northing must be three digits each, e.g. E051N015")
        }
        guard east % size == 0, north % size == 0 else {
            throw .invalidTileName(name, reason: "the easting and northing of a T\(size) tile are multiples of \(size) (hundreds of km); E\(string(8..<11))N\(string(12..<15)) is not")
        }
        self.continent = continent
        self.pixelSize = pixel
        self.easting100km = east
        self.northing100km = north
        self.size100km = size
    }

    /// The samplings (pixel sizes in metres) the Equi7Grid defines.
    static let samplings = [1000, 800, 750, 600, 500, 400, 300, 250, 200, 150, 125, 100, 96, 80, 75, 64,
                            60, 50, 48, 40, 32, 30, 25, 24, 20, 16, 10, 8, 5, 4, 2, 1]

    /// The tiling (tile edge in units of 100 km) of a sampling: T6, T3 or T1.
    static func tiling(forSampling metres: Int) -> Int {
        metres >= 64 ? 6 : metres >= 20 ? 3 : 1
    }

    /// The metres of a three-character sampling code: digits (`020`) or thousands (`1K0` = 1000).
    private static func sampling(_ code: String) -> Int? {
        let characters = Array(code)
        if characters.count == 3, characters[1] == "K", let thousands = Int(String(characters[0])), let hundreds = Int(String(characters[2])) {
            return thousands * 1000 + hundreds * 100
        }
        guard characters.allSatisfy(\.isASCII), characters.allSatisfy(\.isNumber) else { return nil }
        return Int(code)
    }

    /// The canonical tile id, e.g. `EU020M_E051N015T3`.
    public var description: String {
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        let sampling = pixelSize >= 1000 ? "\(pixelSize / 1000)K\(pixelSize % 1000 / 100)" : pad(pixelSize, 3)
        return "\(continent.rawValue)\(sampling)M_E\(pad(easting100km, 3))N\(pad(northing100km, 3))T\(size100km)"
    }

    /// West edge in metres.
    public var minX: Double { Double(easting100km) * 100_000 }
    /// South edge in metres.
    public var minY: Double { Double(northing100km) * 100_000 }
    /// East edge in metres.
    public var maxX: Double { minX + Double(size100km) * 100_000 }
    /// North edge in metres.
    public var maxY: Double { minY + Double(size100km) * 100_000 }

    /// The tile's pixel grid; its ``CubeGrid/tiles`` is this tile.
    public var grid: CubeGrid {
        let pixels = size100km * 100_000 / pixelSize
        return CubeGrid(crs: CubeCRS(continent), minX: minX, maxY: maxY, pixelSize: Double(pixelSize), width: pixels, height: pixels,
                        tiles: [self])
    }
}
