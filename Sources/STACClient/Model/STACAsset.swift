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
    /// Members not modelled above (e.g. `raster:bands`, `eo:bands`, `file:size`), kept for round trips.
    public var additionalFields: JSONObject

    /// Creates an asset.
    public init(href: String, type: String? = nil, title: String? = nil, description: String? = nil,
                roles: [String]? = nil, additionalFields: JSONObject = [:]) {
        self.href = href; self.type = type; self.title = title; self.description = description
        self.roles = roles; self.additionalFields = additionalFields
    }

    /// Builds an asset from JSON; `href` is required.
    public init(json: JSONValue) throws(STACError) {
        guard case .object(var o) = json else { throw .notSTAC(url: "", reason: "an asset is not a JSON object") }
        guard let href = o.removeValue(forKey: "href")?.stringValue else {
            throw .notSTAC(url: "", reason: "an asset has no 'href'")
        }
        self.href = href
        type = o.removeValue(forKey: "type")?.stringValue
        title = o.removeValue(forKey: "title")?.stringValue
        description = o.removeValue(forKey: "description")?.stringValue
        roles = o.removeValue(forKey: "roles")?.stringArray
        additionalFields = o
    }

    /// The asset as JSON.
    public var json: JSONValue {
        var o = additionalFields
        o["href"] = .string(href)
        if let type { o["type"] = .string(type) }
        if let title { o["title"] = .string(title) }
        if let description { o["description"] = .string(description) }
        if let roles { o["roles"] = .array(roles.map { .string($0) }) }
        return .object(o)
    }

    /// A field of the asset not modelled above, such as `file:size`.
    public subscript(field key: String) -> JSONValue? { additionalFields[key] }
}

extension Dictionary where Key == String, Value == STACAsset {
    init(json: JSONValue?) throws(STACError) {
        guard let json, !json.isNull else { self = [:]; return }
        guard case .object(let o) = json else { throw .notSTAC(url: "", reason: "'assets' is not an object") }
        var out: [String: STACAsset] = [:]
        out.reserveCapacity(o.count)
        for (k, v) in o {
            do { out[k] = try STACAsset(json: v) } catch {
                if case .notSTAC(_, let reason) = error { throw .notSTAC(url: "", reason: "asset '\(k)': \(reason)") }
                throw error
            }
        }
        self = out
    }

    /// The assets as one JSON object, sorted by key so the output is the same from run to run.
    var json: JSONValue {
        .object(JSONObject(uniqueKeysWithValues: sorted { $0.key < $1.key }.map { ($0.key, $0.value.json) }))
    }
}
