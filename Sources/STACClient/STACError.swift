/// Everything that can go wrong reading STAC, each case naming the URL or file concerned.
public enum STACError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The server answered with a non-success HTTP status (after any retries).
    case status(url: String, code: Int, body: String)
    /// The request did not complete within the configured timeout (after any retries).
    case timeout(url: String)
    /// The connection failed or the body arrived incomplete (after any retries).
    case transport(url: String, message: String)
    /// The URL or path could not be understood.
    case invalidURL(String)
    /// A local file could not be read.
    case fileUnreadable(path: String, reason: String)
    /// The body is not valid JSON.
    case invalidJSON(url: String, reason: String)
    /// The body is JSON, but not the STAC object expected there.
    case notSTAC(url: String, reason: String)
    /// Following `next` links led back to a page already fetched.
    case paginationLoop(url: String)
    /// The search parameters are inconsistent or malformed.
    case invalidSearch(reason: String)
    /// The search asks for something a static catalog cannot evaluate locally (e.g. a CQL2 filter).
    case unsupportedForStaticCatalog(location: String, reason: String)

    /// A message a user can act on.
    public var description: String {
        switch self {
        case .status(let url, let code, let body):
            let excerpt = body.count > 300 ? String(body.prefix(300)) + "…" : body
            return "HTTP \(code) from \(url)" + (excerpt.isEmpty ? "" : ": \(excerpt)")
        case .timeout(let url): return "timed out waiting for \(url); raise the timeout or check the server"
        case .transport(let url, let message): return "could not fetch \(url): \(message)"
        case .invalidURL(let url): return "invalid URL or path '\(url)'"
        case .fileUnreadable(let path, let reason): return "cannot read \(path): \(reason)"
        case .invalidJSON(let url, let reason): return "\(url) did not return valid JSON (\(reason))"
        case .notSTAC(let url, let reason): return "\(url) is not the STAC object expected: \(reason)"
        case .paginationLoop(let url):
            return "pagination loop: the 'next' link \(url) points to a page already fetched; stopping"
        case .invalidSearch(let reason): return "invalid STAC search: \(reason)"
        case .unsupportedForStaticCatalog(let location, let reason):
            return "cannot search static catalog \(location): \(reason); use a STAC API instead"
        }
    }

    /// The same error with an unnamed source replaced by `source`.
    func naming(_ source: String) -> STACError {
        switch self {
        case .notSTAC(let url, let reason) where url.isEmpty: return .notSTAC(url: source, reason: reason)
        case .invalidJSON(let url, let reason) where url.isEmpty: return .invalidJSON(url: source, reason: reason)
        default: return self
        }
    }
}
