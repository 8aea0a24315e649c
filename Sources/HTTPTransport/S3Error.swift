/// Why an S3 request failed, classified so callers can say what to fix.
public enum S3Error: Error, Sendable, Hashable, CustomStringConvertible {
    /// 403 `AccessDenied`, `InvalidAccessKeyId`, `SignatureDoesNotMatch`, `ExpiredToken` …:
    /// the credentials are missing, wrong, expired or lack the right.
    case accessDenied(url: String, code: String, message: String)
    /// `RequestTimeTooSkewed`: this machine's clock differs from the server's by more than
    /// the 15 minutes a signature is valid.
    case clockSkew(url: String, message: String)
    /// `NoSuchBucket`: the bucket does not exist (or the endpoint / addressing style is wrong).
    case noSuchBucket(bucket: String, url: String)
    /// HTTP 412 on a conditional write: the object exists (`If-None-Match: *`) or changed (`If-Match`).
    case preconditionFailed(url: String)
    /// Any other error answer, with the status and S3 error code (after retries).
    case service(url: String, status: Int, code: String, message: String)
    /// No answer: connection refused, reset, timed out (after retries), or a transport refusal.
    case transport(HTTPError)
    /// The server answered 2xx with a body that is not what S3 sends.
    case invalidResponse(url: String, reason: String)
    /// The S3 settings are unusable (an unknown profile, a malformed endpoint or `s3://` URL).
    case invalidConfiguration(String)

    /// A message a user can act on.
    public var description: String {
        switch self {
        case let .accessDenied(url, code, message):
            return "S3 refused \(url) (\(code)\(message.isEmpty ? "" : ": \(message)")): check AWS_ACCESS_KEY_ID / "
                + "AWS_SECRET_ACCESS_KEY (or AWS_PROFILE), that a session token has not expired, and that the key may access this bucket"
        case let .clockSkew(url, message):
            return "S3 refused \(url) because this machine's clock is off (RequestTimeTooSkewed\(message.isEmpty ? "" : ": \(message)")); "
                + "synchronise the clock (NTP) and retry"
        case let .noSuchBucket(bucket, url):
            return "the bucket '\(bucket)' does not exist at \(url); check the bucket name, AWS_ENDPOINT_URL and AWS_REGION"
        case let .preconditionFailed(url):
            return "conditional write to \(url) failed (HTTP 412): the object exists or changed since it was read"
        case let .service(url, status, code, message):
            return "S3 answered HTTP \(status)\(code.isEmpty ? "" : " \(code)") for \(url)\(message.isEmpty ? "" : ": \(message)")"
        case let .transport(error):
            return error.description
        case let .invalidResponse(url, reason):
            return "unexpected S3 answer from \(url): \(reason)"
        case let .invalidConfiguration(reason):
            return "invalid S3 configuration: \(reason)"
        }
    }
}
