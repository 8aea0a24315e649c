import Foundation
import InteropSupport
import Testing
@testable import ZarrStore

/// Codec parameters must reach the stored bytes, not only `zarr.json`: Blosc's shuffle and
/// typesize in its header flags, zstd's checksum flag in the frame header, the CRC-32C at the
/// end of every shard index. Checked against numcodecs' encoding (Tests/Interop/zarr_codec_bytes.py).
@Suite(.enabled(if: InteropFixtures.enabled, "needs the interop venv (numcodecs, zarr-python)"))
struct CodecBytesTests {
    /// Compressible, non-uniform element bytes (a ramp), so every codec really compresses.
    private func ramp(_ dataType: ZarrDataType, count: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        for i in 0..<count {
            let value = UInt64(i / 3)
            for b in 0..<dataType.byteCount { bytes.append(b < 8 ? UInt8(truncatingIfNeeded: value >> UInt64(8 * b)) : 0) }
        }
        return bytes
    }

    @Test func codecParametersAreInTheBytesAsNumcodecsWritesThem() async throws {
        let directory = try Interop.temporaryDirectory("zarr-codec-bytes")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = directory.appendingPathComponent("store.zarr").path
        let storage = try FileSystemStorage(path: store, create: true)
        let root = try await ZarrGroup.create(storage)
        var expected = ["blosc": 0, "zstd": 0, "shard_index_crc32c": 0, "crc32c": 0]
        func add(_ name: String, _ definition: ZarrArrayDefinition, chunks: Int, kinds: [String]) async throws {
            let array = try await root.createArray(name, definition: definition)
            try await array.writeBytes(ramp(definition.dataType, count: definition.shape.reduce(1, *)))
            for kind in kinds { expected[kind, default: 0] += chunks }
        }
        for dataType in [ZarrDataType.uint8, .int16, .float32, .float64, .complex128] {
            for shuffle in [ZarrBloscConfiguration.Shuffle.noshuffle, .shuffle, .bitshuffle] {
                for compressor in [ZarrBloscConfiguration.Compressor.lz4, .zstd] {
                    try await add("blosc_\(dataType.rawValue)_\(shuffle.rawValue)_\(compressor.rawValue)",
                                  .init(dataType: dataType, shape: [64, 64], chunkShape: [32, 64],
                                        compressors: [.blosc(.init(compressor: compressor, level: 5, shuffle: shuffle))]), chunks: 2, kinds: ["blosc"])
                }
            }
        }
        for checksum in [false, true] {
            try await add("zstd_checksum_\(checksum)", .init(dataType: .int32, shape: [64, 64], chunkShape: [32, 64],
                                                             compressors: [.zstd(level: 3, checksum: checksum)]), chunks: 2, kinds: ["zstd"])
            try await add("zstd_crc32c_\(checksum)", .init(dataType: .uint16, shape: [64], chunkShape: [64],
                                                           compressors: [.zstd(level: 1, checksum: checksum), .crc32c]), chunks: 1, kinds: ["zstd", "crc32c"])
        }
        // The cube's layout: shards of bitshuffled Blosc chunks, index at either end.
        for location in [ZarrShardingConfiguration.IndexLocation.end, .start] {
            try await add("sharded_\(location.rawValue)", .init(dataType: .int16, shape: [2, 64, 64], chunkShape: [1, 16, 16], shardShape: [1, 64, 64],
                                                               compressors: [.blosc(.init(compressor: .zstd, level: 5, shuffle: .bitshuffle))],
                                                               shardIndexLocation: location), chunks: 2, kinds: ["shard_index_crc32c"])
            expected["blosc", default: 0] += 2 * 16
        }
        let report = try Interop.runPython(["zarr_codec_bytes.py", store])
        let counts = try JSONValue.parse(Array(report.utf8), source: "report")
        for (kind, count) in expected {
            #expect(counts[kind]?.intValue == count, "\(kind): checked \(counts[kind]?.intValue ?? -1) chunks, expected \(count)\n\(report)")
        }
    }

    @Test func aShardIndexFailingItsChecksumIsACorruptChunk() async throws {
        let storage = MemoryStorage()
        let array = try await ZarrArray.create(storage, path: "s", definition: .init(dataType: .int16, shape: [16], chunkShape: [4], shardShape: [16]))
        try await array.write((1...16).map { Int16($0) })
        var shard = try #require(try storage.get("s/c/0"))
        shard[shard.count - 4 * 16 - 4 + 3] ^= 0x10  // inside the index, before its checksum
        try storage.set("s/c/0", shard)
        for region in [[0..<16], [0..<4]] {  // whole-shard and ranged index reads
            do {
                _ = try await array.read(Int16.self, region: region)
                Issue.record("a shard index with a wrong checksum was read")
            } catch {
                guard case .corruptChunk("s/c/0", let reason) = error, reason.contains("crc32c mismatch") else { Issue.record("unexpected \(error)"); continue }
            }
        }
    }
}
