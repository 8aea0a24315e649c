/// The contents of an array's `zarr.json` (Zarr v3, `node_type: "array"`).
public struct ZarrArrayMetadata: Sendable, Hashable {
    /// The array's shape, one extent per dimension.
    public var shape: [Int]
    /// The element type.
    public var dataType: ZarrDataType
    /// The regular chunk grid's chunk shape (with sharding: the shard shape).
    public var chunkShape: [Int]
    /// How chunk coordinates map to store keys.
    public var chunkKeyEncoding: ZarrChunkKeyEncoding
    /// The value of never-written elements.
    public var fillValue: ZarrFillValue
    /// The codec chain.
    public var codecs: [ZarrCodec]
    /// User attributes (written with sorted keys).
    public var attributes: [String: JSONValue]
    /// Optional names of the dimensions (`nil` entries for unnamed ones).
    public var dimensionNames: [String?]?

    /// Array metadata; `fillValue` must fit `dataType` and the codec chain must be well-formed
    /// (checked when the array is created).
    public init(shape: [Int], dataType: ZarrDataType, chunkShape: [Int], chunkKeyEncoding: ZarrChunkKeyEncoding = .default(separator: .slash),
                fillValue: ZarrFillValue, codecs: [ZarrCodec], attributes: [String: JSONValue] = [:], dimensionNames: [String?]? = nil) {
        self.shape = shape
        self.dataType = dataType
        self.chunkShape = chunkShape
        self.chunkKeyEncoding = chunkKeyEncoding
        self.fillValue = fillValue
        self.codecs = codecs
        self.attributes = attributes
        self.dimensionNames = dimensionNames
    }

    /// The inner chunk shape when the array is sharded (the unit of partial reads), else `nil`.
    public var innerChunkShape: [Int]? {
        codecs.lazy.compactMap { $0.configuration(as: ZarrShardingConfiguration.self)?.chunkShape }.first
    }
}

// MARK: - JSON

extension ZarrArrayMetadata {
    /// Largest decoded chunk (or shard) we agree to allocate, so hostile metadata cannot exhaust memory.
    static let maximumChunkBytes = 1 << 32

    /// The `zarr.json` document.
    public var json: JSONValue {
        var members: JSONObject = [
            "shape": .array(shape.map { .int(Int64($0)) }),
            "data_type": .string(dataType.rawValue),
            "chunk_grid": ["name": "regular", "configuration": ["chunk_shape": .array(chunkShape.map { .int(Int64($0)) })]],
            "chunk_key_encoding": chunkKeyEncoding.json,
            "fill_value": ZarrFillValue.encode(elementBytes: (try? fillValue.elementBytes(for: dataType)) ?? [], dataType: dataType),
            "codecs": .array(codecs.map { $0.json(elementSize: dataType.byteCount) }),
            "attributes": .object(JSONObject(uniqueKeysWithValues: attributes.sorted { $0.key < $1.key })),
        ]
        if let dimensionNames {
            members["dimension_names"] = .array(dimensionNames.map { $0.map(JSONValue.string) ?? .null })
        }
        members["zarr_format"] = 3
        members["node_type"] = "array"
        members["storage_transformers"] = []
        return .object(members)
    }

