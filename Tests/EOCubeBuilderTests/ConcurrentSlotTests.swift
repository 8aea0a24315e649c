import EOCubeBuilder
import Foundation
import InteropSupport
import Testing

/// Two builders bringing acquisitions of the same day slot to one store (a backfill beside the
/// daily update) neither lose each other's pixels nor depend on who came first: whatever the
/// timing or order, the store equals one build of all the items, array for array.
@Suite(.serialized)
struct ConcurrentSlotTests {
    /// Split slot 2025-06-03 of the sample between its first acquisition (A1, 05:20:00) and the
    /// two later ones (A2, A2b at 05:20:25), whose footprints overlap A1's by 200 rows.
    private let early = "2025-06-01T00:00:00Z/2025-06-03T05:20:10Z"
    private let late = "2025-06-03T05:20:10Z/2025-06-30T00:00:00Z"

    /// Every array file of two stores that differs (journals and the lock file aside: a split
    /// run journals the same items in its own order).
    private func differences(_ a: URL, _ b: URL) throws -> [String] {
        try CubeTestSupport.differences(a, b).filter { !$0.contains("eocube_journal") && !$0.contains(".eocube-block-locks") }
    }

    @Test(.enabled(if: CubeTestSupport.interopEnabled && CubeTestSupport.eocubeBinary != nil),
          arguments: [["--chunk-shape", "256,256", "--shard-shape", "512,512"], ["--chunk-shape", "256,256", "--shard-shape", "none"]])
    func buildsSplittingOneDaySlotEqualOneBuildWhateverTheirTimingAndOrder(layout: [String]) throws {
        let binary = try #require(CubeTestSupport.eocubeBinary)
        let dir = try Interop.temporaryDirectory("cube-slot-race")
        defer { try? FileManager.default.removeItem(at: dir) }
        let whole = dir.appendingPathComponent("whole.zarr")
        CubeTestSupport.expectSuccess([try CubeTestSupport.launchBuild(binary, store: whole, arguments: layout)], "whole")

        // One after the other, the later acquisitions first: A1 must still own the overlap.
        let reversed = dir.appendingPathComponent("reversed.zarr")
        CubeTestSupport.expectSuccess([try CubeTestSupport.launchBuild(binary, store: reversed, arguments: layout + ["--datetime", late])], "late")
        CubeTestSupport.expectSuccess([try CubeTestSupport.launchBuild(binary, store: reversed, arguments: layout + ["--datetime", early])], "early")
        var found = try differences(reversed, whole)
        #expect(found.isEmpty, "later items first, then the earlier one: \(found.prefix(5))")

        // At once, on a store both race to create, and staggered on an existing store.
        for (round, delay) in [0.0, 0.0, 0.02, 0.05, 0.1, 0.2].enumerated() {
            let store = dir.appendingPathComponent("race-\(round).zarr")
            if round >= 2 {
                // The store exists (an earlier day slot is in it), as for a daily update.
                CubeTestSupport.expectSuccess([try CubeTestSupport.launchBuild(binary, store: store, arguments: layout + ["--datetime", "2025-06-19T00:00:00Z/2025-06-21T00:00:00Z"])], "prefill \(round)")
            }
            let (first, second) = round % 2 == 0 ? (early, late) : (late, early)
            let a = try CubeTestSupport.launchBuild(binary, store: store, arguments: layout + ["--datetime", first])
            if delay > 0 { Thread.sleep(forTimeInterval: delay) }
            let b = try CubeTestSupport.launchBuild(binary, store: store, arguments: layout + ["--datetime", second])
            CubeTestSupport.expectSuccess([a, b], "round \(round)")
            found = try differences(store, whole)
            #expect(found.isEmpty, "round \(round) (\(first) then \(second) \(delay) s later): \(found.prefix(5))")
        }
    }
}
