import Foundation
import InteropSupport
import Testing
@testable import ZarrStore

/// `ZarrShardWriter` streams a shard slab by slab: what it stores must read back (by us and by
/// zarr-python) as the values written, whatever the slabs, the index location and the edges.
struct ShardWriterTests {
    /// A `[t, y, x]` array with shards `[4, 6, 8]` of chunks `[2, 3, 4]` whose last shard row and
    /// column stick out of the array, so edge inner chunks are cut.
    static func definition(_ location: ZarrShardingConfiguration.IndexLocation) -> ZarrArrayDefinition {
        ZarrArrayDefinition(dataType: .int16, shape: [4, 9, 13], chunkShape: [2, 3, 4], shardShape: [4, 6, 8],
                            compressors: [.zstd(level: 1, checksum: false)], fillValue: .int(-9999), shardIndexLocation: location)
    }

    static func values(shape: [Int], seed: Int) -> [Int16] {
        (0..<shape.reduce(1, *)).map { i in (i * 7 + seed) % 23 == 0 ? -9999 : Int16((i * 31 + seed) % 30_000) }
    }

    static func writeBySlabs(_ array: ZarrArray, values: [Int16], slabRows: Int) throws {
        let shape = array.shape
        for shardY in 0..<2 { for shardX in 0..<2 {
            let writer = try ZarrShardWriter(array: array, shard: [0, shardY, shardX])
            let columns = (shardX * 8)..<min(shape[2], shardX * 8 + 8)
            var row = shardY * 6
            while row < min(shape[1], shardY * 6 + 6) {
                let rows = row..<min(shape[1], row + slabRows, shardY * 6 + 6)
                var slab: [Int16] = []
                for t in 0..<shape[0] { for y in rows { for x in columns { slab.append(values[(t * shape[1] + y) * shape[2] + x]) } } }
                try writer.write(slab, region: [0..<shape[0], rows, columns])
                row = rows.upperBound
            }
            try writer.finish()
        } }
    }

    @Test(arguments: [ZarrShardingConfiguration.IndexLocation.end, .start], [3, 6])
    func slabsReadBackAsWritten(location: ZarrShardingConfiguration.IndexLocation, slabRows: Int) async throws {
        let storage = MemoryStorage()
        let array = try await ZarrArray.create(storage, path: "a", definition: Self.definition(location))
        let values = Self.values(shape: array.shape, seed: slabRows)
        try Self.writeBySlabs(array, values: values, slabRows: slabRows)
        #expect(try await array.read(Int16.self) == values)
        // The same values written whole give the same values back (the bytes may be ordered otherwise).
        let whole = try await ZarrArray.create(MemoryStorage(), path: "a", definition: Self.definition(location))
        try await whole.write(values)
        #expect(try await whole.read(Int16.self) == array.read(Int16.self))
    }

    @Test func aShardOfFillIsNotStoredAndReplacesTheOldOne() async throws {
        let storage = MemoryStorage()
        let array = try await ZarrArray.create(storage, path: "a", definition: Self.definition(.end))
        try await array.write([Int16](repeating: 5, count: 4 * 9 * 13))
        #expect(storage.allKeys.contains("a/c/0/0/0"))
        let writer = try ZarrShardWriter(array: array, shard: [0, 0, 0])
        try writer.write([Int16](repeating: -9999, count: 4 * 6 * 8), region: [0..<4, 0..<6, 0..<8])
        #expect(try writer.finish() == false)
        #expect(!storage.allKeys.contains("a/c/0/0/0"))
    }

    @Test func refusesSlabsThatAreNotWholeInnerChunksOrRepeat() async throws {
        let array = try await ZarrArray.create(MemoryStorage(), path: "a", definition: Self.definition(.end))
        let writer = try ZarrShardWriter(array: array, shard: [0, 0, 0])
        #expect(throws: ZarrError.self) { try writer.write([Int16](repeating: 1, count: 4 * 2 * 8), region: [0..<4, 0..<2, 0..<8]) }
        #expect(throws: ZarrError.self) { try writer.write([Int16](repeating: 1, count: 4 * 3 * 8), region: [0..<4, 3..<6, 1..<9]) }
        try writer.write([Int16](repeating: 1, count: 4 * 3 * 8), region: [0..<4, 0..<3, 0..<8])
        #expect(throws: ZarrError.self) { try writer.write([Int16](repeating: 1, count: 4 * 3 * 8), region: [0..<4, 0..<3, 0..<8]) }
        #expect(throws: ZarrError.self) { try ZarrShardWriter(array: array, shard: [0, 2, 0]) }
    }

    /// Nothing is visible until `finish`: an abandoned writer leaves the old shard, and on disk
    /// no partial file under the shard's key.
    @Test func anAbandonedShardLeavesTheOldOne() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("shard-writer-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let storage = try FileSystemStorage(path: directory.path, create: true)
        let array = try await ZarrArray.create(storage, path: "a", definition: Self.definition(.end))
        let old = Self.values(shape: array.shape, seed: 1)
        try await array.write(old)
        do {
            let writer = try ZarrShardWriter(array: array, shard: [0, 0, 0])
            try writer.write([Int16](repeating: 3, count: 4 * 3 * 8), region: [0..<4, 0..<3, 0..<8])
            writer.abort()
        }
        #expect(try await array.read(Int16.self) == old)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path + "/a/c/0/0").filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty)
    }

    /// zarr-python reads a streamed shard store as the values written.
    @Test(.enabled(if: InteropFixtures.enabled, "needs the interop venv (zarr-python)"))
    func zarrPythonReadsStreamedShards() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("shard-writer-py-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let storage = try FileSystemStorage(path: directory.path, create: true)
        let array = try await ZarrArray.create(storage, path: "a", definition: Self.definition(.start))
        let values = Self.values(shape: array.shape, seed: 5)
        try Self.writeBySlabs(array, values: values, slabRows: 3)
        let script = "import sys, zarr, numpy as np; a = zarr.open_array(sys.argv[1], mode='r', path='a'); print(','.join(map(str, np.asarray(a[...]).ravel().tolist())))"
        let output = try Interop.runPython(["-c", script, directory.path])
        #expect(output.trimmingCharacters(in: .whitespacesAndNewlines) == values.map(String.init).joined(separator: ","))
    }
}
