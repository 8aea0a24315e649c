import OrderedCollections

/// A STAC asset: one file (e.g. a GeoTIFF band) belonging to an item or collection.
public struct STACAsset: JSONValueConvertible, Hashable {
    /// Where the file is, possibly relative to the document holding the asset.
    public var href: String
    /// The media type, e.g. `image/tiff; application=geotiff; profile=cloud-optimized`.
    public var type: String?
    /// A short title.
    public var title: String?
    /// A longer description.
    public var description: String?
    /// Semantic roles such as `data` or `thumbnail`.
    public var roles: [String]?
    /// Members not modelled above (e.g. `raster:bands`, `eo:bands`, `file:size`, and modelled members
    /// of an unexpected type), kept for round trips.
    public var additionalFields: JSONObject
    /// The source's member order.
    var memberOrder: [String] = []

    /// Creates an asset.
    public init(href: String, type: String? = nil, title: String? = nil, description: String? = nil,
                roles: [String]? = nil, additionalFields: JSONObject = [:]) {
        self.href = href; self.type = type; self.title = title; self.description = description
        self.roles = roles; self.additionalFields = additionalFields
    }

    /// Builds an asset from JSON; `href` is a required string.
    public init(json: JSONValue) throws(STACError) {
        guard case .object(var o) = json else { throw .notSTAC(url: "", reason: "an asset is \(json.kindName), not a JSON object") }
        memberOrder = Array(o.keys)
        guard let href = o.take("href", \.stringValue) else {
            throw .notSTAC(url: "", reason: "an asset has no string 'href'" + (o["href"].map { " ('href' is \($0.kindName))" } ?? ""))
        }
        self.href = href
        type = o.take("type", \.stringValue)
        title = o.take("title", \.stringValue)
        description = o.take("description", \.stringValue)
        roles = o.take("roles", \.stringArray)
        additionalFields = o
    }

    /// The asset as JSON, members in the source's order.
    public var json: JSONValue {
        var o = additionalFields
        o["href"] = .string(href)
        if let type { o["type"] = .string(type) }
        if let title { o["title"] = .string(title) }
        if let description { o["description"] = .string(description) }
        if let roles { o["roles"] = .array(roles.map { .string($0) }) }
        return .object(o.arranged(like: memberOrder))
    }

    /// A field of the asset not modelled above, such as `file:size`.
    public subscript(field key: String) -> JSONValue? { additionalFields[key] }
}

/// Assets by key, in document order.
public typealias STACAssets = OrderedDictionary<String, STACAsset>

extension OrderedDictionary where Key == String, Value == STACAsset {
    /// The assets of an `assets` member (`nil` when absent); each error names the asset's key.
    init(json: JSONValue?) throws(STACError) {
        guard let json else { self = [:]; return }
        guard case .object(let o) = json else { throw .notSTAC(url: "", reason: "'assets' is \(json.kindName); expected an object") }
        var out = STACAssets(minimumCapacity: o.count)
        for (k, v) in o {
            do { out[k] = try STACAsset(json: v) } catch {
                if case .notSTAC(_, let reason) = error {
                    throw .notSTAC(url: "", reason: "asset '\(STACError.cut(k, limit: 80))': \(reason)")
                }
                throw error
            }
        }
        self = out
    }

    /// The assets as one JSON object, in their order.
    var json: JSONValue { .object(JSONObject(uniqueKeysWithValues: map { ($0.key, $0.value.json) })) }
}
