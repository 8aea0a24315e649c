/// One HTTP request: what to fetch, how, and optionally which bytes.
public struct HTTPRequest: Sendable, Hashable {
    /// The absolute `http` or `https` URL.
    public var url: String
    /// The request method.
    public var method: HTTPMethod
    /// Extra request headers; they override the client's configured headers of the same name.
    public var headers: [String: String]
    /// The request body, sent for methods such as `POST`.
    public var body: [UInt8]?
    /// The half-open byte range to fetch (`Range: bytes=lower-(upper-1)`); `nil` fetches everything.
    public var byteRange: Range<UInt64>?
    /// Signs the request with AWS Signature V4 when set (S3-compatible object storage).
    public var awsSigning: AWSSigning?

    /// Creates a request.
    public init(
        url: String,
        method: HTTPMethod = .get,
        headers: [String: String] = [:],
        body: [UInt8]? = nil,
        byteRange: Range<UInt64>? = nil,
        awsSigning: AWSSigning? = nil
    ) {
        self.url = url
        self.method = method
        self.headers = headers
        self.body = body
        self.byteRange = byteRange
        self.awsSigning = awsSigning
    }
}
