/// How a bucket appears in an S3 URL.
public enum S3AddressingStyle: String, Sendable, Hashable {
    /// `ENDPOINT/bucket/key`: what self-hosted servers (SeaweedFS, MinIO, Ceph) expect.
    case path
    /// `https://bucket.ENDPOINT-HOST/key`: AWS's preferred form.
    case virtualHosted = "virtual"
    /// Path style for a custom endpoint or a bucket name that is not a DNS label
    /// (dots, upper case), virtual-hosted for AWS itself.
    case automatic = "auto"
}
