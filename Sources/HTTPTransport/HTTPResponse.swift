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
}
