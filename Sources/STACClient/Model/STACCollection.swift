import Foundation
import OrderedCollections

/// A STAC Collection: a catalog with extent, license and shared metadata for its items.
public struct STACCollection: JSONValueConvertible, Hashable {
    /// The collection identifier (what searches name in `collections`).
    public var id: String
    /// A short title.
    public var title: String?
    /// A description (required by STAC, empty when missing).
    public var description: String
    /// The license identifier.
    public var license: String?
    /// The spatial and temporal extent, as JSON (see ``spatialExtent`` and ``temporalExtent``).
    public var extent: JSONValue
    /// Links to items, children, parent and root.
    public var links: [STACLink]
    /// Collection-level assets, in document order. (STAC 0.8/0.9 collections using the old `asset`
    /// extension describe item assets there, without `href`; those stay in ``additionalFields``.)
    public var assets: STACAssets
    /// Value ranges or sets of item properties, as JSON.
    public var summaries: JSONValue?
    /// The STAC version the collection declares.
    public var stacVersion: String?
    /// Schema URIs of the STAC extensions used.
    public var stacExtensions: [String]
    /// Members not modelled above (e.g. `keywords`, `providers`, `item_assets`, and modelled members of
    /// an unexpected type), kept for round trips.
    public var additionalFields: JSONObject
    /// Where the collection was read from; relative links resolve against it. Not part of the JSON.
    public var location: String?
    /// Members STAC requires that the source left out; left out again while still empty.
    var absentMembers: Set<String> = []
    /// The source's member order.
    var memberOrder: [String] = []

    /// Creates a collection.
    public init(id: String, title: String? = nil, description: String = "", license: String? = "proprietary",
                extent: JSONValue = .null, links: [STACLink] = [], assets: STACAssets = [:],
                summaries: JSONValue? = nil, stacVersion: String? = "1.0.0", stacExtensions: [String] = [],
                additionalFields: JSONObject = [:], location: String? = nil) {
        self.id = id; self.title = title; self.description = description; self.license = license
        self.extent = extent; self.links = links; self.assets = assets; self.summaries = summaries
        self.stacVersion = stacVersion; self.stacExtensions = stacExtensions
        self.additionalFields = additionalFields; self.location = location
    }

    /// Builds a collection from JSON; `id` is required, `links` and `assets` (when present) must be
    /// an array and an object.
    public init(json: JSONValue) throws(STACError) {
        let members = try STACMembers(json, as: .collection)
        var o = members.remaining
        absentMembers = members.absent
        memberOrder = members.order
        id = members.id
        title = o.take("title", \.stringValue)
        description = o.take("description", \.stringValue) ?? ""
        license = o.take("license", \.stringValue)
        extent = o.removeValue(forKey: "extent") ?? .null
        links = try [STACLink](json: o.removeValue(forKey: "links"))
        stacVersion = o.take("stac_version", \.stringValue)
        if Self.holdsItemAssetDefinitions(o["assets"], stacVersion: stacVersion) {
            assets = [:]  // kept as written in additionalFields
        } else {
            assets = try STACAssets(json: o.removeValue(forKey: "assets"))
        }
        summaries = o.removeValue(forKey: "summaries")
        stacExtensions = o.take("stac_extensions", \.stringArray) ?? []
        additionalFields = o
    }

    /// Whether `assets` holds STAC < 1.0 `asset` extension definitions (objects without `href`
    /// describing the assets of the collection's items) rather than assets.
    static func holdsItemAssetDefinitions(_ assets: JSONValue?, stacVersion: String?) -> Bool {
        guard stacVersion.map({ $0.hasPrefix("0.") }) ?? true, let o = assets?.objectValue, !o.isEmpty else { return false }
        return o.values.allSatisfy { $0.objectValue != nil } && o.values.contains { $0["href"] == nil }
    }

    /// The collection as JSON, members in the source's order.
    public var json: JSONValue {
        var o = STACMemberWriter(additionalFields, absent: absentMembers, order: memberOrder, type: "Collection", id: id)
        if let title { o["title"] = .string(title) }
        o.put("description", .string(description), isDefault: description.isEmpty)
        if let license { o["license"] = .string(license) }
        o.put("extent", extent, isDefault: extent.isNull)
        o.put("links", .array(links.map(\.json)), isDefault: links.isEmpty)
        // Collection assets are optional: written when there are some or the source had the member.
        o.put("assets", assets.json, isDefault: assets.isEmpty)
        if let summaries { o["summaries"] = summaries }
        o.putVersionAndExtensions(stacVersion, stacExtensions)
        return o.json
    }

    /// The bounding boxes of `extent.spatial.bbox` (the first is the overall extent).
    public var spatialExtent: [[Double]] {
        extent["spatial"]?["bbox"]?.arrayValue?.compactMap(\.doubleArray) ?? []
    }

    /// The intervals of `extent.temporal.interval`; `nil` ends are open.
    public var temporalExtent: [(start: Date?, end: Date?)] {
        extent["temporal"]?["interval"]?.arrayValue?.compactMap { pair in
            guard let a = pair.arrayValue, a.count == 2 else { return nil }
            return (a[0].stringValue.flatMap(RFC3339.parse), a[1].stringValue.flatMap(RFC3339.parse))
        } ?? []
    }
}
