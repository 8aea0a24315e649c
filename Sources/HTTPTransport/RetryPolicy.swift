/// When and how long to wait before retrying a failed request.
///
/// Retries use exponential backoff with full jitter, and honour a server's `Retry-After`.
public struct RetryPolicy: Sendable, Hashable {
    /// Total attempts, the first included; `1` disables retries.
    public var maxAttempts: Int
    /// Backoff before the first retry; doubled for each further one.
    public var baseDelay: Duration
    /// The longest backoff between two attempts (also caps `Retry-After`).
    public var maxDelay: Duration
    /// Status codes that are retried: rate limiting and transient server errors.
    public var retryableStatuses: Set<Int>
    /// Whether timeouts are retried (a slow server may answer the next time).
    public var retriesTimeouts: Bool

    /// Creates a policy; the defaults retry 429 and 5xx gateway errors up to four attempts.
    public init(
        maxAttempts: Int = 4,
        baseDelay: Duration = .milliseconds(200),
        maxDelay: Duration = .seconds(30),
        retryableStatuses: Set<Int> = [408, 429, 500, 502, 503, 504],
        retriesTimeouts: Bool = true
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.retryableStatuses = retryableStatuses
        self.retriesTimeouts = retriesTimeouts
    }

    /// No retries at all.
    public static let disabled = RetryPolicy(maxAttempts: 1)

    /// The wait before attempt `attempt + 1` (`attempt` counts from 1), honouring `retryAfter` when given.
    public func delay(afterAttempt attempt: Int, retryAfter: Duration?) -> Duration {
        if let retryAfter { return min(retryAfter, maxDelay) }
        let exponent = min(attempt - 1, 20)
        let ceiling = min(baseDelay * (1 << exponent), maxDelay)
        // Full jitter: spread retries of many clients over the whole window.
        let ceilingMs = ceiling.milliseconds
        return .milliseconds(Int.random(in: ceilingMs / 2...ceilingMs))
    }
}
