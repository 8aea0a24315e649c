import EOCubeBuilder
import Foundation
import InteropSupport
import Testing

/// Items off the grid, unreadable or missing a band: typed errors naming the item, or skipped
/// with `skipBadItems`; the store is never damaged.
@Suite(.enabled(if: CubeTestSupport.interopEnabled), .serialized)
struct BadItemTests {
    static let badIDs: [String: String] = [
        "S1A_20250604T052000_missingband": "missingBand",
        "S1A_20250605T052000_othercrs": "offGrid",
        "S1A_20250606T052000_pixelsize": "offGrid",
        "S1A_20250607T052000_misaligned": "offGrid",
        "S1A_20250608T052000_unreadable": "unreadableAsset",
    ]

    /// Writes the bad sample and one ItemCollection per item; returns the folder.
    private func badSample() throws -> URL {
        let dir = try Interop.temporaryDirectory("cube-bad")
        try Interop.runPython(["cube_make_sample.py", "--bad", dir.path])
        let all = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("items.json"))) as? [String: Any]
        for case let feature as [String: Any] in all?["features"] as? [Any] ?? [] {
            guard let id = feature["id"] as? String else { continue }
            let one: [String: Any] = ["type": "FeatureCollection", "features": [feature]]
            try JSONSerialization.data(withJSONObject: one).write(to: dir.appendingPathComponent("\(id).json"))
        }
        return dir
    }

    @Test func eachBadItemGivesATypedErrorNamingIt() async throws {
        let dir = try badSample()
        defer { try? FileManager.default.removeItem(at: dir) }
        let definition = try CubeTestSupport.definition()
        for (id, kind) in Self.badIDs.sorted(by: { $0.key < $1.key }) {
            let store = dir.appendingPathComponent("\(id).zarr")
            do {
                try await CubeTestSupport.build(dir.appendingPathComponent("\(id).json").path, store: store, definition: definition)
                Issue.record("\(id) was accepted")
            } catch let error as CubeBuilderError {
                #expect(error.itemID == id, "\(error)")
                #expect(error.description.contains(id))
                #expect(String(describing: error).isEmpty == false)
                let matches: Bool
                switch (kind, error) {
                case ("missingBand", .missingBand), ("offGrid", .offGrid), ("unreadableAsset", .unreadableAsset): matches = true
                default: matches = false
                }
                #expect(matches, "\(id): expected \(kind), got \(error)")
            }
            #expect(!FileManager.default.fileExists(atPath: store.path), "no store is made from a bad item alone")
        }
    }

    @Test func skipBadItemsIngestsTheRestAndNeverDamagesTheStore() async throws {
        let dir = try badSample()
        defer { try? FileManager.default.removeItem(at: dir) }
        let definition = try CubeTestSupport.definition()
        let store = dir.appendingPathComponent("cube.zarr")
        // A store holding the good item first.
        try await CubeTestSupport.build(dir.appendingPathComponent("S1A_20250603T052000_good.json").path, store: store, definition: definition)
        let before = try CubeTestSupport.files(store)
        // Without skipping, the first bad item stops the run and nothing changes.
        await #expect(throws: CubeBuilderError.self) {
            try await CubeTestSupport.build(dir.appendingPathComponent("items.json").path, store: store, definition: definition)
        }
        #expect(try CubeTestSupport.files(store) == before)
        // With skipping, every bad item is reported by id and the store still holds the good data.
        let report = try await CubeTestSupport.build(dir.appendingPathComponent("items.json").path, store: store, definition: definition, skipBadItems: true)
        #expect(Set(report.skippedItems.map(\.id)) == Set(Self.badIDs.keys))
        #expect(report.alreadyIngested == ["S1A_20250603T052000_good"])
        #expect(try CubeTestSupport.files(store) == before)
    }

    @Test func anUnreadableAssetKeepsGeoRastersError() async throws {
        let dir = try badSample()
        defer { try? FileManager.default.removeItem(at: dir) }
        let id = "S1A_20250608T052000_unreadable"
        do {
            try await CubeTestSupport.build(dir.appendingPathComponent("\(id).json").path, store: dir.appendingPathComponent("cube.zarr"),
                                            definition: CubeTestSupport.definition())
            Issue.record("\(id) was accepted")
        } catch let error as CubeBuilderError {
            guard case .unreadableAsset(let itemID, _, let href, .raster(let rasterError)) = error else {
                Issue.record("expected unreadableAsset caused by a GeoRasterError, got \(error)")
                return
            }
            #expect(itemID == id)
            #expect(!href.isEmpty)
            #expect(error.description.contains(rasterError.description))
            #expect(error.description.contains("BuildOptions.skipBadItems"), "\(error)")
            #expect(!error.description.contains("--skip-bad-items"), "the library speaks of BuildOptions: \(error)")
        }
    }

    @Test(.enabled(if: CubeTestSupport.eocubeBinary != nil))
    func theCommandLineAddsTheFlagHint() async throws {
        let dir = try badSample()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("cube.zarr")
        let bad = try CubeTestSupport.runEOCube(["build", "--quiet", "--stac", dir.appendingPathComponent("S1A_20250608T052000_unreadable.json").path,
                                                 "--tile", CubeTestSupport.tile, "--store", store.path, "--group", CubeTestSupport.group])
        #expect(bad.status != 0)
        #expect(bad.text.contains("S1A_20250608T052000_unreadable"), "\(bad.text)")
        #expect(bad.text.contains("Hint: pass --skip-bad-items"), "\(bad.text)")
        let small = try CubeTestSupport.runEOCube(CubeTestSupport.sampleBuildArguments(store: store) + ["--memory-budget", "1KiB"])
        #expect(small.status != 0)
        #expect(small.text.contains("BuildOptions.memoryBudget"), "\(small.text)")
        #expect(small.text.contains("Hint: raise --memory-budget"), "\(small.text)")
    }
}
