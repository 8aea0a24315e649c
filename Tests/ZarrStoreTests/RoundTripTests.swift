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

    /// `concurrency` only changes how many threads code the chunks: one thread must store and
    /// read exactly what all cores do, sharded or not.
    @Test(arguments: [nil, [4, 6]] as [[Int]?])
    func oneThreadStoresAndReadsWhatAllCoresDo(shardShape: [Int]?) async throws {
        let definition = ZarrArrayDefinition(dataType: .int32, shape: [9, 11], chunkShape: [2, 3], shardShape: shardShape,
                                             compressors: [.blosc(.init())], fillValue: .int(-1))
        let values: [Int32] = (0..<(7 * 9)).map { (i: Int) -> Int32 in i % 13 == 0 ? -1 : Int32(i) }
        var stored: [[String: [UInt8]]] = []
        for threads in [Parallel.width, 1] {
            let storage = MemoryStorage()
            var array = try await ZarrArray.create(storage, path: "a", definition: definition)
            array.concurrency = threads
            let region: [Range<Int>] = [1..<8, 2..<11]
            try await array.write(values, region: region)
            let back: [Int32] = try await array.read(region: region)
            #expect(back == values, "threads: \(threads)")
            stored.append(Dictionary(uniqueKeysWithValues: try storage.allKeys.map { ($0, try storage.get($0) ?? []) }))
        }
        #expect(stored[0] == stored[1])
    }
}

/// Chunks whose elements all hold one value are encoded once per value and reused
/// (`UniformChunkEncodings`): the reuse must neither mix values up nor change a stored byte.
struct UniformChunkTests {
    /// 4 × 4 chunks of 8 × 8 int64: chunk (r, c) holds `values[r][c]`, or a ramp where nil.
    static func content(_ values: [[Int64?]]) -> [Int64] {
        var content: [Int64] = []
        for y in 0..<32 { for x in 0..<32 { content.append(values[y / 8][x / 8] ?? Int64(y * 32 + x)) } }
        return content
    }

    static let pattern: [[Int64?]] = [[5, 5, 9, nil], [9, 5, 5, 9], [nil, 7, 7, 5], [-1, -1, 9, 5] as [Int64?]]

