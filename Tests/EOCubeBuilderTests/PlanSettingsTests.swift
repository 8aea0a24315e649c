import EOCubeBuilder
import Foundation
import Testing

/// A plan carries what a worker needs to rebuild the cube definition: the grid's tiles and the
/// typed chunk and shard shapes survive the plan file.
@Suite struct PlanSettingsTests {
    static func twoTileDefinition() throws -> CubeDefinition {
        let grid = try CubeGrid(tiles: [try Equi7Tile("EU020M_E048N015T3"), try Equi7Tile("EU020M_E051N015T3")])
        return try CubeDefinition(grid: grid, groupPath: "s1sig0/EU", bands: ["VV", "VH"],
                                  chunkShape: try CubeChunkShape(time: 20, height: 256, width: 256),
                                  shardShape: try CubeChunkShape(time: 20, height: 1024, width: 1024),
                                  compressors: [.zstd(level: 4, checksum: false)])
    }

    @Test func aPlanFileRoundTripsTheGridTilesAndShapes() throws {
        let definition = try Self.twoTileDefinition()
        let settings = CubePlanSettings(definition: definition, options: BuildOptions(memoryBudget: 1 << 30))
        #expect(settings.tiles == ["EU020M_E048N015T3", "EU020M_E051N015T3"])
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("plan-settings-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("plan.json").path
        try CubePlan(store: dir.appendingPathComponent("cube.zarr").path, settings: settings, lastSlot: 0, units: []).write(to: file)
        // The shapes stay `[t, y, x]` numbers in the document, as plans always wrote them.
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: file))) as? [String: Any])
        let stored = try #require(json["settings"] as? [String: Any])
        #expect(stored["chunkShape"] as? [Int] == [20, 256, 256] && stored["shardShape"] as? [Int] == [20, 1024, 1024])
        let rebuilt = try CubePlan.read(from: file).settings.definition()
        #expect(rebuilt == definition)
        #expect(rebuilt.grid.tiles == definition.grid.tiles)
    }

    @Test func aGridWithoutTilesCannotBePlanned() async throws {
        let tileGrid = try Equi7Tile("EU020M_E051N015T3").grid
        let raw = CubeGrid(crs: tileGrid.crs, minX: tileGrid.minX, maxY: tileGrid.maxY, pixelSize: tileGrid.pixelSize,
                           width: tileGrid.width, height: tileGrid.height)
        let definition = try CubeDefinition(grid: raw, groupPath: "s1sig0/EU", bands: ["VV"])
        let store = FileManager.default.temporaryDirectory.appendingPathComponent("plan-no-tiles-\(UUID().uuidString)").path
        await #expect {
            _ = try await CubePlanner(definition: definition, store: store).plan(items: [])
        } throws: { error in
            guard case CubeBuilderError.plan(_, let reason, _) = error else { return false }
            return reason.contains("Equi7 tiles")
        }
        #expect(!FileManager.default.fileExists(atPath: store))
    }
}
