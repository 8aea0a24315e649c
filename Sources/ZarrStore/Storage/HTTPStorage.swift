import Foundation
public import HTTPTransport

/// A read-only store served over HTTP(S): key `a/zarr.json` is `BASE/a/zarr.json`.
///
/// Uses range requests for shard indexes and inner chunks, so reading one inner chunk of a
/// large shard transfers only that chunk. A 404 means "no such key" (a missing chunk reads
/// as fill).
///
/// HTTP can only read, so this is a ``ZarrReadableStorage`` and nothing more: it has no
/// write methods (writing to it does not compile) and, since HTTP cannot list, groups on
/// it enumerate their children from their consolidated metadata.
public struct HTTPStorage: ZarrReadableStorage {
    /// The store's base URL, without a trailing slash.
    public let baseURL: String
    private let client: HTTPClient

    /// A store at `url` (http or https), using `client` (default: a new client with default retries).
    public init(url: String, client: HTTPClient = HTTPClient()) throws(ZarrError) {
        guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
            throw .invalidPath(url, reason: "an HTTP store URL must start with http:// or https://")
        }
        var base = url
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base
        self.client = client
    }

    /// Latency, not CPU, bounds HTTP reads: keep several requests in flight.
    public var preferredConcurrency: Int { 16 }

    /// The base URL.
    public var description: String { baseURL }

    private func url(_ key: String) throws(ZarrError) -> String {
        try ZarrKey.validate(key)
        let escaped = key.split(separator: "/").map { String($0).addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/"])) ?? String($0) }
        return baseURL + "/" + escaped.joined(separator: "/")
    }

    private func fetch(_ key: String, _ request: HTTPRequest) throws(ZarrError) -> HTTPResponse? {
        do {
            return try client.sendBlocking(request)
        } catch {
            if case .status(_, let code, _) = error, code == 404 { return nil }
            throw .storage(key: key, message: error.description)
        }
    }

    /// GET of the whole value; `nil` on 404.
    public func get(_ key: String) throws(ZarrError) -> [UInt8]? {
        try fetch(key, HTTPRequest(url: try url(key)))?.body
    }

    /// A range request (`Range: bytes=a-b` or `bytes=-n`); `nil` on 404.
    public func get(_ key: String, range: ZarrByteRange) throws(ZarrError) -> [UInt8]? {
        var request = HTTPRequest(url: try url(key))
        switch range {
        case .bounded(let r):
            guard r.lowerBound >= 0 else { throw .invalidRegion(array: key, reason: "negative byte range") }
            if r.isEmpty { return try get(key).map { _ in [] } }
            request.byteRange = UInt64(r.lowerBound)..<UInt64(r.upperBound)
            guard let response = try fetch(key, request) else { return nil }
            guard response.body.count == r.count else {
                throw .corruptChunk(key: key, reason: "asked for bytes \(r) but the server sent \(response.body.count) bytes")
            }
            return response.body
        case .suffix(let n):
            guard n > 0 else { return [] }
            request.headers["Range"] = "bytes=-\(n)"
            guard let response = try fetch(key, request) else { return nil }
            // A server ignoring the Range header sends everything: keep the tail.
            guard response.body.count >= n else {
                throw .corruptChunk(key: key, reason: "asked for the last \(n) bytes but the value has \(response.body.count)")
            }
            // A partial answer must be the tail of the object, else it is other bytes (e.g. a
            // broken cache) and would be decoded as the shard index.
            if response.status == 206, let served = response.contentRangeServed, let total = response.contentRangeTotal,
               served.upperBound != total || UInt64(response.body.count) != served.upperBound - served.lowerBound {
                throw .corruptChunk(key: key, reason: "asked for the last \(n) bytes but the server answered "
                                    + "'Content-Range: \(response.headers["content-range"] ?? "")'")
            }
            return Array(response.body.suffix(n))
        }
    }
}
