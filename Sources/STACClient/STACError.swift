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

    /// A message a user can act on. Every value taken from a document or server is cut to a few
    /// hundred characters, so a huge value cannot flood the terminal.
    public var description: String {
        switch self {
        case .status(let url, let code, let body):
            let excerpt = Self.cut(body, limit: 300)
            return "HTTP \(code) from \(Self.cut(url))" + (excerpt.isEmpty ? "" : ": \(excerpt)")
        case .timeout(let url): return "timed out waiting for \(Self.cut(url)); raise the timeout or check the server"
        case .transport(let url, let message): return "could not fetch \(Self.cut(url)): \(Self.cut(message))"
        case .invalidURL(let url): return "invalid URL or path '\(Self.cut(url))'"
        case .fileUnreadable(let path, let reason): return "cannot read \(Self.cut(path)): \(Self.cut(reason))"
        case .invalidJSON(let url, let reason): return "\(Self.cut(url)) did not return valid JSON (\(Self.cut(reason)))"
        case .notSTAC(let url, let reason): return "\(Self.cut(url)) is not the STAC object expected: \(Self.cut(reason))"
        case .paginationLoop(let url):
            return "pagination loop: the 'next' link \(Self.cut(url)) points to a page already fetched; stopping"
        case .invalidSearch(let reason): return "invalid STAC search: \(Self.cut(reason))"
        case .unsupportedForStaticCatalog(let location, let reason):
            return "cannot search static catalog \(Self.cut(location)): \(Self.cut(reason)); use a STAC API instead"
        }
    }

    /// `text` cut to `limit` characters, saying how long it was.
    static func cut(_ text: String, limit: Int = 500) -> String {
        guard text.utf8.count > limit else { return text }
        let kept = text.prefix(limit)
        guard kept.endIndex < text.endIndex else { return text }
        return kept + "… (\(text.utf8.count) bytes)"
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
