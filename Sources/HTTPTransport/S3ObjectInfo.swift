/// What S3 says about one stored object (from a listing or a `HEAD`).
public struct S3ObjectInfo: Sendable, Hashable {
    /// The full object key.
    public var key: String
    /// The size in bytes.
    public var size: UInt64
    /// The entity tag, quotes included as S3 sends it (the value for `If-Match`).
    public var etag: String

    /// Creates a description.
    public init(key: String, size: UInt64, etag: String) {
        self.key = key
        self.size = size
        self.etag = etag
    }
}