    @Test func singleValuedChunksReadBackAndStoreTheSameBytesAsAFreshEncoding() async throws {
        let definition = ZarrArrayDefinition(dataType: .int64, shape: [32, 32], chunkShape: [8, 8],
                                             compressors: [.blosc(.init(compressor: .zstd, level: 1, shuffle: .bitshuffle))], fillValue: .int(-1))
        let reused = MemoryStorage()
        let array = try await ZarrArray.create(reused, path: "a", definition: definition)
        try await array.write(Self.content(Self.pattern))
        #expect(try await array.read(Int64.self) == Self.content(Self.pattern))

        // Each chunk written by an array of its own, so every encoding is computed afresh.
        let fresh = MemoryStorage()
        _ = try await ZarrArray.create(fresh, path: "a", definition: definition)
        for r in 0..<4 { for c in 0..<4 {
            let alone = try await ZarrArray.open(fresh, path: "a")
            let whole = Self.content(Self.pattern)
            let chunk = (r * 8..<(r * 8 + 8)).flatMap { y in (c * 8..<(c * 8 + 8)).map { x in whole[y * 32 + x] } }
            try await alone.write(chunk, region: [(r * 8)..<(r * 8 + 8), (c * 8)..<(c * 8 + 8)])
        } }
        #expect(reused.allKeys == fresh.allKeys)
        #expect(!reused.allKeys.contains("a/c/3/0"), "all-fill chunk written")
        for key in reused.allKeys { #expect(try reused.get(key) == fresh.get(key), "\(key)") }
    }

    @Test(arguments: [false, true])
    func uniformPartsNamedByTheCallerStoreWhatTheValuesWould(sharded: Bool) async throws {
        let definition = ZarrArrayDefinition(dataType: .int64, shape: [32, 32], chunkShape: [8, 8], shardShape: sharded ? [16, 16] : nil,
                                             compressors: [.blosc(.init(compressor: .zstd, level: 1, shuffle: .noshuffle))], fillValue: .int(-1))
        let plain = MemoryStorage(), hinted = MemoryStorage()
        try await ZarrArray.create(plain, path: "a", definition: definition).write(Self.content(Self.pattern))
        // Name every single-valued chunk of the pattern, and one part larger than a chunk.
        var parts: [ZarrUniformPart<Int64>] = []
        for r in 0..<4 { for c in 0..<4 { if let value = Self.pattern[r][c] {
            parts.append(ZarrUniformPart(region: [(r * 8)..<(r * 8 + 8), (c * 8)..<(c * 8 + 8)], value: value))
        } } }
        parts.append(ZarrUniformPart(region: [8..<16, 8..<24], value: 5))
        // Inside the parts the values are not read: scribble over them.
        var values = Self.content(Self.pattern)
        for part in parts { for y in part.region[0] { for x in part.region[1] { values[y * 32 + x] = 12345 } } }
        try await ZarrArray.create(hinted, path: "a", definition: definition).write(values, uniformParts: parts)
        #expect(hinted.allKeys == plain.allKeys)
        for key in plain.allKeys { #expect(try hinted.get(key) == plain.get(key), "\(key)") }
    }

    @Test func singleValueChecksLookAtEveryElementOfTheBoxAndNothingElse() {
        // A 3 × 4 × 5 int32 buffer of 7s with a box [1..<3, 1..<3, 2..<5].
        var buffer = [Int32](repeating: 7, count: 60)
        func check() -> [UInt8]? {
            buffer.withUnsafeBytes { RegionCopy.uniformElement(in: $0.baseAddress!, shape: [3, 4, 5], origin: [1, 1, 2], extent: [2, 2, 3], elementSize: 4) }
        }
        buffer[0] = 9; buffer[59] = 9 // outside the box: ignored
        #expect(check() == [7, 0, 0, 0])
        buffer[2 * 20 + 2 * 5 + 4] = 8 // the box's last element
        #expect(check() == nil)
        buffer[2 * 20 + 2 * 5 + 4] = 7
        buffer[1 * 20 + 1 * 5 + 2] = 0x0107 // first element differs in its second byte only
        #expect(check() == nil)
        let same = [Int16](repeating: -9999, count: 1001).withUnsafeBytes { Array($0) }
        #expect(RegionCopy.isFilled(same, with: [0xF1, 0xD8]))
        #expect(!RegionCopy.isFilled(same, with: [0xD8, 0xF1]))
        var last = same
        last[last.count - 1] = 0
        #expect(!RegionCopy.isFilled(last, with: [0xF1, 0xD8]))
        #expect(!RegionCopy.isFilled(Array(same.dropLast()), with: [0xF1, 0xD8]), "a partial element is not a fill")
    }

    @Test func shardedSingleValuedInnerChunksKeepTheirValues() async throws {
        let storage = MemoryStorage()
        let array = try await ZarrArray.create(storage, path: "s", definition: .init(
            dataType: .int64, shape: [32, 32], chunkShape: [8, 8], shardShape: [16, 16], compressors: [.blosc(.init())], fillValue: .int(-1)))
        try await array.write(Self.content(Self.pattern))
        #expect(try await array.read(Int64.self) == Self.content(Self.pattern))
        // Overwrite with the values shifted: cached encodings of the old values must not come back.
        let shifted: [[Int64?]] = Self.pattern.map { (row: [Int64?]) -> [Int64?] in
            row.map { (value: Int64?) -> Int64? in value.map { $0 == -1 ? -1 : $0 + 1 } }
        }
        try await array.write(Self.content(shifted))
        #expect(try await array.read(Int64.self) == Self.content(shifted))
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

/// Filesystem writes are atomic: a reader racing a writer sees the old or the new chunk, never a
/// torn one, also when each write starts its file's writeback at once.
struct AtomicWriteTests {
    @Test(arguments: [false, true])
    func readersNeverSeeHalfWrittenChunks(startingWritebackEarly: Bool) async throws {
        let directory = try Interop.temporaryDirectory("zarr-atomic")
        defer { try? FileManager.default.removeItem(at: directory) }
        var storage = try FileSystemStorage(path: directory.path, create: true)
        storage.startsWritebackEarly = startingWritebackEarly
        // One big chunk, no checksum: a torn file would decode to a mix (or fail to decode).
        let array = try await ZarrArray.create(storage, path: "a", definition: .init(dataType: .int64, shape: [1 << 18], chunkShape: [1 << 18],
                                                                                    compressors: [.zstd(level: 1, checksum: false)]))
        // The second pattern does not compress, so its chunk is well above the early-writeback size.
        let patterns: [[Int64]] = [[Int64](repeating: 1, count: 1 << 18),
                                   (0..<(1 << 18)).map { Int64(bitPattern: UInt64($0) &* 0x9E37_79B9_7F4A_7C15) }]
        try await array.write(patterns[0])
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for i in 0..<31 { try await array.write(patterns[(i + 1) % 2]) }
            }
            group.addTask {
                for _ in 0..<60 {
                    let values: [Int64] = try await array.read()
                    #expect(values == patterns[0] || values == patterns[1])
                }
            }
            try await group.waitForAll()
        }
        // No temporary files are left behind, and the last write is the stored one.
        let leftovers = try FileManager.default.subpathsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty)
        try storage.flushToDisk()
        #expect(try await array.read(Int64.self) == patterns[1])
        let stored = try storage.get("a/c/0")?.count ?? 0
        #expect(stored >= FileSystemStorage.earlyWritebackMinimumBytes, "the chunk takes the early-writeback path")
    }
}
