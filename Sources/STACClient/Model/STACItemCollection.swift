import OrderedCollections

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
    /// Members not modelled above (e.g. the legacy `context`, and modelled members of an unexpected
    /// type), kept for round trips.
    public var additionalFields: JSONObject
    /// Whether the source had a `type` and a `links` member (written back the same way).
    var hadType = true, hadLinks = false
    /// The source's member order.
    var memberOrder: [String] = []

    /// Creates an item collection.
    public init(features: [STACItem], links: [STACLink] = [], numberMatched: Int? = nil, numberReturned: Int? = nil,
                additionalFields: JSONObject = [:]) {
        self.features = features; self.links = links; self.numberMatched = numberMatched
        self.numberReturned = numberReturned; self.additionalFields = additionalFields
    }

    /// Builds an item collection from JSON; `features` must be an array of items, each error naming
    /// the feature's position.
    public init(json: JSONValue) throws(STACError) {
        guard case .object(var o) = json else {
            throw .notSTAC(url: "", reason: "expected an ItemCollection (a JSON object), found \(json.kindName)")
        }
        memberOrder = Array(o.keys)
        hadType = o["type"] != nil
        hadLinks = o["links"] != nil
        if let type = o.removeValue(forKey: "type"), type != "FeatureCollection" {
            throw .notSTAC(url: "", reason: "expected an ItemCollection (type 'FeatureCollection'), found type \(type.excerpt())")
        }
        guard case .array(let f)? = o.removeValue(forKey: "features") else {
            throw .notSTAC(url: "", reason: "expected an ItemCollection, but there is no 'features' array")
        }
        var items: [STACItem] = []
        items.reserveCapacity(f.count)
        for (index, v) in f.enumerated() {
            do { items.append(try STACItem(json: v)) } catch {
                if case .notSTAC(_, let reason) = error { throw .notSTAC(url: "", reason: "features[\(index)]: \(reason)") }
                throw error
            }
        }
        features = items
        links = try [STACLink](json: o.removeValue(forKey: "links"))
        numberMatched = o.take("numberMatched", \.exactInt)
        numberReturned = o.take("numberReturned", \.exactInt)
        additionalFields = o
    }

    /// The item collection as GeoJSON, members in the source's order.
    public var json: JSONValue {
        var o = additionalFields
        if hadType { o["type"] = "FeatureCollection" }
        o["features"] = .array(features.map(\.json))
        // `links` is optional on ItemCollections: written when there are some or the source had it.
        if !links.isEmpty || hadLinks { o["links"] = .array(links.map(\.json)) }
        if let numberMatched { o["numberMatched"] = .int(Int64(numberMatched)) }
        if let numberReturned { o["numberReturned"] = .int(Int64(numberReturned)) }
        return .object(o.arranged(like: memberOrder))
    }
}

extension JSONValue {
    /// A word for the kind of value, for error messages.
    var kindName: String {
        switch self {
        case .null: return "null"
        case .bool: return "a Boolean"
        case .int, .uint, .double, .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}
