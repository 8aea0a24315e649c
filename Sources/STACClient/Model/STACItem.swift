/// A STAC Item: a GeoJSON Feature describing one acquisition, with its assets.
///
/// Members are kept losslessly: anything not modelled (foreign members, unknown
/// properties) sits in ``properties`` or ``additionalFields`` and is written back.
public struct STACItem: JSONValueConvertible, Hashable {
    /// The item identifier, unique within its collection.
    public var id: String
    /// The collection the item belongs to, when given.
    public var collection: String?
    /// The GeoJSON geometry (`null` for items without a footprint).
    public var geometry: JSONValue
    /// The bounding box `[west, south, east, north]` (or 6 values with heights), when given.
    public var bbox: [Double]?
    /// All properties, e.g. `datetime`, `Equi7_TileID`, `sat:relative_orbit`.
    public var properties: JSONObject
    /// Links to related resources.
    public var links: [STACLink]
    /// The item's files by key (e.g. `VV`, `VH`).
    public var assets: [String: STACAsset]
    /// The STAC version the item declares.
    public var stacVersion: String?
    /// Schema URIs of the STAC extensions used.
    public var stacExtensions: [String]
    /// Top-level members not modelled above, kept for round trips.
    public var additionalFields: JSONObject
    /// Where the item was read from (file path or URL); relative hrefs resolve against it when the item
    /// has no absolute `self` link. Not part of the JSON.
    public var location: String?
    /// Members STAC requires that the source left out (e.g. after a `fields` search); they are left
    /// out again when written, as long as they still hold their empty default.
    var absentMembers: Set<String> = []

    /// Creates an item.
    public init(id: String, collection: String? = nil, geometry: JSONValue = .null, bbox: [Double]? = nil,
                properties: JSONObject = [:], links: [STACLink] = [], assets: [String: STACAsset] = [:],
                stacVersion: String? = "1.0.0", stacExtensions: [String] = [],
                additionalFields: JSONObject = [:], location: String? = nil) {
        self.id = id; self.collection = collection; self.geometry = geometry; self.bbox = bbox
        self.properties = properties; self.links = links; self.assets = assets; self.stacVersion = stacVersion
        self.stacExtensions = stacExtensions; self.additionalFields = additionalFields; self.location = location
    }

    /// Builds an item from JSON. Only `id` is required, because the fields extension may
    /// leave out any other member.
    public init(json: JSONValue) throws(STACError) {
        let members = try STACMembers(json, as: .item)
        var o = members.remaining
        absentMembers = members.absent
        id = members.id
        do throws(STACError) {
            collection = o.removeValue(forKey: "collection")?.stringValue
            geometry = o.removeValue(forKey: "geometry") ?? .null
            bbox = o.removeValue(forKey: "bbox")?.doubleArray
            switch o.removeValue(forKey: "properties") {
            case .object(let p)?: properties = p
            case nil, .null?: properties = [:]
            default: throw .notSTAC(url: "", reason: "'properties' is not an object")
            }
            links = try [STACLink](json: o.removeValue(forKey: "links"))
            assets = try [String: STACAsset](json: o.removeValue(forKey: "assets"))
            stacVersion = o.removeValue(forKey: "stac_version")?.stringValue
            stacExtensions = o.removeValue(forKey: "stac_extensions")?.stringArray ?? []
            additionalFields = o
            location = nil
        } catch {
            if case .notSTAC(let url, let reason) = error { throw .notSTAC(url: url, reason: "item '\(id)': \(reason)") }
            throw error
        }
    }

    /// The item as GeoJSON.
    public var json: JSONValue {
        var o = STACMemberWriter(additionalFields, absent: absentMembers, type: "Feature", id: id)
        if let collection { o["collection"] = .string(collection) }
        o.put("geometry", geometry, isDefault: geometry.isNull)
        if let bbox { o["bbox"] = .array(bbox.map { .double($0) }) }
        o.put("properties", .object(properties), isDefault: properties.isEmpty)
        o.put("links", .array(links.map(\.json)), isDefault: links.isEmpty)
        o.put("assets", assets.json, isDefault: assets.isEmpty)
        o.putVersionAndExtensions(stacVersion, stacExtensions)
        return o.json
    }
}

// MARK: - Hrefs

extension STACItem {
    /// The base against which relative hrefs resolve: the absolute `self` link, else ``location``.
    public var baseHref: String? {
        if let s = links.first(rel: "self")?.href, HrefResolver.isAbsolute(s) { return s }
        return location
    }

    /// The href of asset `key` made absolute (URL or file path), or `nil` when the item has no such asset.
    public func assetHref(_ key: String) -> String? {
        guard let href = assets[key]?.href else { return nil }
        return HrefResolver.resolve(href, against: baseHref)
    }

    /// Every asset href made absolute, by asset key.
    public var absoluteAssetHrefs: [String: String] {
        let base = baseHref
        return assets.mapValues { HrefResolver.resolve($0.href, against: base) }
    }
}
