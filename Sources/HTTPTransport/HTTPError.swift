/// Why an HTTP request failed, with the URL it concerned.
public enum HTTPError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The server answered with a non-2xx status (after any retries); `body` holds the start of its answer.
    case status(url: String, code: Int, body: String)
    /// No complete answer arrived within the configured timeout (after any retries).
    case timeout(url: String)
    /// The connection failed or broke (DNS, refused, reset, TLS, truncated body …) after any retries.
    case transport(url: String, message: String)
    /// The URL is not an absolute `http`/`https` URL.
    case invalidURL(String)
    /// A byte range was asked for but the server sent the whole resource (status 200), as servers
    /// that ignore `Range` do; reading a large file this way would download all of it.
    case rangeNotSupported(url: String)
    /// The response body was larger than the configured limit, so the transfer was stopped.
    case responseTooLarge(url: String, limit: Int)
    /// The request-modifier hook (e.g. request signing) threw.
    case requestModifierFailed(url: String, message: String)
    /// The calling task was cancelled before the request was sent, or while it waited to retry.
    case cancelled(url: String)

    /// The URL the failure concerns.
    public var url: String {
        switch self {
        case .status(let url, _, _), .timeout(let url), .transport(let url, _), .rangeNotSupported(let url),
            .responseTooLarge(let url, _), .requestModifierFailed(let url, _), .cancelled(let url):
            return url
        case .invalidURL(let url):
            return url
        }
    }

    /// A message a user can act on.
    public var description: String {
        switch self {
        case .status(let url, let code, let body):
            let hint: String
            switch code {
            case 401, 403: hint = " (access denied: check credentials or signing)"
            case 404: hint = " (not found: check the URL)"
            case 429: hint = " (rate limited: retry later or lower concurrency)"
            default: hint = ""
            }
            let excerpt = body.isEmpty ? "" : ": \(body.prefix(200))"
            return "HTTP \(code) from \(url)\(hint)\(excerpt)"
        case .timeout(let url):
            return "request to \(url) timed out; raise the timeout or check the server"
        case .transport(let url, let message):
            return "request to \(url) failed: \(message)"
        case .invalidURL(let url):
            return "'\(url)' is not an absolute http(s) URL"
        case .rangeNotSupported(let url):
            return "\(url) ignored the Range header (answered 200 with the whole file); serve it from a server that supports range requests"
        case .responseTooLarge(let url, let limit):
            return "response from \(url) exceeded the \(limit)-byte limit"
        case .requestModifierFailed(let url, let message):
            return "request modifier failed for \(url): \(message)"
        case .cancelled(let url):
            return "the request for \(url) was cancelled"
        }
    }
}
