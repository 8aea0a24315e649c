import EOCubeBuilder
import Foundation
import InteropSupport
import Testing

/// Cancelling a build's task stops it promptly with `CubeBuilderError.cancelled`, leaves a store
/// xarray opens, and building again finishes it byte-identical to an uninterrupted build.
@Suite(.enabled(if: CubeTestSupport.interopEnabled), .serialized)
struct CancellationTests {
    @Test(arguments: [([256, 256], [512, 512]), ([20, 256, 256], [20, 1024, 1024])] as [([Int], [Int])])
    func aCancelledBuildStopsPromptlyAndResumes(chunk: [Int], shard: [Int]) async throws {
        let dir = try Interop.temporaryDirectory("cube-cancel")
        defer { try? FileManager.default.removeItem(at: dir) }
        let definition = try CubeTestSupport.definition(chunk: chunk, shard: shard)
        let complete = dir.appendingPathComponent("complete.zarr")
        let started = ContinuousClock.now
        try await CubeTestSupport.build(store: complete, definition: definition)
        let duration = ContinuousClock.now - started
        var cancelledMidway = 0
        for (round, share) in [0.1, 0.3, 0.6].enumerated() {
            let store = dir.appendingPathComponent("cancelled-\(round).zarr")
            let build = Task { try await CubeTestSupport.build(store: store, definition: definition) }
            try await Task.sleep(for: duration * share)
            let cancelledAt = ContinuousClock.now
            build.cancel()
            let result = await build.result
            // Promptly: the running units finish or are abandoned, nothing new starts.
            #expect(ContinuousClock.now - cancelledAt < .seconds(15))
            if case .failure(let error) = result {
                cancelledMidway += 1
                guard case CubeBuilderError.cancelled = error else {
                    Issue.record("expected .cancelled, got \(error)")
                    continue
                }
            }
            if FileManager.default.fileExists(atPath: store.appendingPathComponent("s1sig0/EU/zarr.json").path) {
                let output = try Interop.runPython(["-c", """
                    import sys, xarray as xr
                    ds = xr.open_zarr(sys.argv[1], group="s1sig0/EU", consolidated=True, chunks=None)
                    print("opened", ds.sizes["time"])
                    """, store.path])
                #expect(output.hasPrefix("opened"))
            }
            try await CubeTestSupport.build(store: store, definition: definition)
            #expect(try CubeTestSupport.differences(store, complete) == [], "round \(round)")
        }
        // At least one round must have stopped a build in progress, or the test proves nothing.
        #expect(cancelledMidway > 0)
    }
}
