import Foundation
public import HTTPTransport

/// Where a store lives, parsed from what a user typed: a local path, `file://`,
/// `http(s)://` (read-only) or `s3://bucket/prefix`.
///
/// Any other `scheme://` is refused with ``ZarrError/unsupportedScheme(scheme:location:)``
/// rather than taken for a local directory named `gs:` (the old behaviour).
public enum ZarrStoreLocation: Sendable, Hashable, CustomStringConvertible {
    /// A directory on the local file system.
    case fileSystem(path: String)
    /// A read-only store served over HTTP(S).
    case http(url: String)
    /// A store in S3-compatible object storage: the bucket and the key prefix of its root.
    case s3(bucket: String, prefix: String)

    /// Parses `text`; a string without `scheme://` is a local path.
    public init(parsing text: String) throws(ZarrError) {
        guard let scheme = Self.scheme(of: text) else {
            self = .fileSystem(path: text)
            return
        }
        switch scheme.lowercased() {
        case "file":
            var path = String(text.dropFirst(scheme.count + 3))
            if path.hasPrefix("localhost/") { path.removeFirst("localhost".count) }
            guard path.hasPrefix("/") else {
                throw .invalidPath(text, reason: "a file:// URL must name an absolute path (file:///data/cube.zarr)")
            }
            self = .fileSystem(path: path.removingPercentEncoding ?? path)
        case "http", "https":
            self = .http(url: text)
        case "s3":
            do throws(S3Error) {
                let url = try S3URL(parsing: text)
                self = .s3(bucket: url.bucket, prefix: url.key)
            } catch {
                throw .invalidPath(text, reason: error.description)
            }
        default:
            throw .unsupportedScheme(scheme: scheme, location: text)
        }
    }

    /// The `scheme` of `scheme://…` (RFC 3986 scheme characters), or `nil` for a plain path.
    public static func scheme(of text: String) -> String? {
        guard let separator = text.range(of: "://") else { return nil }
        let scheme = text[..<separator.lowerBound]
        guard let first = scheme.first, first.isASCII, first.isLetter,
              scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == ".") }) else { return nil }
        return String(scheme)
    }

    /// Throws ``ZarrError/unsupportedScheme(scheme:location:)`` unless `text` is a plain path
    /// or uses one of `allowed` (lower-case scheme names), e.g. for an output file that must be local.
    public static func requireScheme(of text: String, in allowed: Set<String>) throws(ZarrError) {
        guard let scheme = scheme(of: text) else { return }
        guard allowed.contains(scheme.lowercased()) else { throw .unsupportedScheme(scheme: scheme, location: text) }
    }

    /// Whether the store is a local directory.
    public var isLocal: Bool { if case .fileSystem = self { true } else { false } }

    /// The location as a user would type it.
    public var description: String {
        switch self {
        case .fileSystem(let path): path
        case .http(let url): url
        case .s3(let bucket, let prefix): prefix.isEmpty ? "s3://\(bucket)" : "s3://\(bucket)/\(prefix)"
        }
    }

    /// Opens the store for reading, listing and writing: a directory (made when missing with
    /// `create`) or an ``S3Storage`` configured from the environment (or `s3Client`).
    ///
    /// An HTTP(S) location is ``ZarrError/readOnlyStore(_:)``: it can only be read, with
    /// ``openReadableStorage(s3Client:)``. With `readOnly`, the store is opened but refuses
    /// writes (``ZarrWritableStorage/isWritable`` is `false`).
    public func openStorage(create: Bool = false, readOnly: Bool = false, s3Client: S3Client? = nil) throws(ZarrError) -> any ZarrStorage {
        switch self {
        case .fileSystem(let path):
            return try FileSystemStorage(path: path, create: create, readOnly: readOnly)
        case .http(let url):
            throw .readOnlyStore(url)
        case .s3:
            return try S3Storage(url: description, client: s3Client, readOnly: readOnly)
        }
    }

    /// Opens the store for reading, whatever its kind: a directory or an S3 store opened
    /// read-only, or an ``HTTPStorage``. Cast the result to ``ZarrListableStorage`` to list
    /// where the store can (directories and S3 can, HTTP cannot).
    public func openReadableStorage(s3Client: S3Client? = nil) throws(ZarrError) -> any ZarrReadableStorage {
        switch self {
        case .fileSystem(let path):
            return try FileSystemStorage(path: path, readOnly: true)
        case .http(let url):
            return try HTTPStorage(url: url)
        case .s3:
            return try S3Storage(url: description, client: s3Client, readOnly: true)
        }
    }
}
