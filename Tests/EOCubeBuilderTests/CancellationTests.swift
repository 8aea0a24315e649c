import EOCubeBuilder
import Foundation
import InteropSupport
import STACClient
import Synchronization
import Testing

/// Cancelling a build's task stops it promptly with `CubeBuilderError.cancelled`, leaves a store
/// xarray opens, and building again finishes it byte-identical to an uninterrupted build.
///
/// The build cancels itself from its own progress report (after the first, second, … merged
/// block or unit), so the moment does not depend on how fast a loaded machine runs the test.
@Suite(.enabled(if: CubeTestSupport.interopEnabled), .serialized)
struct CancellationTests {
    @Test(arguments: [([256, 256], [512, 512]), ([20, 256, 256], [20, 1024, 1024])] as [([Int], [Int])])
    func aCancelledBuildStopsPromptlyAndResumes(chunk: [Int], shard: [Int]) async throws {
        let dir = try Interop.temporaryDirectory("cube-cancel")
        defer { try? FileManager.default.removeItem(at: dir) }
        let definition = try CubeTestSupport.definition(chunk: chunk, shard: shard)
        let items = try await CubeItemSearch(source: CubeTestSupport.sampleItems, search: .init()).items()
        let complete = dir.appendingPathComponent("complete.zarr")
        try await CubeTestSupport.build(store: complete, definition: definition)
        for reports in 1...3 {
            let store = dir.appendingPathComponent("cancelled-\(reports).zarr")
            let cancelledAt = Mutex<ContinuousClock.Instant?>(nil)
            let seen = Atomic<Int>(0)
            let options = BuildOptions(progress: { _ in
                guard seen.add(1, ordering: .relaxed).newValue == reports else { return }
                cancelledAt.withLock { $0 = .now }
                withUnsafeCurrentTask { $0?.cancel() }
            })
            let builder = CubeBuilder(definition: definition, storePath: store.path, options: options)
            // Its own task: the progress report cancels the task it runs in, not the test's.
            let result = await Task { () async -> Result<BuildReport, CubeBuilderError> in
                do throws(CubeBuilderError) { return .success(try await builder.build(items: items)) } catch { return .failure(error) }
            }.value
            switch result {
            case .success:
                Issue.record("the build cancelled after \(reports) progress report(s) finished anyway")
            case .failure(let error):
                guard case .cancelled = error else {
                    Issue.record("expected .cancelled, got \(error)")
                    break
                }
                // Promptly: the running units finish or are abandoned, nothing new starts.
                let at = try #require(cancelledAt.withLock { $0 })
                #expect(ContinuousClock.now - at < .seconds(15))
            }
            let output = try Interop.runPython(["-c", """
                import sys, xarray as xr
                ds = xr.open_zarr(sys.argv[1], group="s1sig0/EU", consolidated=True, chunks=None)
                print("opened", ds.sizes["time"])
                """, store.path])
            #expect(output.hasPrefix("opened"))
            try await CubeTestSupport.build(store: store, definition: definition)
            #expect(try CubeTestSupport.differences(store, complete) == [], "cancelled after \(reports) report(s)")
        }
    }
}
