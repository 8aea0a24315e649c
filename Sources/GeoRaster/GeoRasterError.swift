/// Everything that can go wrong opening or reading a GeoTIFF, each case naming the file or URL.
public enum GeoRasterError: Error, Sendable, CustomStringConvertible, Equatable {
    /// A local file does not exist or cannot be opened.
    case cannotOpen(location: String, reason: String)
    /// The bytes are not a TIFF (wrong magic number) or the header is unreadable.
    case notATIFF(location: String, reason: String)
    /// The TIFF structure is broken: truncated, inconsistent tags, unreadable directory.
    case invalidFile(location: String, reason: String)
    /// A valid TIFF this reader does not handle (bit depth, sample format, photometric).
    case unsupported(location: String, reason: String)
    /// A size in the file is beyond what this reader will allocate.
    case tooLarge(location: String, reason: String)
    /// A tile or strip could not be decoded (corrupt or truncated data).
    case decodeFailed(location: String, block: Int, reason: String)
    /// Reading bytes failed (I/O error, short read, connection dropped).
    case readFailed(location: String, reason: String)
    /// The HTTP server answered with an error status (403 forbidden, 404 not found, …).
    case httpStatus(url: String, code: Int)
    /// A band number outside 1...bandCount.
    case bandOutOfRange(location: String, band: Int, bandCount: Int)
    /// An overview index outside 0..<overviewCount.
    case overviewOutOfRange(location: String, overview: Int, overviewCount: Int)
    /// The window is empty or extends past the image.
    case windowOutOfBounds(location: String, window: PixelWindow, width: Int, height: Int)
    /// The Swift element type does not match the file's data type.
    case dataTypeMismatch(location: String, fileType: RasterDataType, requested: RasterDataType)
    /// The caller's buffer is smaller than the window needs.
    case bufferTooSmall(needed: Int, given: Int)
    /// The calling task was cancelled; the read stopped between blocks.
    case cancelled(location: String)

    /// A sentence a user can act on.
    public var description: String {
        switch self {
        case let .cannotOpen(location, reason): "cannot open \(location): \(reason)"
        case let .notATIFF(location, reason): "\(location) is not a TIFF file: \(reason)"
        case let .invalidFile(location, reason): "\(location) is a damaged TIFF: \(reason)"
        case let .unsupported(location, reason): "\(location) uses a TIFF feature this reader does not support: \(reason)"
        case let .tooLarge(location, reason): "\(location) declares sizes too large to read: \(reason)"
        case let .decodeFailed(location, block, reason): "cannot decode block \(block) of \(location): \(reason)"
        case let .readFailed(location, reason): "reading \(location) failed: \(reason)"
        case let .httpStatus(url, code):
            switch code {
            case 403: "\(url): HTTP 403 Forbidden — check credentials or that the object is public"
            case 404: "\(url): HTTP 404 Not Found — check the URL"
            default: "\(url): HTTP status \(code)"
            }
        case let .bandOutOfRange(location, band, count): "band \(band) does not exist in \(location) (bands are 1...\(count))"
        case let .overviewOutOfRange(location, overview, count): "overview \(overview) does not exist in \(location) (it has \(count) overviews)"
        case let .windowOutOfBounds(location, window, width, height): "window \(window) is empty or outside \(location) (\(width) × \(height) pixels)"
        case let .dataTypeMismatch(location, fileType, requested): "\(location) holds \(fileType) pixels, not \(requested)"
        case let .bufferTooSmall(needed, given): "buffer of \(given) bytes is smaller than the \(needed) bytes the window needs"
        case let .cancelled(location): "reading \(location) was cancelled"
        }
    }
}
