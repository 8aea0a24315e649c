import Foundation
import GeoRaster
import InteropSupport
import Testing
import ZarrStore
@testable import EOCubeBuilder

@Suite struct GridTests {
    @Test func tileIdGivesTheEuropeTwentyMetreGrid() throws {
        let tile = try Equi7Tile("EU020M_E051N015T3")
        let grid = tile.grid
        #expect(grid.crs.epsg == 27704)
        #expect(grid.pixelSize == 20)
        #expect(grid.minX == 5_100_000 && grid.maxX == 5_400_000)
        #expect(grid.minY == 1_500_000 && grid.maxY == 1_800_000)
        #expect(grid.width == 15_000 && grid.height == 15_000)
        #expect(grid.xCoordinates.first == 5_100_010 && grid.xCoordinates.last == 5_399_990)
        #expect(grid.yCoordinates.first == 1_799_990 && grid.yCoordinates.last == 1_500_010)
        #expect(tile.description == "EU020M_E051N015T3")
        #expect(grid.geoTransformText == "5100000.0 20.0 0.0 1800000.0 0.0 -20.0")
    }

    @Test func otherTileSizesAndPixelSizes() throws {
        let t1 = try Equi7Tile("AF010M_E066N024T1")
        #expect(t1.grid.width == 10_000 && t1.grid.crs.epsg == 27701 && t1.minX == 6_600_000 && t1.maxY == 2_500_000)
        let t6 = try Equi7Tile("SA500M_E048N030T6")
        #expect(t6.grid.width == 1_200 && t6.grid.crs.epsg == 27707)
    }

    @Test(arguments: [("EU020_E051N015T3", "17 characters"), ("XX020M_E051N015T3", "not a continent"), ("EU020M_E051N015", "17 characters"),
                      ("EU020MX_E051N015T3", "17 characters"), ("EU000M_E051N015T3", "not an Equi7Grid sampling"), ("EU020M", "17 characters"),
                      ("EU020M_W051N015T3", "17 characters"), ("EU007M_E051N015T3", "not an Equi7Grid sampling"),
                      // Found by a user: a T9 tiling, 20 m on a T6 tile, E/N off the tile size, a two-digit sampling.
                      ("EU020M_E051N015T9", "T3 tiles, not T9"), ("EU020M_E048N012T6", "T3 tiles, not T6"),
                      ("EU020M_E050N015T3", "multiples of 3"), ("EU020M_E051N016T3", "multiples of 3"), ("EU20M_E051N015T3", "17 characters"),
                      ("EU010M_E051N015T3", "T1 tiles, not T3"), ("EU500M_E051N015T6", "multiples of 6"), ("EU0A0M_E051N015T3", "not an Equi7Grid sampling"),
                      ("EU020M_E05XN015T3", "three digits")])
    func tileIdsTheEqui7GridDoesNotDefineAreRefused(_ name: String, _ reason: String) {
        do {
            let tile = try Equi7Tile(name)
            Issue.record("\(name) was accepted as \(tile)")
        } catch {
            guard case .invalidTileName(let refused, let why) = error else { Issue.record("\(name): \(error)"); return }
            #expect(refused == name && why.contains(reason), "\(name): \(why)")
        }
    }

    /// Every sampling the Equi7Grid defines, on its own tiling, at the origin and at a far tile;
    /// the id reads back as written.
    @Test func everyEqui7SamplingOnItsTilingIsAccepted() throws {
        for sampling in Equi7Tile.samplings {
            let tiling = sampling >= 64 ? 6 : sampling >= 20 ? 3 : 1
            let code = sampling == 1000 ? "1K0" : String(repeating: "0", count: 3 - String(sampling).count) + String(sampling)
            for (east, north) in [(0, 0), (tiling * 10, tiling * 7)] {
                let pad = { (v: Int) in String(repeating: "0", count: 3 - String(v).count) + String(v) }
                let name = "EU\(code)M_E\(pad(east))N\(pad(north))T\(tiling)"
                let tile = try Equi7Tile(name)
                #expect(tile.description == name && tile.pixelSize == sampling && tile.size100km == tiling)
                #expect(tile.grid.width * sampling == tiling * 100_000)
            }
        }
        // Lower case reads as upper case.
        #expect(try Equi7Tile("eu020m_e051n015t3").description == "EU020M_E051N015T3")
    }

