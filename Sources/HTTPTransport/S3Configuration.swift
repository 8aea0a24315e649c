import Foundation

/// Where an S3-compatible object store is and how to sign for it.
///
/// ``fromEnvironment(_:homeDirectory:)`` resolves it the way the AWS tools do, so a user
/// configures EOCube exactly as `aws s3` or boto3.
public struct S3Configuration: Sendable, Hashable {
    /// The endpoint URL (`http(s)://host[:port]`, no path); `nil` means AWS in ``region``.
    public var endpoint: String?
    /// The signing region (and, for AWS, the endpoint's region).
    public var region: String
    /// The key pair to sign with; `nil` sends unsigned requests (public buckets).
    public var credentials: AWSCredentials?
    /// Path-style or virtual-hosted URLs.
    public var addressingStyle: S3AddressingStyle
    /// When to retry (5xx, `SlowDown`, dropped connections, timeouts).
    public var retry: RetryPolicy
    /// Longest time one request may take (a 16 MiB part on a slow link needs a while).
    public var timeout: Duration

    /// Creates a configuration.
    public init(
        endpoint: String? = nil,
        region: String = "us-east-1",
        credentials: AWSCredentials? = nil,
        addressingStyle: S3AddressingStyle = .automatic,
        retry: RetryPolicy = RetryPolicy(maxAttempts: 5),
        timeout: Duration = .seconds(300)
    ) {
        var trimmed = endpoint
        while trimmed?.hasSuffix("/") == true { trimmed?.removeLast() }
        self.endpoint = trimmed
        self.region = region
        self.credentials = credentials
        self.addressingStyle = addressingStyle
        self.retry = retry
        self.timeout = timeout
    }

    /// Resolves endpoint, region, credentials and addressing as the AWS tools do.
    ///
    /// Credentials: `AWS_ACCESS_KEY_ID` + `AWS_SECRET_ACCESS_KEY` (+ `AWS_SESSION_TOKEN`), else the
    /// profile `AWS_PROFILE` (default `default`) of `~/.aws/credentials`, then `~/.aws/config`
    /// (`AWS_SHARED_CREDENTIALS_FILE` / `AWS_CONFIG_FILE` move them). Region: `AWS_REGION`,
    /// `AWS_DEFAULT_REGION`, the profile's `region`, else `us-east-1`. Endpoint:
    /// `AWS_ENDPOINT_URL_S3`, `AWS_ENDPOINT_URL`, the profile's `endpoint_url` (or its `s3 =`
    /// sub-section's), else AWS. Addressing: the profile's `s3 = addressing_style`, else automatic.
    /// A named profile that neither file defines is an error; no credentials at all means
    /// unsigned requests.
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment,
        homeDirectory: String? = nil
    ) throws(S3Error) -> S3Configuration {
        let files = AWSConfigFiles(environment: environment, homeDirectory: homeDirectory)
        let explicitProfile = environment["AWS_PROFILE"].flatMap { $0.isEmpty ? nil : $0 }
        let profile = explicitProfile ?? "default"
        if let explicitProfile, !files.hasProfile(explicitProfile) {
            throw .invalidConfiguration("AWS_PROFILE names the profile '\(explicitProfile)', which neither ~/.aws/credentials nor ~/.aws/config defines")
        }
        func nonEmpty(_ value: String?) -> String? { value.flatMap { $0.isEmpty ? nil : $0 } }

        var credentials: AWSCredentials?
        if let key = nonEmpty(environment["AWS_ACCESS_KEY_ID"]), let secret = nonEmpty(environment["AWS_SECRET_ACCESS_KEY"]) {
            credentials = AWSCredentials(accessKeyID: key, secretAccessKey: secret, sessionToken: nonEmpty(environment["AWS_SESSION_TOKEN"]))
        } else if let key = nonEmpty(files.value("aws_access_key_id", profile: profile)),
                  let secret = nonEmpty(files.value("aws_secret_access_key", profile: profile)) {
            credentials = AWSCredentials(accessKeyID: key, secretAccessKey: secret,
                                         sessionToken: nonEmpty(files.value("aws_session_token", profile: profile)))
        }
        let region = nonEmpty(environment["AWS_REGION"]) ?? nonEmpty(environment["AWS_DEFAULT_REGION"])
            ?? nonEmpty(files.value("region", profile: profile)) ?? "us-east-1"
        let endpoint = nonEmpty(environment["AWS_ENDPOINT_URL_S3"]) ?? nonEmpty(environment["AWS_ENDPOINT_URL"])
            ?? nonEmpty(files.value("s3.endpoint_url", profile: profile)) ?? nonEmpty(files.value("endpoint_url", profile: profile))
        var style = S3AddressingStyle.automatic
        if let text = nonEmpty(files.value("s3.addressing_style", profile: profile)) {
            guard let parsed = S3AddressingStyle(rawValue: text) else {
                throw .invalidConfiguration("addressing_style '\(text)' of profile '\(profile)' is not path, virtual or auto")
            }
            style = parsed
        }
        if let endpoint, !(endpoint.hasPrefix("http://") || endpoint.hasPrefix("https://")) {
            throw .invalidConfiguration("the endpoint '\(endpoint)' is not an http(s) URL")
        }
        return S3Configuration(endpoint: endpoint, region: region, credentials: credentials, addressingStyle: style)
    }
}
