/// A STAC link: a relation (`rel`) to another resource, with the optional request
/// details (`method`, `headers`, `body`, `merge`) that STAC API pagination uses.
public struct STACLink: JSONValueConvertible, Hashable {
    /// The relation, such as `self`, `root`, `child`, `item`, `next`.
    public var rel: String
    /// The target, possibly relative to the document holding the link.
    public var href: String
    /// The media type of the target, when given.
    public var type: String?
    /// A human-readable title, when given.
    public var title: String?
    /// The HTTP method to use (`GET` when absent).
    public var method: String?
    /// Extra HTTP headers to send when following the link.
    public var headers: [String: String]?
    /// The JSON body to send (POST pagination).
    public var body: JSONValue?
    /// Whether ``body`` is to be merged into the previous request body rather than replace it.
    public var merge: Bool?
    /// Members not modelled above, kept for round trips.
    public var additionalFields: JSONObject

    /// Creates a link.
    public init(rel: String, href: String, type: String? = nil, title: String? = nil, method: String? = nil,
                headers: [String: String]? = nil, body: JSONValue? = nil, merge: Bool? = nil,
                additionalFields: JSONObject = [:]) {
        self.rel = rel; self.href = href; self.type = type; self.title = title; self.method = method
        self.headers = headers; self.body = body; self.merge = merge; self.additionalFields = additionalFields
    }

    /// Builds a link from JSON; `rel` and `href` are required.
    public init(json: JSONValue) throws(STACError) {
        guard case .object(var o) = json else { throw .notSTAC(url: "", reason: "a link is not a JSON object") }
        guard let rel = o.removeValue(forKey: "rel")?.stringValue else { throw .notSTAC(url: "", reason: "a link has no 'rel'") }
        guard let href = o.removeValue(forKey: "href")?.stringValue else {
            throw .notSTAC(url: "", reason: "link '\(rel)' has no 'href'")
        }
        self.rel = rel
        self.href = href
        type = o.removeValue(forKey: "type")?.stringValue
        title = o.removeValue(forKey: "title")?.stringValue
        method = o.removeValue(forKey: "method")?.stringValue
        if let h = o.removeValue(forKey: "headers")?.objectValue {
            var values: [String: String] = [:]
            for (name, value) in h { values[name] = value.stringValue ?? value.stringArray?.joined(separator: ", ") }
            headers = values
        }
        body = o.removeValue(forKey: "body")
        merge = o.removeValue(forKey: "merge")?.boolValue
        additionalFields = o
    }

    /// The link as JSON.
    public var json: JSONValue {
        var o = additionalFields
        o["rel"] = .string(rel)
        o["href"] = .string(href)
        if let type { o["type"] = .string(type) }
        if let title { o["title"] = .string(title) }
        if let method { o["method"] = .string(method) }
        if let headers {
            // Sorted, so the written link is the same from run to run.
            o["headers"] = .object(JSONObject(uniqueKeysWithValues: headers.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }))
        }
        if let body { o["body"] = body }
        if let merge { o["merge"] = .bool(merge) }
        return .object(o)
    }
}

extension Array where Element == STACLink {
    /// The first link with relation `rel`.
    public func first(rel: String) -> STACLink? { first { $0.rel == rel } }
    /// All links with relation `rel`.
    public func all(rel: String) -> [STACLink] { filter { $0.rel == rel } }

    init(json: JSONValue?) throws(STACError) {
        guard let json, !json.isNull else { self = []; return }
        guard case .array(let a) = json else { throw .notSTAC(url: "", reason: "'links' is not an array") }
        var out: [STACLink] = []
        out.reserveCapacity(a.count)
        for l in a { out.append(try STACLink(json: l)) }
        self = out
    }
}
