import OrderedCollections

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
    /// Extra HTTP headers to send when following the link, as written: each value a string or an
    /// array of strings (see ``requestHeaders``).
    public var headers: JSONObject?
    /// The JSON body to send (POST pagination).
    public var body: JSONValue?
    /// Whether ``body`` is to be merged into the previous request body rather than replace it.
    public var merge: Bool?
    /// Members not modelled above (and modelled members of an unexpected type), kept for round trips.
    public var additionalFields: JSONObject
    /// The source's member order.
    var memberOrder: [String] = []

    /// Creates a link.
    public init(rel: String, href: String, type: String? = nil, title: String? = nil, method: String? = nil,
                headers: JSONObject? = nil, body: JSONValue? = nil, merge: Bool? = nil,
                additionalFields: JSONObject = [:]) {
        self.rel = rel; self.href = href; self.type = type; self.title = title; self.method = method
        self.headers = headers; self.body = body; self.merge = merge; self.additionalFields = additionalFields
    }

    /// Builds a link from JSON; `rel` and `href` are required strings, and each header value must be
    /// a string or an array of strings.
    public init(json: JSONValue) throws(STACError) {
        guard case .object(var o) = json else { throw .notSTAC(url: "", reason: "a link is \(json.kindName), not a JSON object") }
        memberOrder = Array(o.keys)
        guard let rel = o.take("rel", \.stringValue) else {
            throw .notSTAC(url: "", reason: "a link has no string 'rel'" + (o["rel"].map { " ('rel' is \($0.kindName))" } ?? ""))
        }
        guard let href = o.take("href", \.stringValue) else {
            throw .notSTAC(url: "", reason: "link '\(STACError.cut(rel, limit: 80))' has no string 'href'"
                           + (o["href"].map { " ('href' is \($0.kindName))" } ?? ""))
        }
        self.rel = rel
        self.href = href
        type = o.take("type", \.stringValue)
        title = o.take("title", \.stringValue)
        method = o.take("method", \.stringValue)
        if let h = o["headers"]?.objectValue {
            for (name, value) in h where value.stringValue == nil && value.stringArray == nil {
                throw .notSTAC(url: "", reason: "link '\(STACError.cut(rel, limit: 80))': header '\(STACError.cut(name, limit: 80))' is \(value.kindName); expected a string or an array of strings")
            }
            headers = h
            o.removeValue(forKey: "headers")
        }
        body = o.removeValue(forKey: "body")
        merge = o.take("merge", \.boolValue)
        additionalFields = o
    }

    /// The headers to send: an array value becomes one comma-separated field value, which is how
    /// HTTP combines repeated fields (RFC 9110 §5.3).
    public var requestHeaders: [String: String] {
        var out: [String: String] = [:]
        for (name, value) in headers ?? [:] {
            if let s = value.stringValue { out[name] = s } else if let a = value.stringArray { out[name] = a.joined(separator: ", ") }
        }
        return out
    }

    /// The link as JSON, members in the source's order.
    public var json: JSONValue {
        var o = additionalFields
        o["rel"] = .string(rel)
        o["href"] = .string(href)
        if let type { o["type"] = .string(type) }
        if let title { o["title"] = .string(title) }
        if let method { o["method"] = .string(method) }
        if let headers { o["headers"] = .object(headers) }
        if let body { o["body"] = body }
        if let merge { o["merge"] = .bool(merge) }
        return .object(o.arranged(like: memberOrder))
    }
}

extension Array where Element == STACLink {
    /// The first link with relation `rel`.
    public func first(rel: String) -> STACLink? { first { $0.rel == rel } }
    /// All links with relation `rel`.
    public func all(rel: String) -> [STACLink] { filter { $0.rel == rel } }

    /// The links of a `links` member (`nil` when absent); each error names the link's position.
    init(json: JSONValue?) throws(STACError) {
        guard let json else { self = []; return }
        guard case .array(let a) = json else { throw .notSTAC(url: "", reason: "'links' is \(json.kindName); expected an array") }
        var out: [STACLink] = []
        out.reserveCapacity(a.count)
        for (index, l) in a.enumerated() {
            do { out.append(try STACLink(json: l)) } catch {
                if case .notSTAC(_, let reason) = error { throw .notSTAC(url: "", reason: "links[\(index)]: \(reason)") }
                throw error
            }
        }
        self = out
    }
}
