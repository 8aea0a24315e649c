/// One codec of an array's `codecs` chain, with its configuration, as written in `zarr.json`.
///
/// The chain must be: array→array codecs (``transpose(order:)``), then exactly one
/// array→bytes codec (``bytes(endian:)`` or ``sharding(_:)``), then bytes→bytes codecs
/// (compressors and checksums).
public enum ZarrCodec: Sendable, Hashable {
    /// `bytes`: elements in little or big endian byte order (`nil` for single-byte types).
    case bytes(endian: ZarrEndian?)
    /// `transpose`: a permutation of the chunk's axes.
    case transpose(order: [Int])
    /// `gzip`: RFC 1952 gzip at a level 0…9.
    case gzip(level: Int)
    /// `zstd`: Zstandard at a level (0 = library default), optionally with a content checksum.
    case zstd(level: Int, checksum: Bool)
    /// `blosc`: the Blosc 1 meta-compressor.
    case blosc(ZarrBloscConfiguration)
    /// `crc32c`: a 4-byte CRC-32C checksum appended to the bytes.
    case crc32c
    /// `numcodecs.zlib`: RFC 1950 zlib at a level 0…9 (zarr-python's wrapper of numcodecs' Zlib).
    case zlib(level: Int)
    /// `numcodecs.fletcher32`: HDF5's 4-byte Fletcher-32 checksum appended to the bytes.
    case fletcher32
    /// `sharding_indexed`: many inner chunks stored in one shard object with an index.
    case sharding(ZarrShardingConfiguration)

    /// The codec's `name` in `zarr.json`.
    public var name: String {
        switch self {
        case .bytes: return "bytes"
        case .transpose: return "transpose"
        case .gzip: return "gzip"
        case .zstd: return "zstd"
        case .blosc: return "blosc"
        case .crc32c: return "crc32c"
        case .zlib: return "numcodecs.zlib"
        case .fletcher32: return "numcodecs.fletcher32"
        case .sharding: return "sharding_indexed"
        }
    }

    /// Which stage of the chain the codec belongs to.
    var kind: Kind {
        switch self {
        case .transpose: return .arrayToArray
        case .bytes, .sharding: return .arrayToBytes
        default: return .bytesToBytes
        }
    }

    enum Kind { case arrayToArray, arrayToBytes, bytesToBytes }
}

// MARK: - JSON

extension ZarrCodec {
    /// The codec as a `{"name": …, "configuration": {…}}` object.
    func json(elementSize: Int) -> JSONValue {
        switch self {
        case .bytes(let endian):
            // zarr-python omits the configuration for single-byte types.
            guard let endian else { return ["name": "bytes"] }
            return ["name": "bytes", "configuration": ["endian": .string(endian.rawValue)]]
        case .transpose(let order):
            return ["name": "transpose", "configuration": ["order": .array(order.map { .int(Int64($0)) })]]
        case .gzip(let level):
            return ["name": "gzip", "configuration": ["level": .int(Int64(level))]]
        case .zstd(let level, let checksum):
            return ["name": "zstd", "configuration": ["level": .int(Int64(level)), "checksum": .bool(checksum)]]
        case .blosc(let c):
            return ["name": "blosc", "configuration": [
                "typesize": .int(Int64(c.typeSize ?? elementSize)), "cname": .string(c.compressor.rawValue),
                "clevel": .int(Int64(c.level)), "shuffle": .string(c.shuffle.rawValue), "blocksize": .int(Int64(c.blockSize)),
            ]]
        case .crc32c:
            return ["name": "crc32c"]
        case .zlib(let level):
            return ["name": "numcodecs.zlib", "configuration": ["level": .int(Int64(level))]]
        case .fletcher32:
            return ["name": "numcodecs.fletcher32"]
        case .sharding(let s):
            return ["name": "sharding_indexed", "configuration": [
                "chunk_shape": .array(s.chunkShape.map { .int(Int64($0)) }),
                "codecs": .array(s.codecs.map { $0.json(elementSize: elementSize) }),
                "index_codecs": .array(s.indexCodecs.map { $0.json(elementSize: 8) }),
                "index_location": .string(s.indexLocation.rawValue),
            ]]
        }
    }

