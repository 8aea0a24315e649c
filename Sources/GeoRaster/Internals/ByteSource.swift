/// Where the bytes of a TIFF come from: a local file or an HTTP object.
///
/// Reads are positional and thread-safe, so several libtiff handles can share one source.
protocol ByteSource: AnyObject, Sendable {
    /// The path or URL, for error messages.
    var location: String { get }
    /// Total size in bytes.
    var size: UInt64 { get }
    /// Copies up to `buffer.count` bytes starting at `offset`; returns the count copied
    /// (less only at end of file).
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: UInt64) throws(GeoRasterError) -> Int
    /// Hints that these byte ranges will be read soon (remote sources fetch them in few requests).
    func prefetch(_ ranges: [Range<UInt64>]) throws(GeoRasterError)
    /// For remote sources, how many bytes of blocks to prefetch and decode at a time (bounding
    /// memory); nil for local files, which are read block by block.
    var prefetchBatchBytes: Int? { get }
}

extension ByteSource {
    func prefetch(_ ranges: [Range<UInt64>]) throws(GeoRasterError) {}
    var prefetchBatchBytes: Int? { nil }
}
