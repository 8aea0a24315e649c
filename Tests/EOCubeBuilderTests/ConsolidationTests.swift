import EOCubeBuilder
import Foundation
import InteropSupport
import Testing
import ZarrStore

/// The builder updates consolidated metadata entry by entry as the time axis grows, instead of
/// re-reading the hierarchy each time: the result must be exactly what a full consolidation
/// writes, and the groups between the root and the cube must carry none that could go stale.
@Suite(.enabled(if: CubeTestSupport.interopEnabled))
struct ConsolidationTests {
    @Test(arguments: [[256, 256], [20, 256, 256]])
    func consolidatedMetadataAfterABuildIsWhatAFullConsolidationWrites(chunk: [Int]) async throws {
        let dir = try Interop.temporaryDirectory("cube-consolidation")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("cube.zarr")
        // Two runs, so the second grows an existing store's axis (the sample's slots ascend).
        let items = try await CubeItemSearch(source: CubeTestSupport.sampleItems, search: .init()).items()
        let definition = try CubeTestSupport.definition(chunk: chunk, shard: chunk.count == 3 ? [20, 1024, 1024] : nil)
        let builder = CubeBuilder(definition: definition, storePath: store.path)
        _ = try await builder.build(items: Array(items.prefix(2)))
        _ = try await builder.build(items: items)

        let storage = try FileSystemStorage(path: store.path)
        let group = CubeTestSupport.group
        let built = try #require(try storage.get(group + "/zarr.json")), builtRoot = try #require(try storage.get("zarr.json"))
        var cube = try await ZarrGroup.open(storage, path: group)
        _ = try await cube.consolidateMetadata()
        var root = try await ZarrGroup.open(storage)
        _ = try await root.consolidateMetadata()
        #expect(try storage.get(group + "/zarr.json") == built, "the cube group's consolidated metadata differs from a full consolidation")
        #expect(try storage.get("zarr.json") == builtRoot, "the root's consolidated metadata differs from a full consolidation")
        #expect(try await ZarrGroup.open(storage, path: "s1sig0").metadata.consolidatedMetadata == nil)
        let time = try #require(try await cube.openArray("time").shape.first)
        #expect(time > 3900, "the axis grew to the sample's days")
    }
}