    /// Parses one codec object; unknown names are an ``ZarrError/unsupportedFeature(key:feature:)``.
    static func parse(_ json: JSONValue, key: String) throws(ZarrError) -> ZarrCodec {
        func bad(_ reason: String) -> ZarrError { .invalidMetadata(key: key, reason: reason) }
        let name: String
        let configuration: JSONValue
        if let s = json.stringValue {
            name = s
            configuration = .object([:])
        } else {
            guard let n = json["name"]?.stringValue else { throw bad("a codec has no name") }
            name = n
            configuration = json["configuration"] ?? .object([:])
            guard configuration.objectValue != nil else { throw bad("codec '\(n)' configuration is not an object") }
        }
        func int(_ member: String, default value: Int? = nil) throws(ZarrError) -> Int {
            if let v = configuration[member] {
                guard let i = v.intValue else { throw bad("codec '\(name)' \(member) is not an integer") }
                return i
            }
            guard let value else { throw bad("codec '\(name)' lacks \(member)") }
            return value
        }
        func shape(_ member: String) throws(ZarrError) -> [Int] {
            guard let list = configuration[member]?.arrayValue else { throw bad("codec '\(name)' lacks \(member)") }
            var result: [Int] = []
            for v in list {
                guard let i = v.intValue, i >= 0 else { throw bad("codec '\(name)' \(member) must hold non-negative integers") }
                result.append(i)
            }
            return result
        }
        func chain(_ member: String) throws(ZarrError) -> [ZarrCodec] {
            guard let list = configuration[member]?.arrayValue else { throw bad("codec '\(name)' lacks \(member)") }
            var result: [ZarrCodec] = []
            for v in list { result.append(try parse(v, key: key)) }
            return result
        }
        switch name {
        case "bytes":
            guard let e = configuration["endian"] else { return .bytes(endian: nil) }
            guard let s = e.stringValue, let endian = ZarrEndian(rawValue: s) else { throw bad("bytes endian must be 'little' or 'big'") }
            return .bytes(endian: endian)
        case "transpose":
            if configuration["order"]?.stringValue != nil { throw bad("transpose order 'C'/'F' strings are not Zarr v3; use a permutation") }
            return .transpose(order: try shape("order"))
        case "gzip":
            let level = try int("level", default: 5)
            guard (0...9).contains(level) else { throw bad("gzip level \(level) is outside 0…9") }
            return .gzip(level: level)
        case "zstd":
            let checksum = configuration["checksum"]?.boolValue ?? false
            let level = try int("level", default: 0)
            // libzstd's range (ZSTD_minCLevel()…ZSTD_maxCLevel()); the value reaches C as an int.
            guard (-131_072...22).contains(level) else { throw bad("zstd level \(level) is outside -131072…22") }
            return .zstd(level: level, checksum: checksum)
        case "blosc":
            let cname = configuration["cname"]?.stringValue ?? "zstd"
            guard let compressor = ZarrBloscConfiguration.Compressor(rawValue: cname) else {
                throw .unsupportedFeature(key: key, feature: "blosc compressor '\(cname)'")
            }
            var shuffle = ZarrBloscConfiguration.Shuffle.noshuffle
            if let s = configuration["shuffle"] {
                if let text = s.stringValue, let parsed = ZarrBloscConfiguration.Shuffle(rawValue: text) { shuffle = parsed }
                else if let i = s.intValue, (0...2).contains(i) { shuffle = [.noshuffle, .shuffle, .bitshuffle][i] }
                else { throw bad("blosc shuffle must be noshuffle, shuffle or bitshuffle") }
            }
            let typeSize = configuration["typesize"].flatMap { $0.intValue }
            let level = try int("clevel", default: 5)
            guard (0...9).contains(level) else { throw bad("blosc clevel \(level) is outside 0…9") }
            let blockSize = try int("blocksize", default: 0)
            guard blockSize >= 0, blockSize <= Int(Int32.max) else { throw bad("blosc blocksize \(blockSize) is outside 0…\(Int32.max)") }
            return .blosc(.init(compressor: compressor, level: level, shuffle: shuffle, typeSize: typeSize, blockSize: blockSize))
        case "crc32c":
            return .crc32c
        case "numcodecs.zlib", "zlib":
            let level = try int("level", default: 1)
            guard (0...9).contains(level) else { throw bad("zlib level \(level) is outside 0…9") }
            return .zlib(level: level)
        case "numcodecs.fletcher32":
            return .fletcher32
        case "sharding_indexed":
            let location: ZarrShardingConfiguration.IndexLocation
            if let l = configuration["index_location"] {
                guard let s = l.stringValue, let parsed = ZarrShardingConfiguration.IndexLocation(rawValue: s) else {
                    throw bad("index_location must be 'start' or 'end'")
                }
                location = parsed
            } else { location = .end }
            return .sharding(.init(chunkShape: try shape("chunk_shape"), codecs: try chain("codecs"),
                                   indexCodecs: try chain("index_codecs"), indexLocation: location))
        default:
            throw .unsupportedFeature(key: key, feature: "codec '\(name)'")
        }
    }
}
