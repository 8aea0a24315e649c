import Logging

/// Builds the fetcher for a remote URL (HTTPTransport once merged).
func makeRangeFetcher(url: String, options: RasterOpenOptions, logger: Logger) throws(GeoRasterError) -> RangeFetcher {
    throw .unsupported(location: url, reason: "remote reading is not available yet")
}
