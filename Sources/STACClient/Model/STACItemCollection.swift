/// A GeoJSON FeatureCollection of STAC items, as returned by STAC API searches
/// and stored in ItemCollection files.
public struct STACItemCollection: JSONValueConvertible, Hashable {
    /// The items.
    public var features: [STACItem]
    /// Links such as `next`, `prev`, `self`.
    public var links: [STACLink]
    /// The total number of matches, when the server reports it.
    public var numberMatched: Int?
    /// The number of items in this page, when the server reports it.
    public var numberReturned: Int?
    /// Members not modelled above (e.g. the legacy `context`), kept for round trips.
    public var additionalFields: JSONObject
    /// Whether the source had a `type` and a `links` member (written back the same way).
    var hadType = true, hadLinks = false

    /// Creates an item collection.
    public init(features: [STACItem], links: [STACLink] = [], numberMatched: Int? = nil, numberReturned: Int? = nil,
                additionalFields: JSONObject = [:]) {
        self.features = features; self.links = links; self.numberMatched = numberMatched
        self.numberReturned = numberReturned; self.additionalFields = additionalFields
    }

    /// Builds an item collection from JSON; `features` must be an array of items.
    public init(json: JSONValue) throws(STACError) {
        guard case .object(var o) = json else {
            throw .notSTAC(url: "", reason: "expected an ItemCollection (a JSON object), found \(json.kindName)")
        }
        hadType = o["type"] != nil
        hadLinks = o["links"] != nil
        if let type = o.removeValue(forKey: "type"), type != "FeatureCollection" {
            throw .notSTAC(url: "", reason: "expected an ItemCollection (type 'FeatureCollection'), found type \(type.jsonString())")
        }
        guard case .array(let f)? = o.removeValue(forKey: "features") else {
            throw .notSTAC(url: "", reason: "expected an ItemCollection, but there is no 'features' array")
        }
        var items: [STACItem] = []
        items.reserveCapacity(f.count)
        for v in f { items.append(try STACItem(json: v)) }
        features = items
        links = try [STACLink](json: o.removeValue(forKey: "links"))
        numberMatched = o.removeValue(forKey: "numberMatched")?.intValue
        numberReturned = o.removeValue(forKey: "numberReturned")?.intValue
        additionalFields = o
    }

    /// The item collection as GeoJSON.
    public var json: JSONValue {
        var o = additionalFields
        if hadType { o["type"] = "FeatureCollection" }
        o["features"] = .array(features.map(\.json))
        // `links` is optional on ItemCollections: written when there are some or the source had it.
        if !links.isEmpty || hadLinks { o["links"] = .array(links.map(\.json)) }
        if let numberMatched { o["numberMatched"] = .int(Int64(numberMatched)) }
        if let numberReturned { o["numberReturned"] = .int(Int64(numberReturned)) }
        return .object(o)
    }
}

extension JSONValue {
    /// A word for the kind of value, for error messages.
    var kindName: String {
        switch self {
        case .null: return "null"
        case .bool: return "a Boolean"
        case .int, .uint, .double: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}
