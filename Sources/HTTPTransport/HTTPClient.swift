import CCurl
import Logging
import SystemSupport
#if canImport(Glibc)
import Glibc
#endif

/// An HTTP(S) client over libcurl, shared by the STAC client, the GeoTIFF reader and the Zarr HTTP store.
///
/// It retries rate limiting, transient server errors, broken connections and timeouts with
/// exponential backoff and jitter (honouring `Retry-After`), keeps connections alive between
/// requests, verifies TLS, follows redirects, decodes gzip, and honours the usual proxy
/// environment variables (`https_proxy`, `no_proxy` …) through libcurl.
public final class HTTPClient: Sendable {
    /// The settings every request uses.
    public let configuration: HTTPClientConfiguration
    private let pool: CurlHandlePool
    private let logger: Logger

    /// Creates a client.
    public init(configuration: HTTPClientConfiguration = .init(), logger: Logger = Logger(label: "eocube.http")) {
        self.configuration = configuration
        self.pool = CurlHandlePool(capacity: max(4, configuration.maxConcurrentRequests * 2))
        self.logger = logger
    }

    /// The libcurl version in use, for diagnostics.
    public static var libcurlVersion: String { CurlGlobal.version }

    // MARK: Blocking

    /// Sends a request, retrying as the configuration says; blocks the calling thread.
    ///
    /// For callers that cannot suspend, such as libtiff's read callbacks.
    public func sendBlocking(_ request: HTTPRequest) throws(HTTPError) -> HTTPResponse {
        guard request.url.hasPrefix("http://") || request.url.hasPrefix("https://") else {
            throw .invalidURL(request.url)
        }
        var attempt = 1
        while true {
            switch attemptOnce(request) {
            case .success(let response):
                return response
            case .failure(let failure):
                guard failure.retryable, attempt < configuration.retry.maxAttempts else { throw failure.error }
                // A cancelled caller (async send on the pool) does not wait out the backoff.
                if WorkCancellation.current?.isCancelled == true { throw .cancelled(url: request.url) }
                let delay = configuration.retry.delay(afterAttempt: attempt, retryAfter: failure.retryAfter)
                logger.debug("retrying \(request.method) \(request.url) in \(delay): \(failure.error)")
                sleepBlocking(delay)
                attempt += 1
            }
        }
    }

    /// Fetches a URL (or a byte range of it); blocks the calling thread.
    public func getBlocking(_ url: String, range: Range<UInt64>? = nil) throws(HTTPError) -> HTTPResponse {
        try sendBlocking(HTTPRequest(url: url, byteRange: range))
    }

    // MARK: Async

    /// Sends a request, retrying as the configuration says. The transfer blocks a thread of the
    /// shared ``BlockingPool`` (libcurl's easy interface is blocking) while the caller suspends;
    /// a caller cancelled before it starts, or while it waits to retry, gets
    /// ``HTTPError/cancelled(url:)``.
    public func send(_ request: HTTPRequest) async throws(HTTPError) -> HTTPResponse {
        try await BlockingPool.shared.run(cancelled: HTTPError.cancelled(url: request.url)) { () throws(HTTPError) -> HTTPResponse in
            try self.sendBlocking(request)
        }
    }

    /// Fetches a URL (or a byte range of it).
    public func get(_ url: String, range: Range<UInt64>? = nil) async throws(HTTPError) -> HTTPResponse {
        try await send(HTTPRequest(url: url, byteRange: range))
    }

    /// Sends several requests in parallel (at most `maxConcurrentRequests` at once) and returns
    /// their responses in the order given; the first failure is thrown.
    public func send(_ requests: [HTTPRequest]) async throws(HTTPError) -> [HTTPResponse] {
        let limit = configuration.maxConcurrentRequests
        let outcome: Result<[HTTPResponse], HTTPError> = await withTaskGroup(
            of: (Int, Result<HTTPResponse, HTTPError>).self
        ) { group in
            var results = [HTTPResponse?](repeating: nil, count: requests.count)
            var next = 0
            func launch() {
                let index = next
                let request = requests[index]
                next += 1
                group.addTask {
                    do throws(HTTPError) { return (index, .success(try await self.send(request))) } catch {
                        return (index, .failure(error))
                    }
                }
            }
            while next < min(limit, requests.count) { launch() }
            while let (index, result) = await group.next() {
                switch result {
                case .success(let response): results[index] = response
                case .failure(let error):
                    group.cancelAll()
                    return .failure(error)
                }
                if next < requests.count { launch() }
            }
            return .success(results.compactMap { $0 })
        }
        return try outcome.get()
    }

