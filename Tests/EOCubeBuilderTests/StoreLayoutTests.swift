import EOCubeBuilder
import Foundation
import InteropSupport
import Testing

/// A cube keeps the layout it was built with: extending it with other chunks or shards would make
/// the builder's blocks straddle the store's shards, so it is refused, naming both layouts.
@Suite(.enabled(if: CubeTestSupport.interopEnabled))
struct StoreLayoutTests {
    @Test func extendingACubeWithAnotherLayoutIsRefusedNamingBoth() async throws {
        let dir = try Interop.temporaryDirectory("cube-layout")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("cube.zarr")
        try await CubeTestSupport.build(store: store, definition: CubeTestSupport.definition(chunk: [256, 256], shard: [512, 512]))
        let before = try CubeTestSupport.files(store)
        for (chunk, shard) in [([256, 256], nil), ([256, 256], [1024, 1024]), ([128, 128], [512, 512])] as [([Int], [Int]?)] {
            do {
                try await CubeTestSupport.build(store: store, definition: CubeTestSupport.definition(chunk: chunk, shard: shard))
                Issue.record("layout \(chunk) / \(String(describing: shard)) was accepted")
            } catch let error as CubeBuilderError {
                let text = error.description
                #expect(text.contains("chunks 1,256,256, shards 1,512,512"), "\(text)")
                #expect(text.contains("chunks 1,\(chunk[0]),\(chunk[1]), shards \(shard.map { "1,\($0[0]),\($0[1])" } ?? "none")"), "\(text)")
            }
        }
        // Nothing was written by the refused builds.
        #expect(try CubeTestSupport.files(store) == before)
        // The same layout extends it.
        try await CubeTestSupport.build(store: store, definition: CubeTestSupport.definition(chunk: [256, 256], shard: [512, 512]))
    }
}
