/// The contents of a group's `zarr.json` (Zarr v3, `node_type: "group"`).
public struct ZarrGroupMetadata: Sendable, Hashable {
    /// User attributes.
    public var attributes: [String: JSONValue]
    /// zarr-python's inline consolidated metadata: every descendant's document keyed by its
    /// path relative to this group, or `nil` when the group has none.
    public var consolidatedMetadata: [String: JSONValue]?

    /// Group metadata with `attributes` and optional consolidated metadata.
    public init(attributes: [String: JSONValue] = [:], consolidatedMetadata: [String: JSONValue]? = nil) {
        self.attributes = attributes
        self.consolidatedMetadata = consolidatedMetadata
    }

    /// The `zarr.json` document.
    public var json: JSONValue {
        var members: JSONObject = [
            "attributes": .object(JSONObject(uniqueKeysWithValues: attributes.sorted { $0.key < $1.key })),
            "zarr_format": 3,
        ]
        if let consolidatedMetadata {
            members["consolidated_metadata"] = [
                "kind": "inline", "must_understand": false,
                "metadata": .object(JSONObject(uniqueKeysWithValues: consolidatedMetadata.sorted { $0.key < $1.key })),
            ]
        }
        members["node_type"] = "group"
        return .object(members)
    }

    /// Parses a group document; `key` names it in errors.
    public static func parse(_ json: JSONValue, key: String) throws(ZarrError) -> ZarrGroupMetadata {
        func bad(_ reason: String) -> ZarrError { .invalidMetadata(key: key, reason: reason) }
        guard let members = json.objectValue else { throw bad("the document is not a JSON object") }
        guard json["zarr_format"]?.intValue == 3 else { throw bad("zarr_format must be 3") }
        guard json["node_type"]?.stringValue == "group" else { throw bad("node_type must be 'group'") }
        for (name, value) in members where !["zarr_format", "node_type", "attributes", "consolidated_metadata"].contains(name) {
            if value["must_understand"]?.boolValue == false { continue }
            throw .unsupportedFeature(key: key, feature: "metadata extension '\(name)'")
        }
        var attributes: [String: JSONValue] = [:]
        if let a = json["attributes"] {
            guard let m = a.objectValue else { throw bad("attributes is not an object") }
            for (k, v) in m { attributes[k] = v }
        }
        var consolidated: [String: JSONValue]?
        if let c = json["consolidated_metadata"], c != .null {
            guard c["kind"]?.stringValue == "inline" else {
                throw .unsupportedFeature(key: key, feature: "consolidated_metadata kind '\(c["kind"]?.stringValue ?? "?")'")
            }
            guard let m = c["metadata"]?.objectValue else { throw bad("consolidated_metadata.metadata is not an object") }
            var result: [String: JSONValue] = [:]
            for (path, document) in m {
                result[path] = document
                // Older writers nest child groups' consolidated metadata instead of flattening it.
                if let nested = document["consolidated_metadata"]?["metadata"]?.objectValue {
                    for (inner, doc) in nested where result[path + "/" + inner] == nil { result[path + "/" + inner] = doc }
                }
            }
            consolidated = result
        }
        return ZarrGroupMetadata(attributes: attributes, consolidatedMetadata: consolidated)
    }
}
