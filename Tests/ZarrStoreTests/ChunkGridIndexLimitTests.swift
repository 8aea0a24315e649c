import Foundation
import Testing

@testable import ZarrStore

/// Arrays whose shape reaches the end of `Int`: chunk-grid arithmetic (`origin + chunk`,
/// rounding up to whole chunks) must neither trap nor be accepted when it cannot be represented.
struct ChunkGridIndexLimitTests {
    func store(shape: Int, chunk: Int) throws -> MemoryStorage {
        let storage = MemoryStorage()
        let json = #"{"zarr_format": 3, "node_type": "array", "shape": [\#(shape)], "data_type": "uint8", "#
            + #""chunk_grid": {"name": "regular", "configuration": {"chunk_shape": [\#(chunk)]}}, "#
            + #""chunk_key_encoding": {"name": "default", "configuration": {"separator": "/"}}, "#
            + #""fill_value": 9, "codecs": [{"name": "bytes"}]}"#
        try storage.set("a/zarr.json", Array(json.utf8))
        return storage
    }

    @Test func shapeWhoseLastChunkEndsPastIntMaxIsInvalidMetadata() async throws {
        let storage = try store(shape: Int.max, chunk: 1000)
        await #expect {
            let array = try await ZarrArray.open(storage, path: "a")
            // Without the check, reading the last elements traps computing the last chunk's box.
            _ = try await array.readBytes(region: [(Int.max - 10)..<Int.max])
        } throws: { error in
            guard case .invalidMetadata(let key, let reason) = error as? ZarrError else { return false }
            return key == "a/zarr.json" && reason.contains("\(Int.max)")
        }
    }

    @Test func lastElementsOfAnArrayEndingAtAWholeChunkNearIntMaxReadAsFill() async throws {
        let shape = Int.max - Int.max % 1000
        let array = try await ZarrArray.open(try store(shape: shape, chunk: 1000), path: "a")
        let bytes = try await array.readBytes(region: [(shape - 10)..<shape])
        #expect(bytes == [UInt8](repeating: 9, count: 10))
    }

    @Test func resizingPastTheLargestIndexIsRefusedAndKeepsTheShape() async throws {
        var array = try await ZarrArray.open(try store(shape: 100, chunk: 1000), path: "a")
        await #expect {
            try await array.resize(to: [Int.max])
        } throws: { error in
            guard case .invalidRegion(let name, _) = error as? ZarrError else { return false }
            return name == "a"
        }
        #expect(array.shape == [100])
        #expect(try await ZarrArray.open(array.storage, path: "a").shape == [100])
    }
}