    @Test func severalTilesMakeTheirBoundingGrid() throws {
        let grid = try CubeGrid(tiles: [try Equi7Tile("EU020M_E051N015T3"), try Equi7Tile("EU020M_E054N012T3")])
        #expect(grid.minX == 5_100_000 && grid.maxX == 5_700_000 && grid.minY == 1_200_000 && grid.maxY == 1_800_000)
        #expect(grid.width == 30_000 && grid.height == 30_000)
        #expect(throws: CubeBuilderError.self) { try CubeGrid(tiles: [try Equi7Tile("EU020M_E051N015T3"), try Equi7Tile("AS020M_E051N015T3")]) }
        #expect(throws: CubeBuilderError.self) { try CubeGrid(tiles: [try Equi7Tile("EU020M_E051N015T3"), try Equi7Tile("EU010M_E051N015T1")]) }
    }

    @Test func aGridKnowsTheTilesItWasMadeFrom() throws {
        let west = try Equi7Tile("EU020M_E051N015T3"), east = try Equi7Tile("eu020m_e054n015t3")
        let grid = try CubeGrid(tiles: [west, east])
        #expect(grid.tiles == [west, east])
        #expect(grid.tileIDs == ["EU020M_E051N015T3", "EU020M_E054N015T3"])
        #expect(west.grid.tiles == [west])
        #expect(west.grid == (try CubeGrid(tiles: [west])))
        // A grid from raw numbers names no tile, so it differs from the tile's own grid.
        let raw = CubeGrid(crs: west.grid.crs, minX: west.minX, maxY: west.maxY, pixelSize: 20, width: 15_000, height: 15_000)
        #expect(raw.tiles.isEmpty && raw != west.grid && raw.geoTransform == west.grid.geoTransform)
    }

    @Test(.enabled(if: Interop.isAvailable || ProcessInfo.processInfo.environment["EOCUBE_REQUIRE_INTEROP"] != nil))
    func continentCodesAndWKTMatchPROJ() throws {
        // pyproj knows the Equi7 projections; the embedded WKT must name the same CRS.
        for continent in Equi7Continent.allCases {
            let output = try Interop.runPython(["-c", """
                import sys, pyproj
                crs = pyproj.CRS.from_epsg(\(continent.epsg))
                other = pyproj.CRS.from_wkt(sys.argv[1])
                print(crs.name, '|', other.to_epsg(), '|', crs == other)
                """, continent.wkt2])
            let parts = output.split(separator: "|").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            #expect(parts.count == 3)
            #expect(parts.first?.hasPrefix("WGS 84 / Equi7 ") == true)
            #expect(parts.dropFirst().first == String(continent.epsg))
            #expect(parts.last == "True")
        }
    }

    @Test func alignedRastersArePlacedAndOthersRefusedNamingTheItem() throws {
        let alignment = GridAlignment(grid: try Equi7Tile("EU020M_E051N015T3").grid)
        let window = try alignment.placement(itemID: "a", band: "VV", epsg: 27704,
                                             geoTransform: [5_120_000, 20, 0, 1_760_000, 0, -20], width: 600, height: 400)
        #expect(window == CubeWindow(row: 2000, column: 1000, height: 400, width: 600))
        let cases: [(Int?, [Double]?, String)] = [
            (27703, [5_120_000, 20, 0, 1_760_000, 0, -20], "EPSG:27703"),
            (nil, [5_120_000, 20, 0, 1_760_000, 0, -20], "no EPSG"),
            (27704, [5_120_000, 10, 0, 1_760_000, 0, -10], "pixel size"),
            (27704, [5_120_007, 20, 0, 1_760_000, 0, -20], "pixel corner"),
            (27704, [5_120_000, 20, 1, 1_760_000, 0, -20], "rotated"),
            (27704, nil, "no geotransform"),
        ]
        for (epsg, gt, message) in cases {
            do {
                _ = try alignment.placement(itemID: "item-42", band: "VH", epsg: epsg, geoTransform: gt, width: 10, height: 10)
                Issue.record("accepted \(message)")
            } catch {
                #expect(error.itemID == "item-42")
                #expect(error.description.contains("item-42") && error.description.contains(message), "\(error)")
            }
        }
    }