    /// Parses and validates an array document; `key` names it in errors.
    public static func parse(_ json: JSONValue, key: String) throws(ZarrError) -> ZarrArrayMetadata {
        func bad(_ reason: String) -> ZarrError { .invalidMetadata(key: key, reason: reason) }
        guard let members = json.objectValue else { throw bad("the document is not a JSON object") }
        guard json["zarr_format"]?.intValue == 3 else { throw bad("zarr_format must be 3") }
        guard json["node_type"]?.stringValue == "array" else { throw bad("node_type must be 'array'") }
        let known: Set<String> = ["zarr_format", "node_type", "shape", "data_type", "chunk_grid", "chunk_key_encoding",
                                  "fill_value", "codecs", "attributes", "dimension_names", "storage_transformers"]
        for (name, value) in members where !known.contains(name) {
            // Extensions are allowed only when they explicitly say they may be ignored.
            if value["must_understand"]?.boolValue == false { continue }
            throw .unsupportedFeature(key: key, feature: "metadata extension '\(name)'")
        }
        func dims(_ value: JSONValue?, _ what: String, positive: Bool) throws(ZarrError) -> [Int] {
            guard let list = value?.arrayValue else { throw bad("\(what) is missing or not an array") }
            var result: [Int] = []
            for v in list {
                guard let i = v.intValue, positive ? i > 0 : i >= 0 else {
                    throw bad("\(what) must hold \(positive ? "positive" : "non-negative") integers")
                }
                result.append(i)
            }
            return result
        }
        let shape = try dims(json["shape"], "shape", positive: false)
        let dataType: ZarrDataType
        switch json["data_type"] {
        case .string(let name)?:
            guard let t = ZarrDataType(rawValue: name) else { throw .unsupportedFeature(key: key, feature: "data type '\(name)'") }
            dataType = t
        case .object?:
            let name = json["data_type"]?["name"]?.stringValue ?? "?"
            throw .unsupportedFeature(key: key, feature: "data type '\(name)'")
        default: throw bad("data_type is missing")
        }
        guard let grid = json["chunk_grid"], let gridName = grid["name"]?.stringValue else { throw bad("chunk_grid is missing") }
        guard gridName == "regular" else { throw .unsupportedFeature(key: key, feature: "chunk grid '\(gridName)'") }
        let chunkShape = try dims(grid["configuration"]?["chunk_shape"], "chunk_grid chunk_shape", positive: true)
        guard chunkShape.count == shape.count else { throw bad("chunk_shape has rank \(chunkShape.count) but shape has rank \(shape.count)") }
        let encoding = try json["chunk_key_encoding"].map { v throws(ZarrError) in try ZarrChunkKeyEncoding.parse(v, key: key) }
            ?? .default(separator: .slash)
        guard let fillJSON = json["fill_value"] else { throw bad("fill_value is missing") }
        let fill = try ZarrFillValue.decode(fillJSON, dataType: dataType, key: key)
        guard let codecList = json["codecs"]?.arrayValue, !codecList.isEmpty else { throw bad("codecs is missing or empty") }
        var codecs: [ZarrCodec] = []
        for c in codecList { codecs.append(try ZarrCodec.parse(c, key: key)) }
        if let transformers = json["storage_transformers"] {
            guard let list = transformers.arrayValue else { throw bad("storage_transformers is not an array") }
            if let first = list.first {
                throw .unsupportedFeature(key: key, feature: "storage transformer '\(first["name"]?.stringValue ?? "?")'")
            }
        }
        var attributes: [String: JSONValue] = [:]
        if let a = json["attributes"] {
            guard let m = a.objectValue else { throw bad("attributes is not an object") }
            for (k, v) in m { attributes[k] = v }
        }
        var names: [String?]?
        if let d = json["dimension_names"], d != .null {
            guard let list = d.arrayValue, list.count == shape.count else { throw bad("dimension_names must list one name (or null) per dimension") }
            var result: [String?] = []
            for v in list {
                switch v {
                case .string(let s): result.append(s)
                case .null: result.append(nil)
                default: throw bad("dimension_names entries must be strings or null")
                }
            }
            names = result
        }
        let metadata = ZarrArrayMetadata(shape: shape, dataType: dataType, chunkShape: chunkShape, chunkKeyEncoding: encoding,
                                         fillValue: fill, codecs: codecs, attributes: attributes, dimensionNames: names)
        try metadata.validate(key: key)
        return metadata
    }

    /// Checks the codec chain and sizes; throws a typed error naming `key`.
    func validate(key: String) throws(ZarrError) {
        _ = try CodecPipeline(codecs: codecs, dataType: dataType, chunkShape: chunkShape, key: key)
    }
}
