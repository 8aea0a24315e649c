/// The outcome of a conditional write to ``S3Storage``.
public enum S3ConditionalWriteResult: Sendable, Hashable {
    /// The value was stored; `etag` identifies this version (pass it to
    /// ``S3Storage/replace(_:_:ifETagMatches:)`` to replace exactly this version later).
    case written(etag: String)
    /// The server refused the write (HTTP 412): the key exists (create) or holds another
    /// version (replace). Nothing was written.
    case preconditionFailed
}
