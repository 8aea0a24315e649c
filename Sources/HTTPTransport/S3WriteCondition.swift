/// A precondition on an S3 write, checked by the server atomically with the write.
public enum S3WriteCondition: Sendable, Hashable {
    /// `If-None-Match: *`: write only if no object exists under the key.
    case ifAbsent
    /// `If-Match: ETAG`: write only if the object's current ETag is this one.
    case ifMatch(etag: String)
}
