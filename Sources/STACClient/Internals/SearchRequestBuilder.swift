/// Turns a ``STACSearch`` into the GET query string or POST body of the STAC API, and
/// builds the follow-up request of a `next` link.
enum SearchRequestBuilder {
    /// The POST body of `search` (without `max_items`, which is client-side).
    static func body(_ search: STACSearch) -> JSONObject {
        var o: JSONObject = [:]
        if let c = search.collections { o["collections"] = .array(c.map { .string($0) }) }
        if let ids = search.ids { o["ids"] = .array(ids.map { .string($0) }) }
        if let bbox = search.bbox { o["bbox"] = .array(bbox.map { .double($0) }) }
        if let g = search.intersects { o["intersects"] = g }
        if let d = search.datetime { o["datetime"] = .string(d.description) }
        if let limit = search.limit { o["limit"] = .int(Int64(limit)) }
        if let q = search.query { o["query"] = .object(q) }
        switch search.filter {
        case .cql2JSON(let f)?: o["filter"] = f; o["filter-lang"] = "cql2-json"
        case .cql2Text(let t)?: o["filter"] = .string(t); o["filter-lang"] = "cql2-text"
        case nil: break
        }
        if let s = search.sortBy {
            o["sortby"] = .array(s.map { .object(["field": .string($0.field), "direction": .string($0.direction.rawValue)]) })
        }
        if let f = search.fields {
            o["fields"] = .object(["include": .array(f.include.map { .string($0) }), "exclude": .array(f.exclude.map { .string($0) })])
        }
        return o
    }

    /// The GET query parameters of `search`, in a stable order.
    static func queryItems(_ search: STACSearch) -> [(String, String)] {
        var q: [(String, String)] = []
        func number(_ d: Double) -> String { d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d) }
        if let c = search.collections { q.append(("collections", c.joined(separator: ","))) }
        if let ids = search.ids { q.append(("ids", ids.joined(separator: ","))) }
        if let bbox = search.bbox { q.append(("bbox", bbox.map(number).joined(separator: ","))) }
        if let g = search.intersects { q.append(("intersects", g.jsonString())) }
        if let d = search.datetime { q.append(("datetime", d.description)) }
        if let limit = search.limit { q.append(("limit", String(limit))) }
        if let query = search.query { q.append(("query", JSONValue.object(query).jsonString())) }
        switch search.filter {
        case .cql2JSON(let f)?: q.append(("filter", f.jsonString())); q.append(("filter-lang", "cql2-json"))
        case .cql2Text(let t)?: q.append(("filter", t)); q.append(("filter-lang", "cql2-text"))
        case nil: break
        }
        if let s = search.sortBy { q.append(("sortby", s.map(\.description).joined(separator: ","))) }
        if let f = search.fields { q.append(("fields", f.queryValue)) }
        return q
    }

    /// The first request of `search` against the endpoint `url`.
    static func request(_ search: STACSearch, endpoint url: String) -> STACRequest {
        switch search.method {
        case .post:
            return STACRequest(url: url, method: .post, headers: ["Content-Type": "application/json"],
                               body: JSONValue.object(body(search)).jsonBytes())
        case .get:
            let query = queryItems(search).map { "\(percentEncode($0.0))=\(percentEncode($0.1))" }.joined(separator: "&")
            if query.isEmpty { return STACRequest(url: url) }
            return STACRequest(url: url + (url.contains("?") ? "&" : "?") + query)
        }
    }

    /// The request a `next` link asks for, following the STAC API rules: GET hrefs as they are;
    /// POST with the link's `body`, merged into the previous body when `merge` is true.
    static func next(_ link: STACLink, after previous: STACRequest, base: String) -> STACRequest {
        let href = HrefResolver.resolve(link.href, against: base)
        var headers = previous.headers
        for (k, v) in link.requestHeaders { headers[k] = v }
        guard link.method?.uppercased() == "POST" else {
            headers.removeValue(forKey: "Content-Type")
            return STACRequest(url: href, method: .get, headers: headers)
        }
        var body: JSONObject = [:]
        let previousBody = previous.body.flatMap { try? JSONValue(parsing: $0) }?.objectValue ?? [:]
        if link.merge == true {
            body = previousBody
            for (k, v) in link.body?.objectValue ?? [:] { body[k] = v }
        } else {
            body = link.body?.objectValue ?? previousBody
        }
        headers["Content-Type"] = "application/json"
        return STACRequest(url: href, method: .post, headers: headers, body: JSONValue.object(body).jsonBytes())
    }

    /// Percent-encodes everything but RFC 3986 unreserved characters and commas.
    static func percentEncode(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        let hex = Array("0123456789ABCDEF")
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: ","):
                out.unicodeScalars.append(Unicode.Scalar(b))
            default:
                out.append("%"); out.append(hex[Int(b >> 4)]); out.append(hex[Int(b & 0xF)])
            }
        }
        return out
    }
}
