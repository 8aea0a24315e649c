/// An AWS-style access key pair (and, for temporary credentials, a session token) used to
/// sign requests to S3-compatible object storage.
public struct AWSCredentials: Sendable, Hashable, CustomStringConvertible {
    /// The access key id (`AWS_ACCESS_KEY_ID`), sent in the clear as part of the signature.
    public var accessKeyID: String
    /// The secret access key (`AWS_SECRET_ACCESS_KEY`); never sent, only used to sign.
    public var secretAccessKey: String
    /// The session token of temporary credentials (`AWS_SESSION_TOKEN`), sent as `x-amz-security-token`.
    public var sessionToken: String?

    /// Creates credentials.
    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }

    /// The access key id only: secrets never reach logs or error messages.
    public var description: String { "AWS credentials \(accessKeyID)\(sessionToken == nil ? "" : " (temporary)")" }
}
