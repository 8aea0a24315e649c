/// An `s3://bucket/key-or-prefix` URL taken apart.
public struct S3URL: Sendable, Hashable, CustomStringConvertible {
    /// The bucket name.
    public var bucket: String
    /// The object key or key prefix, without a leading `/` (may be empty: the whole bucket).
    public var key: String

    /// Creates a URL from its parts.
    public init(bucket: String, key: String) {
        self.bucket = bucket
        self.key = key
    }

    /// Parses `s3://bucket[/key]`; anything else (another scheme, no or a malformed bucket) throws.
    public init(parsing text: String) throws(S3Error) {
        guard text.lowercased().hasPrefix("s3://") else { throw .invalidConfiguration("'\(text)' is not an s3:// URL") }
        let rest = text.dropFirst(5)
        let bucket = rest.prefix { $0 != "/" }
        // Bucket names are 3-63 DNS-ish characters; refusing others early avoids a confusing 400.
        guard (3...63).contains(bucket.count),
              bucket.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_") }) else {
            throw .invalidConfiguration("'\(text)' does not start with a valid bucket name (s3://BUCKET/key; 3-63 letters, digits, '.', '-')")
        }
        self.bucket = String(bucket)
        self.key = String(rest.dropFirst(bucket.count).drop { $0 == "/" })
    }

    /// `s3://bucket/key`.
    public var description: String { key.isEmpty ? "s3://\(bucket)" : "s3://\(bucket)/\(key)" }
}
