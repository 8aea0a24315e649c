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
    public static func open(_ storage: any ZarrStorage, path: String) async throws(ZarrError) -> ZarrNode {
        let node = try ZarrKey.normalizedNodePath(path)
        let key = ZarrKey.metadataKey(node)
        guard let bytes = try storage.get(key) else { throw .nodeNotFound(path: node) }
        return try parse(JSONValue.parse(bytes, source: key), storage: storage, path: node, key: key)
    }

    static func parse(_ json: JSONValue, storage: any ZarrStorage, path: String, key: String) throws(ZarrError) -> ZarrNode {
        switch json["node_type"]?.stringValue {
        case "group": return .group(ZarrGroup(storage: storage, path: path, metadata: try ZarrGroupMetadata.parse(json, key: key)))
        case "array": return .array(try ZarrArray(storage: storage, path: path, metadata: ZarrArrayMetadata.parse(json, key: key)))
        default: throw .invalidMetadata(key: key, reason: "node_type must be 'group' or 'array'")
        }
    }
}

/// A child of a group as listed by ``ZarrGroup/children()``: its name and kind.
public struct ZarrChildInfo: Sendable, Hashable {
    /// The kind of a node.
    public enum Kind: String, Sendable, Hashable {
        /// A group.
        case group
        /// An array.
        case array
    }
    /// The child's name within the group.
    public let name: String
    /// Group or array.
    public let kind: Kind
}
