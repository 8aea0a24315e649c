import Foundation
import InteropSupport
import Testing

@testable import HTTPTransport

/// S3 settings resolved as the AWS tools resolve them, and URLs in the form libcurl signs.
struct S3ConfigurationTests {
    /// A fake home directory holding `~/.aws/credentials` and `~/.aws/config`.
    private func home(credentials: String, config: String) throws -> URL {
        let home = try Interop.temporaryDirectory("aws-home")
        try FileManager.default.createDirectory(at: home.appendingPathComponent(".aws"), withIntermediateDirectories: true)
        try credentials.write(to: home.appendingPathComponent(".aws/credentials"), atomically: true, encoding: .utf8)
        try config.write(to: home.appendingPathComponent(".aws/config"), atomically: true, encoding: .utf8)
        return home
    }

    private let credentialsFile = """
        # comment
        [default]
        aws_access_key_id = default-key
        aws_secret_access_key = default/secret+with=signs

        [cluster]
        aws_access_key_id=cluster-key
        aws_secret_access_key=cluster-secret
        aws_session_token = cluster-token
        """
    private let configFile = """
        [default]
        region = eu-central-1

        [profile cluster]
        region = eu-west-1
        s3 =
          endpoint_url = http://127.0.0.1:9000
          addressing_style = path
        ; comment
        [profile bad-style]
        s3 =
            addressing_style = sideways
        """

    @Test func environmentVariablesWinOverTheFiles() throws {
        let home = try home(credentials: credentialsFile, config: configFile)
        defer { try? FileManager.default.removeItem(at: home) }
        let c = try S3Configuration.fromEnvironment(
            ["AWS_ACCESS_KEY_ID": "env-key", "AWS_SECRET_ACCESS_KEY": "env-secret", "AWS_SESSION_TOKEN": "env-token",
             "AWS_REGION": "us-west-2", "AWS_ENDPOINT_URL": "https://objects.example.org/", "AWS_PROFILE": "cluster"], homeDirectory: home.path)
        #expect(c.credentials == AWSCredentials(accessKeyID: "env-key", secretAccessKey: "env-secret", sessionToken: "env-token"))
        #expect(c.region == "us-west-2")
        #expect(c.endpoint == "https://objects.example.org")
        #expect(c.addressingStyle == .path)  // from the profile's s3 section
        // The service-specific endpoint variable wins over the general one.
        let s3 = try S3Configuration.fromEnvironment(["AWS_ENDPOINT_URL": "http://a:1", "AWS_ENDPOINT_URL_S3": "http://b:2"], homeDirectory: home.path)
        #expect(s3.endpoint == "http://b:2")
    }

    @Test func profilesComeFromCredentialsAndConfigFiles() throws {
        let home = try home(credentials: credentialsFile, config: configFile)
        defer { try? FileManager.default.removeItem(at: home) }
        let standard = try S3Configuration.fromEnvironment([:], homeDirectory: home.path)
        #expect(standard.credentials == AWSCredentials(accessKeyID: "default-key", secretAccessKey: "default/secret+with=signs"))
        #expect(standard.region == "eu-central-1")
        #expect(standard.endpoint == nil)
        #expect(standard.addressingStyle == .automatic)
        let cluster = try S3Configuration.fromEnvironment(["AWS_PROFILE": "cluster"], homeDirectory: home.path)
        #expect(cluster.credentials == AWSCredentials(accessKeyID: "cluster-key", secretAccessKey: "cluster-secret", sessionToken: "cluster-token"))
        #expect(cluster.region == "eu-west-1")
        #expect(cluster.endpoint == "http://127.0.0.1:9000")
        #expect(cluster.addressingStyle == .path)
        // AWS_DEFAULT_REGION when AWS_REGION is not set.
        #expect(try S3Configuration.fromEnvironment(["AWS_DEFAULT_REGION": "ap-south-1"], homeDirectory: home.path).region == "ap-south-1")
    }

