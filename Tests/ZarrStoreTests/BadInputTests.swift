import Foundation
import InteropSupport
import Testing
@testable import ZarrStore

/// Hostile or broken stores must produce typed errors, never a crash or a write outside the root.
struct BadInputTests {
    private func makeStore() throws -> (URL, FileSystemStorage) {
        let directory = try Interop.temporaryDirectory("zarr-bad")
        let store = directory.appendingPathComponent("store.zarr")
        return (directory, try FileSystemStorage(path: store.path, create: true))
    }

    private func expectError(_ expected: (ZarrError) -> Bool, _ body: () async throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) async {
        do {
            try await body()
            Issue.record("expected an error", sourceLocation: sourceLocation)
        } catch let error as ZarrError {
            #expect(expected(error), "unexpected error: \(error)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("untyped error \(error)", sourceLocation: sourceLocation)
        }
    }

    private func arrayDocument(codecs: String = #"[{"name":"bytes","configuration":{"endian":"little"}}]"#, extra: String = "") -> String {
        #"{"zarr_format":3,"node_type":"array","shape":[4],"data_type":"int32","chunk_grid":{"name":"regular","configuration":{"chunk_shape":[4]}},"chunk_key_encoding":{"name":"default","configuration":{"separator":"/"}},"fill_value":0,"codecs":"# + codecs + extra + "}"
    }

