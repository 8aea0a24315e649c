// BEGIN Docs/README.md example
import EOCubeBuilder
import STACClient
import ZarrStore

/// Builds a cube from a STAC catalog into a directory and reads one pixel's time series back.
func buildCube(from catalog: String, into directory: String) async throws -> CubeSeries {
    // One Equi7 tile (EPSG:27704, 20 m, 15 000²), two bands, the default chunks and shards.
    let grid = try CubeGrid(tiles: [try Equi7Tile("EU020M_E051N015T3")])
    let definition = try CubeDefinition(grid: grid, groupPath: "s1sig0/EU", bands: ["VV", "VH"])
    // Any ZarrStore storage: a directory here, S3Storage(url: "s3://bucket/cube.zarr") as well.
    let storage = try FileSystemStorage(path: directory, create: true)
    let builder = CubeBuilder(definition: definition, storage: storage)
    // A static catalog here; STACClient().search(apiURL, STACSearch(...)) for a STAC API.
    let build = builder.start(items: STACClient().items(at: catalog))
    for await event in build.events {
        if case .slotFinished(let progress) = event { print(progress.summary) }
    }
    let report = try await build.report
    print("\(report.ingestedItems.count) items in \(report.slots.count) day slots")
    let reader = try await CubeReader.open(storage, group: "s1sig0/EU")
    return try await reader.series(column: 1200, row: 2249)
}
// END Docs/README.md example

import Foundation
import InteropSupport
import Testing

/// Docs/README.md opens with a Swift example; this file holds the same code, so the example
/// compiles with the tests, and this test runs it and checks that the page shows it unchanged.
struct DocsExampleTests {
    @Test func theDocsExampleIsThisCodeAndBuildsTheSampleCube() async throws {
        let page = try String(contentsOf: Interop.packageRoot.appendingPathComponent("Docs/README.md"), encoding: .utf8)
        let source = try String(contentsOf: URL(fileURLWithPath: #filePath), encoding: .utf8)
        let shown = try #require(page.components(separatedBy: "```swift\n").dropFirst().first?.components(separatedBy: "```").first)
        let compiled = try #require(source.components(separatedBy: "// BEGIN Docs/README.md example\n").dropFirst().first?
            .components(separatedBy: "// END Docs/README.md example").first)
        #expect(shown == compiled, "Docs/README.md's example differs from DocsExampleTests.swift's compiled copy")
        #expect(shown.split(separator: "\n").count <= 25)

        let directory = try Interop.temporaryDirectory("cube-docs-example")
        defer { try? FileManager.default.removeItem(at: directory) }
        let series = try await buildCube(from: CubeTestSupport.sampleItems, into: directory.appendingPathComponent("cube.zarr").path)
        #expect(!series.days.isEmpty && series.values["VV"]?.contains { $0 != nil } == true)
    }
}
