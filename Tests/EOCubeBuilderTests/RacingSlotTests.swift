import Foundation
import InteropSupport
import Testing
import ZarrStore
@testable import EOCubeBuilder

/// The race the block lock alone does not close: builder A grows the time axis for a day slot,
/// so the slot is new to A, but builder B writes a block of it before A takes that block's lock.
/// A must then merge into B's pixels, not into an empty block.
@Suite(.enabled(if: CubeTestSupport.interopEnabled))
struct RacingSlotTests {
    @Test func aSlotThisRunAddedIsStillReadWhereAnotherBuilderWroteABlock() async throws {
        let dir = try Interop.temporaryDirectory("cube-racing-slot")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("cube.zarr")
        let definition = try CubeTestSupport.definition() // 256² chunks, no shards: a block is a chunk
        // B's build: 2025-06-03 (slot 3898) holds the sample's first acquisitions.
        try await CubeTestSupport.build(store: path, definition: definition)
        let storage = try FileSystemStorage(path: path.path)
        let store = try await CubeStore.open(storage, coordination: makeCoordination(for: storage, groupPath: definition.groupPath),
                                             definition: definition)
        let slot = DaySlot(index: 3898)
        let written = CubeWindow(row: 2048, column: 1024, height: 256, width: 256)
        let untouched = CubeWindow(row: 0, column: 0, height: 256, width: 256)
        #expect(store.holdsOwners(slot: slot, window: written) && !store.holdsOwners(slot: slot, window: untouched))

        // A believes the slot new: where B wrote, A still starts from B's owners and values ...
        let fromB = try await store.blockToMerge(slot: slot, window: written, slotIsNew: true)
        let stored = try await store.readBlock(slot: slot, window: written)
        #expect(fromB.sensingDate.contains { $0 != CubeDefinition.metadataFill })
        #expect(fromB.sensingDate == stored.sensingDate)
        #expect(fromB.bands.map { $0.bytes } == stored.bands.map { $0.bytes })
        // ... and where nobody wrote, it starts empty.
        let empty = try await store.blockToMerge(slot: slot, window: untouched, slotIsNew: true)
        #expect(empty.sensingDate.allSatisfy { $0 == CubeDefinition.metadataFill } && empty.takenPixels == 0)
    }
}
