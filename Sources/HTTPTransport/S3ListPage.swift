/// One page of a `ListObjectsV2` answer.
public struct S3ListPage: Sendable, Hashable {
    /// The objects of this page, in key order.
    public var objects: [S3ObjectInfo]
    /// With a delimiter: the distinct key prefixes up to and including it (`a/b/`).
    public var commonPrefixes: [String]
    /// The token for the next page; `nil` on the last page.
    public var nextContinuationToken: String?

    /// Creates a page.
    public init(objects: [S3ObjectInfo], commonPrefixes: [String], nextContinuationToken: String?) {
        self.objects = objects
        self.commonPrefixes = commonPrefixes
        self.nextContinuationToken = nextContinuationToken
    }
}