    // MARK: One attempt

    private struct AttemptFailure: Error {
        var error: HTTPError
        var retryable: Bool
        var retryAfter: Duration?
    }

    private func attemptOnce(_ original: HTTPRequest) -> Result<HTTPResponse, AttemptFailure> {
        var request = original
        if let modifier = configuration.requestModifier {
            do { try modifier(&request) } catch {
                return .failure(.init(error: .requestModifierFailed(url: original.url, message: "\(error)"), retryable: false))
            }
        }
        let performed = pool.withHandle { $0.perform(request, configuration: configuration) }
        guard let outcome = performed else {
            return .failure(.init(error: .transport(url: request.url, message: "libcurl could not create a handle"), retryable: false))
        }
        switch outcome {
        case .tooLarge:
            return .failure(.init(error: .responseTooLarge(url: request.url, limit: configuration.maxResponseBytes), retryable: false))
        case .failure(let code, let message):
            if code == CURLE_OPERATION_TIMEDOUT {
                return .failure(.init(error: .timeout(url: request.url), retryable: configuration.retry.retriesTimeouts))
            }
            return .failure(.init(error: .transport(url: request.url, message: message), retryable: Self.isTransient(code)))
        case .response(let response):
            guard response.isSuccess else {
                let body = String(decoding: response.body.prefix(512), as: UTF8.self)
                return .failure(.init(
                    error: .status(url: request.url, code: response.status, body: body),
                    retryable: configuration.retry.retryableStatuses.contains(response.status),
                    retryAfter: response.headers["retry-after"].flatMap(Self.parseRetryAfter)
                ))
            }
            if let range = request.byteRange, response.status == 200, request.method != .head {
                // A server that ignores Range answers 200 with the whole file. That is only
                // acceptable when the whole file is what we asked for anyway.
                guard range.lowerBound == 0, UInt64(response.body.count) <= range.upperBound else {
                    return .failure(.init(error: .rangeNotSupported(url: request.url), retryable: false))
                }
            }
            if let range = request.byteRange, response.status == 206, let served = response.contentRangeServed {
                // A 206 for other bytes than asked (a broken proxy or cache) would otherwise be
                // taken as the requested bytes: a silently wrong read.
                guard served.lowerBound == range.lowerBound, served.upperBound <= range.upperBound,
                      UInt64(response.body.count) == served.upperBound - served.lowerBound else {
                    let message = "asked for bytes \(range.lowerBound)-\(range.upperBound - 1) but the server answered "
                        + "'Content-Range: \(response.headers["content-range"] ?? "")' with \(response.body.count) bytes"
                    return .failure(.init(error: .transport(url: request.url, message: message), retryable: false))
                }
            }
            return .success(response)
        }
    }

    /// libcurl errors worth another attempt: the network, not the request, was at fault.
    private static func isTransient(_ code: CURLcode) -> Bool {
        switch code {
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_RECV_ERROR, CURLE_SEND_ERROR,
            CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE, CURLE_HTTP2, CURLE_HTTP2_STREAM, CURLE_SSL_CONNECT_ERROR:
            return true
        default:
            return false
        }
    }

    /// `Retry-After` as delta-seconds or an HTTP date (parsed by libcurl's `curl_getdate`).
    static func parseRetryAfter(_ value: String) -> Duration? {
        let trimmed = value.filter { $0 != " " }
        if let seconds = Int(trimmed), seconds >= 0 { return .seconds(seconds) }
        let date = curl_getdate(value, nil)
        guard date > 0 else { return nil }
        return .seconds(max(0, Int(date) - Int(time(nil))))
    }

    private func sleepBlocking(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        var remaining = timespec(tv_sec: Int(seconds), tv_nsec: Int(attoseconds / 1_000_000_000))
        var request = remaining
        while nanosleep(&request, &remaining) == -1 && errno == EINTR { request = remaining }
    }
}