    @Test func blocksTouchedByAWindow() {
        let bounds = CubeWindow(row: 0, column: 0, height: 2500, width: 2500)
        let blocks = CubeWindow(row: 900, column: 1990, height: 200, width: 20).touchedBlocks(blockHeight: 1000, blockWidth: 1000, within: bounds)
        #expect(blocks == [CubeWindow(row: 0, column: 1000, height: 1000, width: 1000), CubeWindow(row: 0, column: 2000, height: 1000, width: 500),
                           CubeWindow(row: 1000, column: 1000, height: 1000, width: 1000), CubeWindow(row: 1000, column: 2000, height: 1000, width: 500)])
        #expect(CubeWindow(row: 3000, column: 0, height: 10, width: 10).touchedBlocks(blockHeight: 1000, blockWidth: 1000, within: bounds).isEmpty)
    }

    @Test func windowsConvertToRasterWindowsAndCombine() {
        let window = CubeWindow(row: 10, column: 20, height: 30, width: 40)
        #expect(window.pixelWindow == PixelWindow(x: 20, y: 10, width: 40, height: 30))
        #expect(CubeWindow(window.pixelWindow) == window)
        #expect(window.offset(rows: -10, columns: -20).pixelWindow == PixelWindow(x: 0, y: 0, width: 40, height: 30))
        let other = CubeWindow(row: 35, column: 0, height: 10, width: 25)
        #expect(window.intersection(other) == CubeWindow(row: 35, column: 20, height: 5, width: 5))
        #expect(window.intersection(CubeWindow(row: 40, column: 20, height: 5, width: 5)) == nil)
        #expect(window.union(other) == CubeWindow(row: 10, column: 0, height: 35, width: 60))
        // An empty window adds nothing to a union, wherever it lies.
        let empty = CubeWindow(row: 1000, column: 1000, height: 0, width: 5)
        #expect(window.union(empty) == window && empty.union(window) == window)
    }

    @Test func gridTransformIsTheGDALGeotransform() throws {
        let grid = try Equi7Tile("EU020M_E051N015T3").grid
        #expect(grid.transform.isNorthUp)
        #expect(grid.geoTransform == grid.transform.gdalCoefficients)
        #expect(GeoTransform(gdal: grid.geoTransform) == grid.transform)
        let corner = grid.transform.apply(column: Double(grid.width), row: Double(grid.height))
        #expect(corner.x == grid.maxX && corner.y == grid.minY)
    }

    @Test func daySlotsSplitAtUTCMidnight() throws {
        func date(_ text: String) throws -> Date { try #require(ISO8601DateFormatter().date(from: text)) }
        #expect(DaySlot(try date("2014-10-01T00:00:00Z")).index == 0)
        #expect(DaySlot(try date("2014-09-30T23:59:59Z")).index == -1)
        let before = DaySlot(try date("2025-06-10T23:59:50Z")), after = DaySlot(try date("2025-06-11T00:00:10Z"))
        #expect(after.index == before.index + 1)
        #expect(before.description == "2025-06-10" && after.description == "2025-06-11")
        #expect(DaySlot.sensingSeconds(try date("2014-10-02T00:00:01Z")) == 86_401)
    }

    @Test func definitionsRejectBadShapesBandsAndGroups() throws {
        let grid = try Equi7Tile("EU020M_E051N015T3").grid
        _ = try CubeDefinition(grid: grid, groupPath: "s1sig0/EU", bands: ["VV", "VH"])
        #expect(throws: CubeBuilderError.self) { try CubeDefinition(grid: grid, groupPath: "s1sig0/EU", bands: []) }
        #expect(throws: CubeBuilderError.self) { try CubeDefinition(grid: grid, groupPath: "s1sig0/EU", bands: ["VV", "VV"]) }
        #expect(throws: CubeBuilderError.self) { try CubeDefinition(grid: grid, groupPath: "s1sig0/EU", bands: ["sensing_date"]) }
        #expect(throws: CubeBuilderError.self) { try CubeDefinition(grid: grid, groupPath: "../x", bands: ["VV"]) }
        #expect(throws: CubeBuilderError.self) { try CubeDefinition(grid: grid, groupPath: "a//b", bands: ["VV"]) }
        #expect(throws: CubeBuilderError.self) { try CubeDefinition(grid: grid, groupPath: "a", bands: ["VV"], chunkShape: try CubeChunkShape(height: 512, width: 512),
                                                                       shardShape: try CubeChunkShape(height: 1000, width: 1000)) }
        #expect(throws: CubeBuilderError.self) { try CubeDefinition(grid: grid, groupPath: "a", bands: ["VV"], compressors: [.bytes(endian: .little)]) }
        // The stored codec metadata is the definition's codecs; metadata arrays (piecewise
        // constant) keep the compressor but drop the shuffle.
        let definition = try CubeDefinition(grid: grid, groupPath: "a", bands: ["VV"])
        #expect(definition.compressors == [.blosc(ZarrBloscConfiguration(compressor: .zstd, level: 1, shuffle: .bitshuffle, blockSize: 1 << 20))])
        #expect(definition.metadataCompressors == [.blosc(ZarrBloscConfiguration(compressor: .zstd, level: 1, shuffle: .noshuffle, blockSize: 1 << 20))])
        let zstd = try CubeDefinition(grid: grid, groupPath: "a", bands: ["VV"], compressors: [.zstd(level: 4, checksum: false)])
        #expect(zstd.metadataCompressors == zstd.compressors)
    }
}
