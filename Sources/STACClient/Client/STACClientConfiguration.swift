/// How the STAC client talks HTTP: timeouts, retries, headers and a request hook.
///
/// Retries (429 and 5xx, honouring `Retry-After`, exponential backoff with jitter),
/// gzip, TLS verification and proxy environment variables are done by EOCube's
/// shared HTTP transport; this value configures it.
public struct STACClientConfiguration: Sendable {
    /// The whole-request timeout.
    public var timeout: Duration
    /// The connection-setup timeout.
    public var connectTimeout: Duration
    /// Total attempts per request, the first included (1 disables retrying).
    public var maxAttempts: Int
    /// The first retry delay; later ones grow exponentially (with jitter) up to ``maxRetryDelay``.
    public var retryBaseDelay: Duration
    /// The longest wait between attempts, also capping a server's `Retry-After`.
    public var maxRetryDelay: Duration
    /// Headers sent with every request (e.g. `Authorization`).
    public var headers: [String: String]
    /// The `User-Agent` header.
    public var userAgent: String
    /// The largest response body accepted, in bytes.
    public var maxResponseBytes: Int
    /// Called on every request just before it is sent, e.g. to sign URLs.
    public var requestModifier: (@Sendable (inout STACRequest) throws -> Void)?

    /// Creates a configuration; the defaults suit public STAC APIs.
    public init(timeout: Duration = .seconds(60), connectTimeout: Duration = .seconds(10), maxAttempts: Int = 4,
                retryBaseDelay: Duration = .milliseconds(200), maxRetryDelay: Duration = .seconds(30),
                headers: [String: String] = [:], userAgent: String = "EOCube-STACClient/0.1",
                maxResponseBytes: Int = 1 << 30,
                requestModifier: (@Sendable (inout STACRequest) throws -> Void)? = nil) {
        self.timeout = timeout; self.connectTimeout = connectTimeout; self.maxAttempts = max(1, maxAttempts)
        self.retryBaseDelay = retryBaseDelay; self.maxRetryDelay = maxRetryDelay; self.headers = headers
        self.userAgent = userAgent; self.maxResponseBytes = maxResponseBytes; self.requestModifier = requestModifier
    }
}
