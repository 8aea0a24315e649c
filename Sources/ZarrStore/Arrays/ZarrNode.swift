/// A node of a hierarchy: a group or an array.
public enum ZarrNode: Sendable {
    /// A group.
    case group(ZarrGroup)
    /// An array.
    case array(ZarrArray)

    /// The node's path in its store.
    public var path: String {
        switch self {
        case .group(let g): return g.path
        case .array(let a): return a.path
        }
    }

    /// Opens whatever node is at `path`.
    public static func open(_ storage: any ZarrReadableStorage, path: String) async throws(ZarrError) -> ZarrNode {
        let node = try ZarrKey.normalizedNodePath(path)
        let key = ZarrKey.metadataKey(node)
        guard let bytes = try storage.get(key, maximumBytes: ZarrKey.maximumMetadataBytes) else { throw try missingNodeError(storage, node) }
        return try parse(JSONValue.parse(bytes, source: key), storage: storage, path: node, key: key)
    }

    /// The error for a node without `zarr.json`: Zarr v2 metadata there is an unsupported
    /// feature (the user has a store, of the other format), anything else is no node at all.
    static func missingNodeError(_ storage: any ZarrReadableStorage, _ node: String) throws(ZarrError) -> ZarrError {
        for name in [".zarray", ".zgroup"] {
            let key = ZarrKey.join(node, name)
            if try storage.get(key) != nil {
                return .unsupportedFeature(key: key, feature: "Zarr v2 metadata (\(name); only Zarr v3 is read, rewrite the store as v3 first, e.g. with zarr-python)")
            }
        }
        return .nodeNotFound(path: node)
    }

    static func parse(_ json: JSONValue, storage: any ZarrReadableStorage, path: String, key: String) throws(ZarrError) -> ZarrNode {
        switch json["node_type"]?.stringValue {
        case "group": return .group(ZarrGroup(storage: storage, path: path, metadata: try ZarrGroupMetadata.parse(json, key: key)))
        case "array": return .array(try ZarrArray(storage: storage, path: path, metadata: ZarrArrayMetadata.parse(json, key: key)))
        default: throw .invalidMetadata(key: key, reason: "node_type must be 'group' or 'array'")
        }
    }
}

