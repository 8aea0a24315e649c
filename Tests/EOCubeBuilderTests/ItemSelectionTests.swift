import Foundation
import STACClient
import Testing
@testable import EOCubeBuilder

@Suite struct ItemSelectionTests {
    private func item(_ id: String, epsg: Int, x0: Double, y1: Double) -> STACItem {
        STACItem(id: id, properties: [
            "datetime": "2025-06-03T05:20:00Z",
            "proj:code": .string("EPSG:\(epsg)"),
            "proj:shape": [100, 100],
            "proj:transform": .array([20, 0, .double(x0), 0, -20, .double(y1)]),
        ])
    }

    @Test func itemsOfNeighbouringTilesAreIgnoredButOtherCRSsAreNot() throws {
        let definition = try CubeDefinition(grid: try Equi7Tile("EU020M_E051N015T3").grid, groupPath: "c", bands: ["VV"])
        let builder = CubeBuilder(definition: definition, storePath: "/nonexistent")
        #expect(builder.isOutsideCube(item("west", epsg: 27704, x0: 4_900_000, y1: 1_700_000)))
        #expect(builder.isOutsideCube(item("north", epsg: 27704, x0: 5_200_000, y1: 1_900_000)))
        #expect(!builder.isOutsideCube(item("inside", epsg: 27704, x0: 5_200_000, y1: 1_700_000)))
        #expect(!builder.isOutsideCube(item("straddling", epsg: 27704, x0: 5_099_000, y1: 1_700_000)))
        // Another CRS is not "elsewhere": it is refused later with a clear error.
        #expect(!builder.isOutsideCube(item("other-crs", epsg: 27703, x0: 4_900_000, y1: 1_700_000)))
    }
}

@Suite struct BuildOptionTests {
    @Test func theMemoryBudgetDefaultsToTwoGiB() {
        #expect(BuildOptions().memoryBudget == 2 << 30)
    }
}
