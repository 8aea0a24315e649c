internal import HTTPTransport
import Logging

/// Builds the fetcher for a remote URL over the shared HTTPTransport client: http(s), or
/// `s3://` signed with the AWS environment's credentials.
func makeRangeFetcher(url: String, options: RasterOpenOptions, logger: Logger) throws(GeoRasterError) -> RangeFetcher {
    if url.lowercased().hasPrefix("s3://") { return try S3RangeFetcher(url: url) }
    guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
        throw .cannotOpen(location: url, reason: "not an http(s) URL")
    }
    return HTTPRangeFetcher(url: url, client: HTTPRangeFetcher.client(for: options, logger: logger))
}

/// Range GETs through ``HTTPClient`` (which retries 5xx, resets and timeouts with backoff).
struct HTTPRangeFetcher: RangeFetcher {
    let url: String
    let client: HTTPClient

    /// One client per process for the default settings, so connections are reused across files.
    private static let shared = HTTPClient(configuration: HTTPClientConfiguration(), logger: Logger(label: "eocube.georaster.http"))

    static func client(for options: RasterOpenOptions, logger: Logger) -> HTTPClient {
        guard !options.httpHeaders.isEmpty else { return shared }
        var configuration = HTTPClientConfiguration()
        configuration.headers.merge(options.httpHeaders) { $1 }
        return HTTPClient(configuration: configuration, logger: logger)
    }

    func fetch(_ range: Range<UInt64>) throws(GeoRasterError) -> (bytes: [UInt8], totalSize: UInt64?) {
        do {
            let response = try client.getBlocking(url, range: range)
            return (response.body, response.contentRangeTotal)
        } catch {
            throw Self.translate(error, url: url)
        }
    }

    static func translate(_ error: HTTPError, url: String) -> GeoRasterError {
        switch error {
        case .status(_, let code, _): .httpStatus(url: url, code: code)
        case .timeout: .readFailed(location: url, reason: "timed out (after retries)")
        case .transport(_, let message): .readFailed(location: url, reason: "\(message) (after retries)")
        case .invalidURL: .cannotOpen(location: url, reason: "invalid URL")
        case .rangeNotSupported: .readFailed(location: url, reason: "the server ignores HTTP Range requests (answered 200 with the whole object)")
        default: .readFailed(location: url, reason: error.description)
        }
    }
}