    @Test func unusableSettingsAreErrorsNamingThem() throws {
        let home = try home(credentials: credentialsFile, config: configFile)
        defer { try? FileManager.default.removeItem(at: home) }
        #expect { try S3Configuration.fromEnvironment(["AWS_PROFILE": "nope"], homeDirectory: home.path) } throws: {
            "\($0)".contains("'nope'")
        }
        #expect { try S3Configuration.fromEnvironment(["AWS_PROFILE": "bad-style"], homeDirectory: home.path) } throws: {
            "\($0)".contains("sideways")
        }
        #expect { try S3Configuration.fromEnvironment(["AWS_ENDPOINT_URL": "ftp://x"], homeDirectory: home.path) } throws: {
            "\($0)".contains("ftp://x")
        }
        // No credentials anywhere: unsigned requests (public buckets), not an error.
        let empty = try Interop.temporaryDirectory("aws-empty-home")
        defer { try? FileManager.default.removeItem(at: empty) }
        #expect(try S3Configuration.fromEnvironment([:], homeDirectory: empty.path).credentials == nil)
        #expect(try S3Configuration.fromEnvironment([:], homeDirectory: empty.path).region == "us-east-1")
    }

    @Test func urlsAreInTheCanonicalFormLibcurlSigns() {
        let custom = S3Client(configuration: S3Configuration(endpoint: "http://127.0.0.1:9000", region: "us-east-1"))
        #expect(custom.usesPathStyle(for: "bucket"))
        #expect(custom.url(bucket: "bucket", key: "a b/c+d~e/é.json") == "http://127.0.0.1:9000/bucket/a%20b/c%2Bd~e/%C3%A9.json")
        #expect(custom.url(bucket: "bucket", key: nil, query: [("prefix", "a/b c"), ("list-type", "2"), ("delimiter", "/")])
                == "http://127.0.0.1:9000/bucket?delimiter=%2F&list-type=2&prefix=a%2Fb%20c")
        #expect(custom.url(bucket: "b", key: "k", query: [("uploads", "")]) == "http://127.0.0.1:9000/b/k?uploads=")
        let aws = S3Client(configuration: S3Configuration(region: "eu-central-1"))
        #expect(!aws.usesPathStyle(for: "my-bucket"))
        #expect(aws.url(bucket: "my-bucket", key: "x/y") == "https://my-bucket.s3.eu-central-1.amazonaws.com/x/y")
        #expect(aws.url(bucket: "my-bucket", key: nil, query: [("list-type", "2")]) == "https://my-bucket.s3.eu-central-1.amazonaws.com/?list-type=2")
        // A bucket name with dots breaks the TLS wildcard certificate: path style.
        #expect(aws.usesPathStyle(for: "my.bucket"))
        #expect(aws.url(bucket: "my.bucket", key: "x") == "https://s3.eu-central-1.amazonaws.com/my.bucket/x")
        let virtual = S3Client(configuration: S3Configuration(endpoint: "http://localhost:9000", addressingStyle: .virtualHosted))
        #expect(virtual.url(bucket: "b-1", key: "k") == "http://b-1.localhost:9000/k")
    }

    @Test func s3URLsParseAndBadOnesAreRefused() throws {
        #expect(try S3URL(parsing: "s3://bucket/a/b.zarr/") == S3URL(bucket: "bucket", key: "a/b.zarr/"))
        #expect(try S3URL(parsing: "s3://bucket") == S3URL(bucket: "bucket", key: ""))
        #expect(try S3URL(parsing: "S3://bucket//x").key == "x")
        for bad in ["s3://", "s3://ab/x", "s3://bad bucket/x", "gs://bucket/x", "bucket/x"] {
            #expect(throws: S3Error.self, "\(bad)") { try S3URL(parsing: bad) }
        }
    }

    @Test func errorAnswersAreClassifiedByCode() {
        func classify(_ status: Int, _ code: String) -> S3Error {
            S3Client.classify(status: status, body: "<Error><Code>\(code)</Code><Message>m &amp; n</Message></Error>", url: "u", bucket: "b", method: .get)
        }
        #expect(classify(403, "AccessDenied") == .accessDenied(url: "u", code: "AccessDenied", message: "m & n"))
        #expect(classify(403, "InvalidAccessKeyId") == .accessDenied(url: "u", code: "InvalidAccessKeyId", message: "m & n"))
        #expect(classify(403, "SignatureDoesNotMatch") == .accessDenied(url: "u", code: "SignatureDoesNotMatch", message: "m & n"))
        #expect(classify(400, "ExpiredToken") == .accessDenied(url: "u", code: "ExpiredToken", message: "m & n"))
        #expect(classify(403, "RequestTimeTooSkewed") == .clockSkew(url: "u", message: "m & n"))
        #expect(classify(404, "NoSuchBucket") == .noSuchBucket(bucket: "b", url: "u"))
        #expect(classify(412, "PreconditionFailed") == .preconditionFailed(url: "u"))
        #expect(classify(503, "SlowDown") == .service(url: "u", status: 503, code: "SlowDown", message: "m & n"))
        // HEAD answers carry no body: the status decides.
        #expect(S3Client.classify(status: 403, body: "", url: "u", bucket: "b", method: .head) == .accessDenied(url: "u", code: "HTTP 403", message: ""))
        #expect(S3Client.classify(status: 404, body: "", url: "u", bucket: "b", method: .head) == .service(url: "u", status: 404, code: "NoSuchKey", message: ""))
    }
}
