/// A completed HTTP response with its whole body in memory.
public struct HTTPResponse: Sendable, Hashable {
    /// The final status code (after redirects).
    public var status: Int
    /// Response headers of the final response, names lower-cased.
    public var headers: [String: String]
    /// The response body, decoded from any `Content-Encoding` the client asked for.
    public var body: [UInt8]
    /// The effective URL after redirects.
    public var url: String

    /// Creates a response.
    public init(status: Int, headers: [String: String], body: [UInt8], url: String) {
        self.status = status
        self.headers = headers
        self.body = body
        self.url = url
    }

    /// Whether the status is in the 2xx range.
    public var isSuccess: Bool { (200..<300).contains(status) }

    /// The total resource size from `Content-Range: bytes a-b/total`, when the server sent one.
    public var contentRangeTotal: UInt64? {
        guard let value = headers["content-range"], let slash = value.lastIndex(of: "/") else { return nil }
        return UInt64(value[value.index(after: slash)...].filter { $0 != " " })
    }

    /// The bytes `a..<b+1` a `Content-Range: bytes a-b/total` header says the body holds; nil
    /// when the header is absent or not of that form (e.g. `bytes */total`).
    public var contentRangeServed: Range<UInt64>? {
        guard let value = headers["content-range"] else { return nil }
        var text = Substring(value.filter { $0 != " " })
        guard text.hasPrefix("bytes") else { return nil }
        text = text.dropFirst(5)
        if let slash = text.firstIndex(of: "/") { text = text[..<slash] }
        let bounds = text.split(separator: "-", omittingEmptySubsequences: false)
        guard bounds.count == 2, let first = UInt64(bounds[0]), let last = UInt64(bounds[1]), first <= last,
              last < UInt64.max else { return nil }
        return first..<(last + 1)
    }
}
