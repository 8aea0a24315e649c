/// Everything that can go wrong reading or writing a Zarr hierarchy, each case naming
/// the store key, node or codec involved so the message says what to fix.
public enum ZarrError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A `zarr.json` (or other metadata document) is not valid JSON or violates the Zarr v3 spec.
    case invalidMetadata(key: String, reason: String)
    /// The metadata uses a feature this implementation does not know: a codec, data type,
    /// chunk grid, storage transformer or `must_understand` extension.
    case unsupportedFeature(key: String, feature: String)
    /// No node (group or array) exists at the path.
    case nodeNotFound(path: String)
    /// A node exists but is of the other kind (an array where a group was expected, or vice versa).
    case nodeTypeMismatch(path: String, expected: String, found: String)
    /// A node already exists where one was to be created.
    case nodeAlreadyExists(path: String)
    /// A node path or store key is not allowed (empty or `..` segments, absolute, backslashes, NUL).
    case invalidPath(String, reason: String)
    /// A region does not fit the array: wrong rank, or outside its shape.
    case invalidRegion(array: String, reason: String)
    /// A value buffer has the wrong number of elements or the wrong element type for the array.
    case invalidValues(array: String, reason: String)
    /// Array creation parameters are inconsistent (e.g. shards not a multiple of chunks).
    case invalidArrayDefinition(String)
    /// A stored chunk could not be decoded: truncated, corrupt, or failing its checksum.
    case corruptChunk(key: String, reason: String)
    /// A codec failed to encode (e.g. the C library reported an error).
    case encodingFailed(codec: String, reason: String)
    /// The storage backend failed (file system or network), with the key and the underlying message.
    case storage(key: String, message: String)
    /// The store cannot be written (e.g. HTTP stores are read-only).
    case readOnlyStore(String)
    /// A store copy was refused before anything was written: the destination is, holds or lies
    /// inside the source, or holds something that must not be replaced.
    case copyRefused(source: String, destination: String, reason: String)
    /// An object store refused the request's credentials or signature (S3 `AccessDenied`,
    /// `InvalidAccessKeyId`, `SignatureDoesNotMatch`, `ExpiredToken` …); `reason` says what to check.
    case accessDenied(store: String, reason: String)
    /// An object store refused the request because this machine's clock is off (S3 `RequestTimeTooSkewed`).
    case clockSkew(store: String, reason: String)
    /// The S3 bucket does not exist at the configured endpoint.
    case noSuchBucket(bucket: String, reason: String)
    /// A conditional write was refused (HTTP 412): the key exists (create-if-absent) or its
    /// value changed since it was read (replace-if-ETag-matches).
    case preconditionFailed(key: String)
    /// The object store accepted a write that its condition should have refused, so it cannot
    /// be trusted to arbitrate concurrent writers.
    case conditionalWritesNotEnforced(store: String, reason: String)
    /// A store location uses a URL scheme no storage backend handles (`gs://`, `az://`, `ftp://` …).
    case unsupportedScheme(scheme: String, location: String)
    /// The calling task was cancelled; the operation stopped between chunks. Chunks already
    /// written stay (each write is atomic), so the array is valid and the work can be redone.
    case cancelled(array: String)

    /// A human-readable message naming the key, node or codec.
    public var description: String {
        switch self {
        case let .invalidMetadata(key, reason): return "invalid Zarr metadata in '\(key)': \(reason)"
        case let .unsupportedFeature(key, feature): return "'\(key)' uses \(feature), which this Zarr implementation does not support"
        case let .nodeNotFound(path): return "no Zarr group or array at '\(path)'"
        case let .nodeTypeMismatch(path, expected, found): return "'\(path)' is a \(found), expected a \(expected)"
        case let .nodeAlreadyExists(path): return "a Zarr node already exists at '\(path)'"
        case let .invalidPath(path, reason): return "invalid Zarr path '\(path)': \(reason)"
        case let .invalidRegion(array, reason): return "invalid region for array '\(array)': \(reason)"
        case let .invalidValues(array, reason): return "invalid values for array '\(array)': \(reason)"
        case let .invalidArrayDefinition(reason): return "invalid array definition: \(reason)"
        case let .corruptChunk(key, reason): return "corrupt chunk '\(key)': \(reason)"
        case let .encodingFailed(codec, reason): return "codec '\(codec)' failed to encode: \(reason)"
        case let .storage(key, message): return "storage error for '\(key)': \(message)"
        case let .readOnlyStore(store): return "the store \(store) is read-only"
        case let .copyRefused(source, destination, reason): return "refusing to copy '\(source)' to '\(destination)': \(reason)"
        case let .accessDenied(store, reason): return "access to \(store) denied: \(reason)"
        case let .clockSkew(store, reason): return "\(store) refused the request because of clock skew: \(reason)"
        case let .noSuchBucket(bucket, reason): return "no such bucket '\(bucket)': \(reason)"
        case let .preconditionFailed(key): return "conditional write of '\(key)' refused (HTTP 412): the key exists or changed since it was read"
        case let .conditionalWritesNotEnforced(store, reason): return "\(store) does not enforce conditional writes: \(reason)"
        case let .unsupportedScheme(scheme, location):
            return "'\(location)': the URL scheme '\(scheme)://' is not supported; use a local path, file://, http(s):// (read-only) or s3://bucket/prefix"
        case let .cancelled(array): return "the operation on '\(array)' was cancelled"
        }
    }
}
