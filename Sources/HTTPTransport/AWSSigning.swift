/// How to sign a request with AWS Signature Version 4 (libcurl's `CURLOPT_AWS_SIGV4`).
///
/// Attached to an ``HTTPRequest``; each attempt (retries included) is signed afresh with the
/// current time. The payload is hashed into `x-amz-content-sha256` unless the request
/// already carries that header.
public struct AWSSigning: Sendable, Hashable {
    /// The key pair (and session token) to sign with.
    public var credentials: AWSCredentials
    /// The signing region, e.g. `eu-central-1` (S3-compatible servers usually accept `us-east-1`).
    public var region: String
    /// The signing service name, `s3` for object storage.
    public var service: String

    /// Creates a signing description.
    public init(credentials: AWSCredentials, region: String, service: String = "s3") {
        self.credentials = credentials
        self.region = region
        self.service = service
    }
}
