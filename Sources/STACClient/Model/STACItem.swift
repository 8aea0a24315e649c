import OrderedCollections

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
    /// The `bbox` member as written (`[west, south, east, north]`, or 6 values with heights), its
    /// numbers' exact text kept; ``boundingBox`` gives it as `Double`s.
    public var bbox: JSONValue?
    /// All properties, e.g. `datetime`, `Equi7_TileID`, `sat:relative_orbit`.
    public var properties: JSONObject
    /// Links to related resources.
    public var links: [STACLink]
    /// The item's files by key (e.g. `VV`, `VH`), in document order.
    public var assets: STACAssets
    /// The STAC version the item declares.
    public var stacVersion: String?
    /// Schema URIs of the STAC extensions used.
    public var stacExtensions: [String]
    /// Top-level members not modelled above (and modelled members of an unexpected type), kept for round trips.
    public var additionalFields: JSONObject
    /// Where the item was read from (file path or URL); relative hrefs resolve against it when the item
    /// has no absolute `self` link. Not part of the JSON.
    public var location: String?
    /// Members STAC requires that the source left out (e.g. after a `fields` search); they are left
    /// out again when written, as long as they still hold their empty default.
    var absentMembers: Set<String> = []
    /// The source's member order.
    var memberOrder: [String] = []

    /// Creates an item.
    public init(id: String, collection: String? = nil, geometry: JSONValue = .null, bbox: JSONValue? = nil,
                properties: JSONObject = [:], links: [STACLink] = [], assets: STACAssets = [:],
                stacVersion: String? = "1.0.0", stacExtensions: [String] = [],
                additionalFields: JSONObject = [:], location: String? = nil) {
        self.id = id; self.collection = collection; self.geometry = geometry; self.bbox = bbox
        self.properties = properties; self.links = links; self.assets = assets; self.stacVersion = stacVersion
        self.stacExtensions = stacExtensions; self.additionalFields = additionalFields; self.location = location
    }

    /// Builds an item from JSON. Only `id` is required, because the fields extension may
    /// leave out any other member; `properties`, `links` and `assets`, when present, must be an
    /// object, an array and an object (a `null` there is an error, not an empty default).
    public init(json: JSONValue) throws(STACError) {
        var members = try STACMembers(json, as: .item)
        absentMembers = members.absent
        memberOrder = members.order
        id = members.id
        do throws(STACError) {
            properties = try members.structural("properties", expected: "an object") { $0.objectValue != nil }?.objectValue ?? [:]
            links = try [STACLink](json: members.remaining.removeValue(forKey: "links"))
            assets = try STACAssets(json: members.remaining.removeValue(forKey: "assets"))
            var o = members.remaining
            collection = o.take("collection", \.stringValue)
            geometry = o.removeValue(forKey: "geometry") ?? .null
            bbox = o.removeValue(forKey: "bbox")
            stacVersion = o.take("stac_version", \.stringValue)
            stacExtensions = o.take("stac_extensions", \.stringArray) ?? []
            additionalFields = o
            location = nil
        } catch {
            if case .notSTAC(let url, let reason) = error {
                throw .notSTAC(url: url, reason: "item '\(STACError.cut(id, limit: 80))': \(reason)")
            }
            throw error
        }
    }

    /// `bbox` as `Double`s (rounded to the nearest), when it is an array of numbers.
    public var boundingBox: [Double]? { bbox?.doubleArray }

    /// The item as GeoJSON, members in the source's order.
    public var json: JSONValue {
        var o = STACMemberWriter(additionalFields, absent: absentMembers, order: memberOrder, type: "Feature", id: id)
        if let collection { o["collection"] = .string(collection) }
        o.put("geometry", geometry, isDefault: geometry.isNull)
        if let bbox { o["bbox"] = bbox }
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
        return Dictionary(uniqueKeysWithValues: assets.map { ($0.key, HrefResolver.resolve($0.value.href, against: base)) })
    }
}
