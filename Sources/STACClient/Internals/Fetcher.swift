import Foundation
internal import HTTPTransport

/// Reads JSON documents from local paths, `file://` URLs and HTTP(S) URLs (through EOCube's
/// shared libcurl transport, which does the retries, timeouts, gzip, TLS and proxies).
struct Fetcher: Sendable {
    let configuration: STACClientConfiguration
    let http: HTTPClient

    init(configuration: STACClientConfiguration) {
        self.configuration = configuration
        let modifier = configuration.requestModifier
        var headers = ["Accept": "application/geo+json, application/json;q=0.9"]
        for (k, v) in configuration.headers { headers[k] = v }
        http = HTTPClient(configuration: HTTPClientConfiguration(
            timeout: configuration.timeout,
            connectTimeout: configuration.connectTimeout,
            retry: RetryPolicy(maxAttempts: configuration.maxAttempts, baseDelay: configuration.retryBaseDelay,
                               maxDelay: configuration.maxRetryDelay),
            headers: headers,
            userAgent: configuration.userAgent,
            maxResponseBytes: configuration.maxResponseBytes,
            requestModifier: modifier.map { modify in
                { @Sendable (request: inout HTTPRequest) throws in
                    var stac = STACRequest(url: request.url, method: request.method == .post ? .post : .get,
                                           headers: request.headers, body: request.body)
                    try modify(&stac)
                    request.url = stac.url
                    request.method = stac.method == .post ? .post : .get
                    request.headers = stac.headers
                    request.body = stac.body
                }
            }))
    }

    static func isLocal(_ location: String) -> Bool {
        !HrefResolver.isURL(location) || location.hasPrefix("file:")
    }

    /// The body and final URL of `request`.
    func send(_ request: STACRequest) async throws(STACError) -> (body: [UInt8], url: String) {
        if Self.isLocal(request.url) { return (try readFile(request.url), request.url) }
        do {
            let response = try await http.send(Self.httpRequest(request))
            return (response.body, response.url.isEmpty ? request.url : response.url)
        } catch {
            throw Self.map(error)
        }
    }

    /// The bodies and final URLs of `requests`, in order; HTTP requests go out in parallel.
    func sendAll(_ requests: [STACRequest]) async throws(STACError) -> [(body: [UInt8], url: String)] {
        if requests.count < 2 || requests.contains(where: { Self.isLocal($0.url) }) {
            var out: [(body: [UInt8], url: String)] = []
            for r in requests { out.append(try await send(r)) }
            return out
        }
        do {
            let responses = try await http.send(requests.map(Self.httpRequest))
            return zip(responses, requests).map { ($0.body, $0.url.isEmpty ? $1.url : $0.url) }
        } catch {
            throw Self.map(error)
        }
    }

    static func httpRequest(_ r: STACRequest) -> HTTPRequest {
        HTTPRequest(url: r.url, method: r.method == .post ? .post : .get, headers: r.headers, body: r.body)
    }

    static func map(_ error: HTTPError) -> STACError {
        switch error {
        case .status(let url, let code, let body): return .status(url: url, code: code, body: body)
        case .timeout(let url): return .timeout(url: url)
        case .transport(let url, let message): return .transport(url: url, message: message)
        case .invalidURL(let url): return .invalidURL(url)
        default: return .transport(url: error.url, message: error.description)
        }
    }

    /// Fetches and parses the JSON at `location`.
    func json(_ request: STACRequest) async throws(STACError) -> (json: JSONValue, url: String) {
        let (body, url) = try await send(request)
        do { return (try JSONValue(parsing: body, options: .exact), url) } catch {
            throw .invalidJSON(url: url, reason: error.description)
        }
    }

    private func readFile(_ location: String) throws(STACError) -> [UInt8] {
        var path = location
        if location.hasPrefix("file:") {
            guard let url = URL(string: location), url.isFileURL else { throw .invalidURL(location) }
            path = url.path
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            let exists = FileManager.default.fileExists(atPath: path)
            throw .fileUnreadable(path: path, reason: exists ? "permission denied" : "no such file")
        }
        defer { try? handle.close() }
        do {
            let data = try handle.readToEnd() ?? Data()
            return [UInt8](data)
        } catch {
            throw .fileUnreadable(path: path, reason: "\(error)")
        }
    }
}