    @Test func malformedMetadataIsAnInvalidMetadataError() async throws {
        let (dir, storage) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        for text in ["{not json", #"{"zarr_format":3,"node_type":"array"}"#, #"{"zarr_format":2,"node_type":"array"}"#,
                     String(repeating: "[", count: 10_000), #"{"zarr_format":3,"node_type":"array","shape":[-1]}"#,
                     arrayDocument().replacingOccurrences(of: #""chunk_shape":[4]"#, with: #""chunk_shape":[0]"#)] {
            try storage.set("a/zarr.json", Array(text.utf8))
            await expectError({ if case .invalidMetadata(let key, _) = $0 { return key == "a/zarr.json" }; return false }) {
                _ = try await ZarrArray.open(storage, path: "a")
            }
        }
    }

    @Test func unknownCodecsTransformersAndExtensionsAreUnsupported() async throws {
        let (dir, storage) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let documents = [
            (arrayDocument(codecs: #"[{"name":"bytes","configuration":{"endian":"little"}},{"name":"lzma"}]"#), "codec 'lzma'"),
            (arrayDocument(extra: #","storage_transformers":[{"name":"sharding"}]"#), "storage transformer 'sharding'"),
            (arrayDocument(extra: #","my_extension":{"must_understand":true}"#), "metadata extension 'my_extension'"),
            (arrayDocument().replacingOccurrences(of: #""int32""#, with: #""string""#), "data type 'string'"),
            (arrayDocument().replacingOccurrences(of: #""name":"regular""#, with: #""name":"rectilinear""#), "chunk grid 'rectilinear'"),
        ]
        for (text, feature) in documents {
            try storage.set("a/zarr.json", Array(text.utf8))
            await expectError({ $0 == .unsupportedFeature(key: "a/zarr.json", feature: feature) }) {
                _ = try await ZarrArray.open(storage, path: "a")
            }
        }
        // Codec parameters that would not fit the C libraries' ints (found by the fuzzer: a zstd level
        // of 2^40 trapped converting to Int32 when a chunk was written).
        for (codecs, reason) in [(#"[{"name":"bytes","configuration":{"endian":"little"}},{"name":"zstd","configuration":{"level":1099511627776}}]"#,
                                  "zstd level 1099511627776 is outside -131072…22"),
                                 (#"[{"name":"bytes","configuration":{"endian":"little"}},{"name":"blosc","configuration":{"cname":"lz4","blocksize":-1}}]"#,
                                  "blosc blocksize -1 is outside 0…2147483647")] {
            try storage.set("a/zarr.json", Array(arrayDocument(codecs: codecs).utf8))
            await expectError({ $0 == .invalidMetadata(key: "a/zarr.json", reason: reason) }) { _ = try await ZarrArray.open(storage, path: "a") }
        }
        // An extension that may be ignored is ignored.
        try storage.set("a/zarr.json", Array(arrayDocument(extra: #","my_extension":{"must_understand":false}"#).utf8))
        _ = try await ZarrArray.open(storage, path: "a")
    }

    @Test func hugeChunksFromMetadataAreRefusedNotAllocated() async throws {
        let (dir, storage) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = arrayDocument().replacingOccurrences(of: #""chunk_shape":[4]"#, with: #""chunk_shape":[4000000000000]"#)
        try storage.set("a/zarr.json", Array(text.utf8))
        await expectError({ if case .invalidMetadata("a/zarr.json", let reason) = $0 { return reason.contains("GiB limit") }; return false }) {
            _ = try await ZarrArray.open(storage, path: "a")
        }
        // A shard index with billions of entries.
        let sharded = arrayDocument(codecs: #"[{"name":"sharding_indexed","configuration":{"chunk_shape":[1],"codecs":[{"name":"bytes","configuration":{"endian":"little"}}],"index_codecs":[{"name":"bytes","configuration":{"endian":"little"}}]}}]"#)
            .replacingOccurrences(of: #""chunk_shape":[4]}}"#, with: #""chunk_shape":[1000000000]}}"#)
        try storage.set("a/zarr.json", Array(sharded.utf8))
        await expectError({ if case .invalidMetadata("a/zarr.json", let reason) = $0 { return reason.contains("inner chunks") }; return false }) {
            _ = try await ZarrArray.open(storage, path: "a")
        }
    }

    @Test func truncatedCorruptAndChecksumFailingChunksAreCorruptChunkErrors() async throws {
        let (dir, storage) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let root = try await ZarrGroup.create(storage)
        let values = (0..<64).map { Int32($0) }
        let chains: [(String, [ZarrCodec])] = [("z", [.zstd(level: 3, checksum: false)]), ("b", [.blosc(.init())]), ("g", [.gzip(level: 5)]),
                                                ("c", [.crc32c]), ("r", [])]
        for (name, compressors) in chains {
            let array = try await root.createArray(name, definition: .init(dataType: .int32, shape: [64], chunkShape: [64], compressors: compressors))
            try await array.write(values)
            let key = "\(name)/c/0"
            let good = try #require(try storage.get(key))
            // Truncated.
            try storage.set(key, Array(good.prefix(good.count / 2)))
            await expectError({ if case .corruptChunk(let k, _) = $0 { return k == key }; return false }) { _ = try await array.read(Int32.self) }
            // One flipped byte near the end (for crc32c: inside the data, so the checksum fails).
            var flipped = good
            flipped[good.count - 6] ^= 0xFF
            try storage.set(key, flipped)
            // Not every compressor detects every flip; it must give a typed error or a full-sized result, never a crash.
            if let read = try? await array.read(Int32.self) { #expect(read.count == 64) }
            // Garbage.
            try storage.set(key, [UInt8](repeating: 0xAB, count: 3))
            await expectError({ if case .corruptChunk(let k, _) = $0 { return k == key }; return false }) { _ = try await array.read(Int32.self) }
        }
        // crc32c specifically reports a mismatch.
        let crcArray = try await root.openArray("c")
        try await crcArray.write(values)
        var bytes = try #require(try storage.get("c/c/0"))
        bytes[0] ^= 1
        try storage.set("c/c/0", bytes)
        await expectError({ if case .corruptChunk(_, let reason) = $0 { return reason.contains("crc32c mismatch") }; return false }) {
            _ = try await crcArray.read(Int32.self)
        }
    }

    @Test func shardIndexEntriesOutOfRangeAreCorruptChunkErrors() async throws {
        let (dir, storage) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let root = try await ZarrGroup.create(storage)
        // Index without a checksum so we can forge entries.
        let metadata = ZarrArrayMetadata(shape: [16], dataType: .int16, chunkShape: [16], fillValue: .int(0),
                                         codecs: [.sharding(.init(chunkShape: [4], codecs: [.bytes(endian: .little)], indexCodecs: [.bytes(endian: .little)]))])
        let array = try await ZarrArray.create(storage, path: "s", metadata: metadata)
        try await array.write((1...16).map { Int16($0) })
        var shard = try #require(try storage.get("s/c/0"))
        // Entry 1's offset points far past the end.
        let entry = shard.count - 4 * 16 + 16
        shard.replaceSubrange(entry..<(entry + 8), with: withUnsafeBytes(of: UInt64(1 << 40).littleEndian) { Array($0) })
        try storage.set("s/c/0", shard)
        await expectError({ if case .corruptChunk(_, let reason) = $0 { return reason.contains("out of range") }; return false }) {
            _ = try await array.read(Int16.self)
        }
        // Reading only the first inner chunk goes through byte ranges; the bad entry is not needed.
        #expect(try await array.read(Int16.self, region: [0..<4]) == [1, 2, 3, 4])
        // A shard shorter than its index.
        try storage.set("s/c/0", [1, 2, 3])
        await expectError({ $0 == .corruptChunk(key: "s/c/0", reason: "shard is shorter than its index") }) { _ = try await array.read(Int16.self) }
        _ = root
    }

    @Test func zarrV2NodesAreUnsupportedFeaturesNamingTheirDocument() async throws {
        let storage = MemoryStorage()
        try storage.set("g/.zgroup", Array(#"{"zarr_format":2}"#.utf8))
        try storage.set("g/a/.zarray", Array(#"{"zarr_format":2,"shape":[2],"chunks":[2],"dtype":"<i2"}"#.utf8))
        for (path, key) in [("g", "g/.zgroup"), ("g/a", "g/a/.zarray")] {
            await expectError({ if case .unsupportedFeature(key, let feature) = $0 { return feature.contains("Zarr v2") }; return false }) {
                _ = try await ZarrNode.open(storage, path: path)
            }
            await expectError({ if case .unsupportedFeature(key, _) = $0 { return true }; return false }) { _ = try await ZarrArray.open(storage, path: path) }
            await expectError({ if case .unsupportedFeature(key, _) = $0 { return true }; return false }) { _ = try await ZarrGroup.open(storage, path: path) }
        }
        await expectError({ $0 == .nodeNotFound(path: "missing") }) { _ = try await ZarrNode.open(storage, path: "missing") }
    }

    @Test func aBooleanFillIsTrueFalseZeroOrOneOnly() async throws {
        for (text, expected) in [("0", false), ("1", true), ("false", false), ("true", true)] {
            #expect(try ZarrFillValue.decode(JSONValue.parse(Array(text.utf8), source: "t"), dataType: .bool, key: "k") == .bool(expected))
        }
        for text in ["2", "-1", "0.5", "\"0\"", "null"] {
            #expect(throws: ZarrError.invalidMetadata(key: "k", reason: "fill_value \(text) is not valid for data type bool")) {
                try ZarrFillValue.decode(JSONValue.parse(Array(text.utf8), source: "t"), dataType: .bool, key: "k")
            }
        }
    }

    @Test func pathsWithDotDotOrAbsoluteSegmentsAreRejectedAndNothingIsWrittenOutside() async throws {
        let (dir, storage) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let root = try await ZarrGroup.create(storage)
        let definition = ZarrArrayDefinition(dataType: .uint8, shape: [2], chunkShape: [2])
        for bad in ["../escape", "a/../../escape", "//etc/x", "a/./b", "a//b", "a\\b", "a/\u{0}"] {
            await expectError({ if case .invalidPath = $0 { return true }; return false }) {
                _ = try await root.createArray(bad, definition: definition)
            }
            await expectError({ if case .invalidPath = $0 { return true }; return false }) { _ = try await ZarrGroup.open(storage, path: bad) }
        }
        await expectError({ if case .invalidPath = $0 { return true }; return false }) { try storage.set("../outside", [1]) }
        await expectError({ if case .invalidPath = $0 { return true }; return false }) { _ = try storage.get("/etc/passwd") }
        let outside = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        #expect(outside == ["store.zarr"])
        // A consolidated document naming a child with '..' cannot be opened either.
        await expectError({ if case .invalidPath = $0 { return true }; return false }) { _ = try await root.openArray("x/../../y") }
    }

    @Test func writesThroughASymbolicLinkInsideTheStoreAreRefused() async throws {
        let (dir, storage) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let elsewhere = dir.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: storage.root + "/group", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: storage.root + "/group/linked", withDestinationPath: elsewhere.path)
        let isInvalidPath: (ZarrError) -> Bool = { if case .invalidPath = $0 { return true }; return false }
        await expectError(isInvalidPath) { try storage.set("group/linked/zarr.json", [1]) }
        await expectError(isInvalidPath) { try storage.set("group/linked/c/0/0", [1]) }
        await expectError(isInvalidPath) { try storage.delete("group/linked/zarr.json") }
        await expectError(isInvalidPath) { try storage.deleteAll(under: "group/linked/c") }
        let root = try await ZarrGroup.create(storage)
        await expectError(isInvalidPath) {
            _ = try await root.createArray("group/linked/a", definition: ZarrArrayDefinition(dataType: .uint8, shape: [2], chunkShape: [2]))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere.path).isEmpty)
        // Writes beside the link still work.
        try storage.set("group/zarr.json", Array(#"{"zarr_format":3,"node_type":"group"}"#.utf8))
    }

    @Test func wrongRegionsAndValueCountsAreTypedErrors() async throws {
        let storage = MemoryStorage()
        let root = try await ZarrGroup.create(storage)
        let array = try await root.createArray("a", definition: .init(dataType: .float32, shape: [4, 4], chunkShape: [2, 2]))
        await expectError({ $0 == .invalidRegion(array: "a", reason: "range 0..<5 is outside 0..<4 in dimension 0") }) {
            _ = try await array.read(Float.self, region: [0..<5, 0..<4])
        }
        await expectError({ $0 == .invalidRegion(array: "a", reason: "region has 1 dimensions, the array 2") }) { _ = try await array.read(Float.self, region: [0..<4]) }
        await expectError({ if case .invalidValues("a", let reason) = $0 { return reason.contains("3") }; return false }) { try await array.write([Float](repeating: 0, count: 3)) }
        await expectError({ $0 == .invalidValues(array: "a", reason: "requested Double but the array holds float32") }) { _ = try await array.read(Double.self) }
        await expectError({ $0 == .nodeNotFound(path: "missing") }) { _ = try await root.openArray("missing") }
        await expectError({ $0 == .nodeTypeMismatch(path: "a", expected: "group", found: "array") }) { _ = try await ZarrGroup.open(storage, path: "a") }
        await expectError({ $0 == .nodeAlreadyExists(path: "a") }) {
            _ = try await root.createArray("a", definition: .init(dataType: .float32, shape: [4, 4], chunkShape: [2, 2]))
        }
    }
}
