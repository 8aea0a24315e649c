import Foundation
import InteropSupport
@testable import ZarrStore

/// Shared fixtures for the zarr-python / xarray interop tests.
enum InteropFixtures {
    static var enabled: Bool { Interop.isAvailable || ProcessInfo.processInfo.environment["EOCUBE_REQUIRE_INTEROP"] != nil }

    static let shape = [7, 13]
    static let chunks = [3, 5]
    static let shard = [6, 10]

    /// The same non-trivial fill values the Python scripts use (zarr_common.fill_for).
    static func fill(_ t: ZarrDataType) -> ZarrFillValue {
        switch t {
        case .bool: return .bool(true)
        case .int8, .int32: return .int(-7)
        case .int16: return .int(-9999)
        case .int64: return .int(-(1 << 40))
        case .uint8, .uint16, .uint32: return .uint(7)
        case .uint64: return .uint((1 << 63) + 5)
        case .float16: return .float(-.infinity)
        case .float32: return .float(.nan)
        case .float64: return .float(1.5)
        case .complex64: return .complex(real: .nan, imaginary: 1)
        case .complex128: return .complex(real: 2, imaginary: .infinity)
        }
    }

    /// Every codec chain the interop matrix covers, by the names zarr_generate.py uses.
    static func chains(_ t: ZarrDataType) -> [(String, ZarrArrayDefinition)] {
        func def(_ compressors: [ZarrCodec] = [], filters: [ZarrCodec] = [], endian: ZarrEndian = .little, shard: [Int]? = nil,
                 location: ZarrShardingConfiguration.IndexLocation = .end, keys: ZarrChunkKeyEncoding = .default(separator: .slash)) -> ZarrArrayDefinition {
            ZarrArrayDefinition(dataType: t, shape: shape, chunkShape: chunks, shardShape: shard, filters: filters, compressors: compressors,
                                endian: endian, fillValue: fill(t), chunkKeyEncoding: keys, shardIndexLocation: location)
        }
        return [
            ("raw", def()),
            ("big_gzip", def([.gzip(level: 6)], endian: .big)),
            ("zstd_checksum", def([.zstd(level: 3, checksum: true)])),
            ("blosc_lz4_shuffle", def([.blosc(.init(compressor: .lz4, level: 5, shuffle: .shuffle))])),
            ("blosc_zstd_bitshuffle", def([.blosc(.init(compressor: .zstd, level: 3, shuffle: .bitshuffle))])),
            ("blosc_blosclz_noshuffle", def([.blosc(.init(compressor: .blosclz, level: 9, shuffle: .noshuffle))])),
            ("blosc_zlib_shuffle", def([.blosc(.init(compressor: .zlib, level: 1, shuffle: .shuffle))])),
            ("blosc_lz4hc_bitshuffle", def([.blosc(.init(compressor: .lz4hc, level: 4, shuffle: .bitshuffle))])),
            ("transpose_crc32c", def([.crc32c], filters: [.transpose(order: [1, 0])])),
            ("shard_end", def([.blosc(.init(compressor: .zstd, level: 5, shuffle: .shuffle))], shard: shard)),
            ("shard_start", def([.zstd(level: 1, checksum: false), .crc32c], shard: shard, location: .start)),
            ("v2_dot_keys", def([.zstd(level: 0, checksum: false)], keys: .v2(separator: .dot))),
            ("default_dot_keys", def([.zstd(level: 0, checksum: false)], keys: .default(separator: .dot))),
        ]
    }

    /// Deterministic pseudo-random element bytes (SplitMix64), valid for the type (`bool` as 0/1).
    static func values(_ t: ZarrDataType, count: Int, seed: UInt64) -> [UInt8] {
        var state = seed &* 0x9E37_79B9_7F4A_7C15 &+ 1
        var bytes = [UInt8]()
        bytes.reserveCapacity(count * t.byteCount + 8)
        while bytes.count < count * t.byteCount {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            withUnsafeBytes(of: z.littleEndian) { bytes.append(contentsOf: $0) }
        }
        bytes.removeSubrange((count * t.byteCount)...)
        if t == .bool { for i in bytes.indices { bytes[i] &= 1 } }
        return bytes
    }

    /// Elements of `region` cut out of a full C-order buffer of `shape`.
    static func extract(_ full: [UInt8], shape: [Int], region: [Range<Int>], elementSize: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: region.reduce(1) { $0 * $1.count } * elementSize)
        full.withUnsafeBytes { src in
            out.withUnsafeMutableBytes { dst in
                RegionCopy.copy(from: src.baseAddress!, sourceShape: shape, sourceOrigin: region.map(\.lowerBound),
                                to: dst.baseAddress!, destinationShape: region.map(\.count), destinationOrigin: region.map { _ in 0 },
                                extent: region.map(\.count), elementSize: elementSize)
            }
        }
        return out
    }

    /// Parses a manifest.json written by the Python scripts: path → (dtype, shape).
    static func manifest(_ directory: URL) throws -> [(path: String, dataType: ZarrDataType, shape: [Int])] {
        let bytes = [UInt8](try Data(contentsOf: directory.appendingPathComponent("manifest.json")))
        let json = try JSONValue.parse(bytes, source: "manifest.json")
        return (json.objectValue ?? [:]).compactMap { path, info in
            guard let dt = info["dtype"]?.stringValue.flatMap(ZarrDataType.init(rawValue:)),
                  let shape = info["shape"]?.arrayValue?.compactMap(\.intValue) else { return nil }
            return (path, dt, shape)
        }
    }

    static func bin(_ directory: URL, _ path: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory.appendingPathComponent(path.replacingOccurrences(of: "/", with: "__") + ".bin")))
    }

    static func writeManifest(_ entries: [(String, ZarrDataType, [Int])], to directory: URL) throws {
        var members = JSONObject()
        for (path, dataType, shape) in entries {
            members[path] = ["dtype": .string(dataType.rawValue), "shape": .array(shape.map { .int(Int64($0)) })]
        }
        let json = JSONValue.object(members)
        try Data(json.serialized()).write(to: directory.appendingPathComponent("manifest.json"))
    }
}
