import Logging

/// An HTTP(S) object read with range requests (filled in once HTTPTransport lands).
final class HTTPByteSource: ByteSource, @unchecked Sendable {
    let location: String
    let size: UInt64 = 0

    init(url: String, options: RasterOpenOptions, logger: Logger) throws(GeoRasterError) {
        location = url
        throw .unsupported(location: url, reason: "remote reading is not available yet")
    }

    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: UInt64) throws(GeoRasterError) -> Int { 0 }
}
