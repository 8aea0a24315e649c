import Foundation

/// Reads JSON documents from local paths, `file://` URLs and HTTP(S) URLs.
struct Fetcher: Sendable {
    let configuration: STACClientConfiguration

    init(configuration: STACClientConfiguration) {
        self.configuration = configuration
    }

    /// The body and final URL of `request`.
    func send(_ request: STACRequest) async throws(STACError) -> (body: [UInt8], url: String) {
        if !HrefResolver.isURL(request.url) || request.url.hasPrefix("file:") {
            return (try readFile(request.url), request.url)
        }
        throw .transport(url: request.url, message: "HTTP transport not available yet")
    }

    /// The bodies and final URLs of `requests`, in order.
    func sendAll(_ requests: [STACRequest]) async throws(STACError) -> [(body: [UInt8], url: String)] {
        var out: [(body: [UInt8], url: String)] = []
        for r in requests { out.append(try await send(r)) }
        return out
    }

    /// Fetches and parses the JSON at `location`.
    func json(_ request: STACRequest) async throws(STACError) -> (json: JSONValue, url: String) {
        let (body, url) = try await send(request)
        do { return (try JSONValue(parsing: body), url) } catch {
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
