/// Settings shared by every request of an ``HTTPClient``.
public struct HTTPClientConfiguration: Sendable {
    /// Longest time one attempt may take, connection and body included.
    public var timeout: Duration
    /// Longest time to establish a connection.
    public var connectTimeout: Duration
    /// When to retry.
    public var retry: RetryPolicy
    /// Headers sent with every request (a request's own headers win).
    public var headers: [String: String]
    /// The `User-Agent` header.
    public var userAgent: String
    /// Largest accepted response body; larger transfers stop with ``HTTPError/responseTooLarge(url:limit:)``.
    public var maxResponseBytes: Int
    /// Most requests ``HTTPClient/send(_:)-([HTTPRequest])`` keeps in flight at once.
    public var maxConcurrentRequests: Int
    /// Called on every attempt just before sending, e.g. to add an `Authorization` header or sign the URL.
    public var requestModifier: (@Sendable (inout HTTPRequest) throws -> Void)?

    /// Creates a configuration with defaults suited to STAC APIs and cloud object stores.
    public init(
        timeout: Duration = .seconds(60),
        connectTimeout: Duration = .seconds(10),
        retry: RetryPolicy = RetryPolicy(),
        headers: [String: String] = [:],
        userAgent: String = "EOCube/0.1",
        maxResponseBytes: Int = 1 << 31,
        maxConcurrentRequests: Int = 8,
        requestModifier: (@Sendable (inout HTTPRequest) throws -> Void)? = nil
    ) {
        self.timeout = timeout
        self.connectTimeout = connectTimeout
        self.retry = retry
        self.headers = headers
        self.userAgent = userAgent
        self.maxResponseBytes = maxResponseBytes
        self.maxConcurrentRequests = max(1, maxConcurrentRequests)
        self.requestModifier = requestModifier
    }
}
