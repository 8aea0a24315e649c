import Foundation
import InteropSupport
import Testing
@testable import EOCubeBuilder

/// Where an item's raster really lies decides what happens to it: inside the cube it is merged;
/// outside it is ignored and named, unless its catalog entry claims the cube, which is an error
/// naming the item. And a build never leaves half-made stores or unjournaled finished slots.
@Suite(.enabled(if: CubeTestSupport.interopEnabled), .serialized)
struct ItemFootprintTests {
    /// The sample's western neighbour: the sample scenes lie wholly outside it.
    static let neighbour = "EU020M_E048N015T3"

    /// The sample ItemCollection with absolute asset hrefs, each feature changed by `change`,
    /// written into `dir`; returns its path.
    private func sampleItems(in dir: URL, _ change: (inout [String: Any]) -> Void) throws -> String {
        let sample = URL(fileURLWithPath: CubeTestSupport.sampleItems)
        var collection = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: sample)) as? [String: Any])
        var features: [[String: Any]] = []
        for case var feature as [String: Any] in collection["features"] as? [Any] ?? [] {
            var assets = feature["assets"] as? [String: Any] ?? [:]
            for (name, value) in assets {
                guard var asset = value as? [String: Any], let href = asset["href"] as? String else { continue }
                asset["href"] = URL(fileURLWithPath: href, relativeTo: sample.deletingLastPathComponent()).standardizedFileURL.path
                assets[name] = asset
            }
            feature["assets"] = assets
            change(&feature)
            features.append(feature)
        }
        collection["features"] = features
        let path = dir.appendingPathComponent("items-\(UUID().uuidString).json")
        try JSONSerialization.data(withJSONObject: collection).write(to: path)
        return path.path
    }

    private func properties(_ feature: inout [String: Any], _ change: (inout [String: Any]) -> Void) {
        var properties = feature["properties"] as? [String: Any] ?? [:]
        change(&properties)
        feature["properties"] = properties
    }

    private func buildNeighbour(_ items: String, store: URL, skipBadItems: Bool = false) async throws -> BuildReport {
        let definition = try CubeDefinition(grid: try Equi7Tile(Self.neighbour).grid, groupPath: CubeTestSupport.group, bands: ["VV", "VH"],
                                            chunkShape: try CubeChunkShape(height: 256, width: 256), shardShape: nil)
        let found = try await CubeItemSearch(source: items, search: .init()).items()
        return try await CubeBuilder(definition: definition, storePath: store.path,
                                     options: BuildOptions(skipBadItems: skipBadItems)).build(items: found)
    }

    @Test(arguments: ["tile id", "projection"])
    func anItemClaimingTheCubeWhoseRasterLiesElsewhereIsAnErrorNamingIt(claim: String) async throws {
        let dir = try Interop.temporaryDirectory("cube-claims")
        defer { try? FileManager.default.removeItem(at: dir) }
        let items = try sampleItems(in: dir) { feature in
            properties(&feature) { p in
                if claim == "tile id" {
                    // Catalogued under the neighbour's tile id, without projection metadata.
                    for key in ["proj:code", "proj:epsg", "proj:shape", "proj:transform"] { p[key] = nil }
                    p["Equi7_TileID"] = Self.neighbour
                } else if var transform = p["proj:transform"] as? [Double] {
                    // Projection metadata 300 km further west, inside the neighbour tile.
                    transform[2] -= 300_000
                    p["proj:transform"] = transform
                }
            }
        }
        let store = dir.appendingPathComponent("cube.zarr")
        do {
            _ = try await buildNeighbour(items, store: store)
            Issue.record("the build accepted items whose rasters lie outside the cube")
        } catch let error as CubeBuilderError {
            guard case .rasterOutsideCube(let id, _, let reason) = error else { Issue.record("\(error)"); return }
            #expect(id.hasPrefix("S1A_2025"), "\(error)")
            #expect(error.description.contains(id) && reason.contains(claim == "tile id" ? "Equi7_TileID" : "proj:transform"), "\(error)")
        }
        // Skipped when asked to, and never journaled as ingested.
        let report = try await buildNeighbour(items, store: store, skipBadItems: true)
        #expect(report.skippedItems.count == 6 && report.ingestedItems.isEmpty)
        #expect(report.skippedItems.allSatisfy { if case .rasterOutsideCube = $0.error { true } else { false } })
    }

    @Test func itemsWithoutAClaimWhoseRastersLieOutsideAreIgnoredByName() async throws {
        let dir = try Interop.temporaryDirectory("cube-outside")
        defer { try? FileManager.default.removeItem(at: dir) }
        let items = try sampleItems(in: dir) { feature in
            properties(&feature) { p in
                for key in ["proj:code", "proj:epsg", "proj:shape", "proj:transform", "Equi7_TileID"] { p[key] = nil }
            }
        }
        let store = dir.appendingPathComponent("cube.zarr")
        let report = try await buildNeighbour(items, store: store)
        let sampleIDs = ["S1A_20250603T052000_A1", "S1A_20250603T052025_A2", "S1A_20250603T052025_A2b",
                         "S1A_20250610T235950_B1", "S1A_20250611T000010_B2", "S1A_20250620T052000_C"]
        #expect(report.outsideItems.sorted() == sampleIDs)
        #expect(report.ingestedItems.isEmpty && report.blocksWritten == 0)
        // An outside item does not make a store either.
        #expect(!FileManager.default.fileExists(atPath: store.path))
    }

    @Test func storeCreationsOfDeadProcessesAreRemovedAndLiveOnesKept() async throws {
        let dir = try Interop.temporaryDirectory("cube-abandoned")
        defer { try? FileManager.default.removeItem(at: dir) }
        let deadPID = try CubeTestSupport.deadProcessID()
        let dead = ".cube.zarr.eocube-new-\(deadPID)-\(UUID().uuidString)"
        let live = ".cube.zarr.eocube-new-\(getpid())-\(UUID().uuidString)"
        let legacy = ".cube.zarr.eocube-new-\(UUID().uuidString)"
        let otherStore = ".other.zarr.eocube-new-\(deadPID)-\(UUID().uuidString)"
        for name in [dead, live, legacy, otherStore] {
            try FileManager.default.createDirectory(at: dir.appendingPathComponent(name).appendingPathComponent("s1sig0"), withIntermediateDirectories: true)
        }
        try await CubeTestSupport.build(store: dir.appendingPathComponent("cube.zarr"), definition: CubeTestSupport.definition())
        let left = Set(try FileManager.default.contentsOfDirectory(atPath: dir.path))
        #expect(left == ["cube.zarr", live, otherStore], "\(left)")
    }

    @Test func slotsFinishedBeforeAFatalErrorStayJournaled() async throws {
        let dir = try Interop.temporaryDirectory("cube-fatal")
        defer { try? FileManager.default.removeItem(at: dir) }
        let broken = dir.appendingPathComponent("broken.tif")
        try Data("not a tiff".utf8).write(to: broken)
        // The last slot's item (2025-06-20) cannot be read.
        let items = try sampleItems(in: dir) { feature in
            guard feature["id"] as? String == "S1A_20250620T052000_C", var assets = feature["assets"] as? [String: Any],
                  var vv = assets["VV"] as? [String: Any] else { return }
            vv["href"] = broken.path
            assets["VV"] = vv
            feature["assets"] = assets
        }
        let store = dir.appendingPathComponent("cube.zarr")
        await #expect(throws: CubeBuilderError.self) {
            try await CubeTestSupport.build(items, store: store, definition: CubeTestSupport.definition())
        }
        let journal = try IngestJournal.decode(Array(Data(contentsOf: store.appendingPathComponent(CubeTestSupport.group + "/eocube_journal.json"))),
                                               location: "journal")
        #expect(Set(journal.items.keys) == ["S1A_20250603T052000_A1", "S1A_20250603T052025_A2", "S1A_20250603T052025_A2b",
                                            "S1A_20250610T235950_B1", "S1A_20250611T000010_B2"])
        // The re-run starts at the failed slot.
        let report = try await CubeTestSupport.build(items, store: store, definition: CubeTestSupport.definition(), skipBadItems: true)
        #expect(report.alreadyIngested.count == 5 && report.skippedItems.map(\.id) == ["S1A_20250620T052000_C"])
    }
}
