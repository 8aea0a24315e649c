/// Fetches byte ranges of one remote object; ``HTTPByteSource`` adds caching and merging on top.
protocol RangeFetcher: Sendable {
    /// The URL, for error messages.
    var url: String { get }
    /// Fetches `range` (clipped by the server at the end of the object) and, when the answer says
    /// it, the total object size (from `Content-Range`).
    func fetch(_ range: Range<UInt64>) throws(GeoRasterError) -> (bytes: [UInt8], totalSize: UInt64?)
}
