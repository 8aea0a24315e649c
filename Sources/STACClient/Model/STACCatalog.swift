import OrderedCollections

/// A STAC Catalog (also the landing page of a STAC API): an id, a description and links
/// to children and items.
public struct STACCatalog: JSONValueConvertible, Hashable {
    /// The catalog identifier.
    public var id: String
    /// A short title.
    public var title: String?
    /// A description (required by STAC, empty when missing).
    public var description: String
    /// Links to children, items, the API's `search`, `conformance` and `data` endpoints, and so on.
    public var links: [STACLink]
    /// Conformance classes (on API landing pages).
    public var conformsTo: [String]?
    /// The STAC version the catalog declares.
    public var stacVersion: String?
    /// Schema URIs of the STAC extensions used.
    public var stacExtensions: [String]
    /// Members not modelled above (and modelled members of an unexpected type), kept for round trips.
    public var additionalFields: JSONObject
    /// Where the catalog was read from; relative links resolve against it. Not part of the JSON.
    public var location: String?
    /// Members STAC requires that the source left out; left out again while still empty.
    var absentMembers: Set<String> = []
    /// The source's member order.
    var memberOrder: [String] = []

    /// Creates a catalog.
    public init(id: String, title: String? = nil, description: String = "", links: [STACLink] = [],
                conformsTo: [String]? = nil, stacVersion: String? = "1.0.0", stacExtensions: [String] = [],
                additionalFields: JSONObject = [:], location: String? = nil) {
        self.id = id; self.title = title; self.description = description; self.links = links
        self.conformsTo = conformsTo; self.stacVersion = stacVersion; self.stacExtensions = stacExtensions
        self.additionalFields = additionalFields; self.location = location
    }

    /// Builds a catalog from JSON; `id` is required, `links` (when present) must be an array.
    public init(json: JSONValue) throws(STACError) {
        let members = try STACMembers(json, as: .catalog)
        var o = members.remaining
        absentMembers = members.absent
        memberOrder = members.order
        id = members.id
        title = o.take("title", \.stringValue)
        description = o.take("description", \.stringValue) ?? ""
        links = try [STACLink](json: o.removeValue(forKey: "links"))
        conformsTo = o.take("conformsTo", \.stringArray)
        stacVersion = o.take("stac_version", \.stringValue)
        stacExtensions = o.take("stac_extensions", \.stringArray) ?? []
        additionalFields = o
    }

    /// The catalog as JSON, members in the source's order.
    public var json: JSONValue {
        var o = STACMemberWriter(additionalFields, absent: absentMembers, order: memberOrder, type: "Catalog", id: id)
        if let title { o["title"] = .string(title) }
        o.put("description", .string(description), isDefault: description.isEmpty)
        o.put("links", .array(links.map(\.json)), isDefault: links.isEmpty)
        if let conformsTo { o["conformsTo"] = .array(conformsTo.map { .string($0) }) }
        o.putVersionAndExtensions(stacVersion, stacExtensions)
        return o.json
    }
}
