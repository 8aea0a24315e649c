import CZlib
import Foundation
import InteropSupport
import Testing
@testable import ZarrStore

/// Sizes read from a store (file sizes, codec headers, shard index entries) and sizes asked for
/// (regions) are checked against the metadata and the memory budget before anything is
/// allocated: a typed error, never an allocation failure that aborts the process.
struct SizeLimitTests {
    private func expectCorrupt(_ fragment: String, _ body: () async throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) async {
        do {
            try await body()
            Issue.record("expected corruptChunk containing '\(fragment)'", sourceLocation: sourceLocation)
        } catch let error as ZarrError {
            guard case .corruptChunk(_, let reason) = error, reason.contains(fragment) else {
                Issue.record("expected corruptChunk containing '\(fragment)', got \(error)", sourceLocation: sourceLocation)
                return
            }
        } catch {
            Issue.record("untyped error \(error)", sourceLocation: sourceLocation)
        }
    }

    /// Replaces `key`'s file by a sparse file of `size` bytes (no disk space used).
    private func makeSparse(_ storage: FileSystemStorage, _ key: String, size: Int) throws {
        let path = storage.root + "/" + key
        FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.truncate(atOffset: UInt64(size))
        try handle.close()
    }

    @Test func aHugeChunkOrShardFileIsRefusedByItsSizeBeforeItIsRead() async throws {
        let directory = try Interop.temporaryDirectory("zarr-size-file")
        defer { try? FileManager.default.removeItem(at: directory) }
        let storage = try FileSystemStorage(path: directory.path, create: true)
        let plain = try await ZarrArray.create(storage, path: "p", definition: .init(dataType: .int32, shape: [64], chunkShape: [64]))
        try await plain.write((0..<64).map { Int32($0) })
        let sharded = try await ZarrArray.create(storage, path: "s", definition: .init(dataType: .int32, shape: [64], chunkShape: [16], shardShape: [64]))
        try await sharded.write((0..<64).map { Int32($0) })
        for key in ["p/c/0", "s/c/0"] { try makeSparse(storage, key, size: 5 << 30) }
        await expectCorrupt("\(5 << 30) bytes, more than") { _ = try await plain.read(Int32.self) }
        await expectCorrupt("\(5 << 30) bytes, more than") { _ = try await sharded.read(Int32.self) }
        // A partial write reads the old chunk first: the same check applies.
        await expectCorrupt("\(5 << 30) bytes, more than") { try await plain.write([Int32(1)], region: [3..<4]) }
        await expectCorrupt("\(5 << 30) bytes, more than") { try await sharded.write([Int32(1)], region: [3..<4]) }
        // The default (fetch, then check) of other backends gives the same error.
        let memory = MemoryStorage()
        let inMemory = try await ZarrArray.create(memory, path: "p", definition: .init(dataType: .int32, shape: [4], chunkShape: [4], compressors: []))
        try memory.set("p/c/0", [UInt8](repeating: 0, count: 64 << 10))
        await expectCorrupt("\(64 << 10) bytes, more than") { _ = try await inMemory.read(Int32.self) }
    }

    @Test func codecHeadersCannotClaimMoreThanAChunkHolds() async throws {
        let storage = MemoryStorage()
        func make(_ name: String, _ compressors: [ZarrCodec]) async throws -> ZarrArray {
            try await ZarrArray.create(storage, path: name, definition: .init(dataType: .uint8, shape: [256], chunkShape: [256], compressors: compressors))
        }
        // Zeros compressed below the stored-size limit (~4 KiB) that each codec would inflate
        // far past the 256-byte chunk: 100 MB for zstd, 10 MB for blosc, 2 MB for gzip.
        let bomb = [UInt8](repeating: 0, count: 100 << 20), smallBomb = [UInt8](repeating: 0, count: 2 << 20)
        let zstd = try await make("z", [.zstd(level: 1, checksum: false)])
        try storage.set("z/c/0", try ZstdCodec(level: 1, checksum: false).encode(bomb))
        await expectCorrupt("more than the") { _ = try await zstd.readBytes() }
        let gzip = try await make("g", [.gzip(level: 1)])
        try storage.set("g/c/0", try GzipCodec(level: 9).encode(smallBomb))
        await expectCorrupt("inflates to more than the") { _ = try await gzip.readBytes() }
        let blosc = try await make("b", [.blosc(.init())])
        try storage.set("b/c/0", try BloscCodec(configuration: .init(), elementSize: 1).encode(Array(bomb.prefix(10 << 20))))
        await expectCorrupt("blosc header is invalid or") { _ = try await blosc.readBytes() }
        // Behind a checksum the limit is the checksummed size, still far below the bomb.
        let wrapped = try await make("w", [.gzip(level: 1), .crc32c])
        try storage.set("w/c/0", try Crc32cCodec().encode(GzipCodec(level: 9).encode(smallBomb)))
        await expectCorrupt("inflates to more than the") { _ = try await wrapped.readBytes() }
        // The limits derive from the chain: 256 bytes, then each compressor's worst-case expansion.
        let pipeline = try CodecPipeline(codecs: [.bytes(endian: nil), .gzip(level: 1), .crc32c], dataType: .uint8, chunkShape: [256], key: "k")
        #expect((pipeline.bytesToBytes[0] as? GzipCodec)?.decodedLimit == 256)
        #expect(pipeline.maximumStoredSize < 16 << 10)
    }

    @Test func aShardIndexEntryLongerThanAnInnerChunkCanBeIsCorrupt() async throws {
        let storage = MemoryStorage()
        let metadata = ZarrArrayMetadata(shape: [16], dataType: .int16, chunkShape: [16], fillValue: .int(0),
                                         codecs: [.sharding(.init(chunkShape: [4], codecs: [.bytes(endian: .little)], indexCodecs: [.bytes(endian: .little)]))])
        let array = try await ZarrArray.create(storage, path: "s", metadata: metadata)
        try await array.write((1...16).map { Int16($0) })
        var shard = try #require(try storage.get("s/c/0"))
        // Entry 0: offset 0, 8 GiB long (a ranged read of one inner chunk would allocate it).
        let entry = shard.count - 4 * 16 + 8
        shard.replaceSubrange(entry..<(entry + 8), with: withUnsafeBytes(of: UInt64(8 << 30).littleEndian) { Array($0) })
        try storage.set("s/c/0", shard)
        await expectCorrupt("more than the") { _ = try await array.read(Int16.self, region: [0..<4]) }
    }

    @Test func aRegionLargerThanTheMemoryBudgetIsAnInvalidRegion() async throws {
        let storage = MemoryStorage()
        let rows = MemoryBudget.bytes / 4096 + 1
        let array = try await ZarrArray.create(storage, path: "big", definition: .init(dataType: .uint8, shape: [rows, 4096], chunkShape: [1024, 1024]))
        do {
            _ = try await array.readBytes()
            Issue.record("a region beyond the memory budget was read")
        } catch {
            guard case .invalidRegion(_, let reason) = error, reason.contains("bytes of memory") else { Issue.record("unexpected \(error)"); return }
        }
        // Just inside the budget the check passes (a small region of the same array reads).
        #expect(try await array.readBytes(region: [0..<2, 0..<2]) == [0, 0, 0, 0])
    }
}
