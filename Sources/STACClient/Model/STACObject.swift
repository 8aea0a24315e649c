/// Any of the four STAC documents, as read from a file or URL whose kind is not known in advance.
public enum STACObject: Sendable, Hashable {
    /// A Catalog (or API landing page).
    case catalog(STACCatalog)
    /// A Collection.
    case collection(STACCollection)
    /// A single Item.
    case item(STACItem)
    /// An ItemCollection (GeoJSON FeatureCollection of items).
    case itemCollection(STACItemCollection)

    /// Builds the right object from JSON, by its `type` member (or, when absent, by its shape).
    public init(json: JSONValue) throws(STACError) {
        guard case .object(let o) = json else {
            throw .notSTAC(url: "", reason: "expected a STAC object, found \(json.kindName)")
        }
        switch o["type"]?.stringValue {
        case "Catalog"?: self = .catalog(try STACCatalog(json: json))
        case "Collection"?: self = .collection(try STACCollection(json: json))
        case "Feature"?: self = .item(try STACItem(json: json))
        case "FeatureCollection"?: self = .itemCollection(try STACItemCollection(json: json))
        case let other?: throw .notSTAC(url: "", reason: "unknown STAC type '\(STACError.cut(other, limit: 80))'")
        case nil:
            // STAC < 1.0 catalogs and collections had no `type`.
            if o["extent"] != nil, o["id"] != nil { self = .collection(try STACCollection(json: json)) }
            else if o["features"] != nil { self = .itemCollection(try STACItemCollection(json: json)) }
            else if o["id"] != nil, o["description"] != nil || o["links"] != nil { self = .catalog(try STACCatalog(json: json)) }
            else { throw .notSTAC(url: "", reason: "JSON object without a STAC 'type', 'id' or 'features'") }
        }
    }

    /// Sets where the object was read from, so relative hrefs resolve.
    mutating func setLocation(_ location: String) {
        switch self {
        case .catalog(var c): c.location = location; self = .catalog(c)
        case .collection(var c): c.location = location; self = .collection(c)
        case .item(var i): i.location = location; self = .item(i)
        case .itemCollection(var ic):
            for i in ic.features.indices { ic.features[i].location = location }
            self = .itemCollection(ic)
        }
    }
}
