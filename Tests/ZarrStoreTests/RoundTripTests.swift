import Foundation
import InteropSupport
import Testing
@testable import ZarrStore

/// In-process round trips through the memory store (no Python needed).
struct RoundTripTests {
    @Test func regionWriteThenReadReturnsTheSameValues() async throws {
        let storage = MemoryStorage()
        let root = try await ZarrGroup.create(storage)
        let array = try await root.createArray("a", definition: .init(dataType: .int16, shape: [10, 20], chunkShape: [4, 5], fillValue: .int(-9999)))
        let values = (0..<200).map { Int16($0) }
        try await array.write(values)
        #expect(try await array.read(Int16.self) == values)
        let part: [Int16] = try await array.read(region: [2..<5, 3..<9])
        var expected: [Int16] = []
        for y in 2..<5 { for x in 3..<9 { expected.append(Int16(y * 20 + x)) } }
        #expect(part == expected)
    }

    @Test func shardedPartialWriteKeepsOtherValuesAndFill() async throws {
        let storage = MemoryStorage()
        let root = try await ZarrGroup.create(storage)
        let array = try await root.createArray("s", definition: .init(dataType: .int32, shape: [9, 11], chunkShape: [2, 3], shardShape: [4, 6],
                                                                       compressors: [.blosc(.init())], fillValue: .int(7)))
        try await array.write([Int32](repeating: 1, count: 6), region: [1..<3, 4..<7])
        let all: [Int32] = try await array.read()
        for y in 0..<9 { for x in 0..<11 {
            let expected: Int32 = (1..<3).contains(y) && (4..<7).contains(x) ? 1 : 7
            #expect(all[y * 11 + x] == expected)
        } }
        try await array.write([Int32](repeating: 7, count: 6), region: [1..<3, 4..<7])
        #expect(storage.allKeys.filter { $0.hasPrefix("s/c") }.isEmpty)
    }
}

/// Concurrent writers of regions that share chunks and shards lose no updates.
struct ConcurrentWriteTests {
    @Test(arguments: [false, true])
    func concurrentRegionWritesSharingChunksAllLand(sharded: Bool) async throws {
        let directory = try Interop.temporaryDirectory("zarr-concurrent")
        defer { try? FileManager.default.removeItem(at: directory) }
        let storage = try FileSystemStorage(path: directory.path, create: true)
        let array = try await ZarrArray.create(storage, path: "a", definition: .init(
            dataType: .int32, shape: [8, 64], chunkShape: [4, 16], shardShape: sharded ? [8, 64] : nil, fillValue: .int(-1)))
        // 64 one-column writes: every chunk (or the single shard) is shared by many writers.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for x in 0..<64 {
                group.addTask { try await array.write((0..<8).map { Int32($0 * 100 + x) }, region: [0..<8, x..<(x + 1)]) }
            }
            try await group.waitForAll()
        }
        let all: [Int32] = try await array.read()
        var expected: [Int32] = []
        for y in 0..<8 { for x in 0..<64 { expected.append(Int32(y * 100 + x)) } }
        #expect(all == expected)
    }
}
