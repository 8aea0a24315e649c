/// One codec of an array's `codecs` chain, with its configuration, as written in `zarr.json`.
///
/// The chain must be: array→array codecs (``transpose(order:)``), then exactly one
/// array→bytes codec (``bytes(endian:)`` or ``sharding(_:)``), then bytes→bytes codecs
/// (compressors and checksums). Make one with the static constructors (`.zstd(level: 3,
/// checksum: false)`, `.blosc(…)`, `.crc32c`, …); read its settings back with
/// ``configuration(as:)``.
public struct ZarrCodec: Sendable, Hashable, CustomStringConvertible {
    /// The codec's configuration; its type is the codec (see ``CodecPlugin``).
    let plugin: any CodecPlugin

    /// Wraps one codec's configuration.
    init(_ plugin: any CodecPlugin) { self.plugin = plugin }

    /// The codec's `name` in `zarr.json`.
    public var name: String { type(of: plugin).codecName }

    /// The codec's configuration when it is a `C` (e.g. ``ZarrShardingConfiguration``), else `nil`.
    public func configuration<C: ZarrCodecConfiguration>(as type: C.Type = C.self) -> C? { plugin as? C }

    /// A short summary such as `blosc(zstd,5,shuffle)` or `zstd(3)`, for listings.
    public var description: String { plugin.description }

    /// Which stage of the chain the codec belongs to.
    var stage: CodecStage { type(of: plugin).stage }

    public static func == (lhs: ZarrCodec, rhs: ZarrCodec) -> Bool { AnyHashable(lhs.plugin) == AnyHashable(rhs.plugin) }

    public func hash(into hasher: inout Hasher) { hasher.combine(AnyHashable(plugin)) }
}

/// The stages of a codec chain, in the order they apply when encoding.
enum CodecStage: Sendable {
    case arrayToArray, arrayToBytes, bytesToBytes
}

// MARK: - JSON

extension ZarrCodec {
    /// The codec as a `{"name": …, "configuration": {…}}` object.
    func json(elementSize: Int) -> JSONValue {
        guard let configuration = plugin.configurationJSON(elementSize: elementSize) else { return ["name": .string(name)] }
        return ["name": .string(name), "configuration": configuration]
    }

    /// The codec as a JSON object for keeping a chain outside an array's metadata (a build
    /// plan, say): settings that depend on the array's element size (Blosc's `typesize`) are
    /// left out, so each array fills in its own when the codec is used.
    public var portableJSON: JSONValue {
        let one = json(elementSize: 1), two = json(elementSize: 2)
        guard var configuration = one["configuration"]?.objectValue, let other = two["configuration"]?.objectValue else { return one }
        for (key, value) in configuration where other[key] != value { configuration[key] = nil }
        return ["name": .string(name), "configuration": .object(configuration)]
    }

    /// A codec from ``portableJSON`` (or any codec object of `zarr.json`).
    public init(portableJSON json: JSONValue) throws(ZarrError) {
        self = try Self.parse(json, key: "codec")
    }

    /// Parses one codec object (or bare name) through ``ZarrCodecRegistry``; unknown names are an
    /// ``ZarrError/unsupportedFeature(key:feature:)``.
    static func parse(_ json: JSONValue, key: String) throws(ZarrError) -> ZarrCodec {
        let name: String
        let configuration: JSONValue
        if let s = json.stringValue {
            name = s
            configuration = .object([:])
        } else {
            guard let n = json["name"]?.stringValue else { throw .invalidMetadata(key: key, reason: "a codec has no name") }
            name = n
            configuration = json["configuration"] ?? .object([:])
            guard configuration.objectValue != nil else {
                throw .invalidMetadata(key: key, reason: "codec '\(n)' configuration is not an object")
            }
        }
        guard let plugin = ZarrCodecRegistry.plugin(named: name) else {
            throw .unsupportedFeature(key: key, feature: "codec '\(name)'")
        }
        return ZarrCodec(try plugin.init(reading: CodecConfigurationReader(name: name, json: configuration, key: key)))
    }
}
