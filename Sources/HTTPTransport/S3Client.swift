import Foundation
import Logging

/// S3's object API over the shared libcurl ``HTTPClient``: signed (SigV4) GET / HEAD / PUT /
/// DELETE of objects, `ListObjectsV2`, multi-object delete and multipart uploads.
///
/// Used by ZarrStore's `S3Storage` and GeoRaster's `s3://` inputs, so signing, addressing,
/// retries and error classification exist once. Every request is retried per the
/// configuration's ``RetryPolicy`` (5xx including `SlowDown`, dropped connections, timeouts)
/// and re-signed on each attempt; TLS is always verified.
public final class S3Client: Sendable {
    /// Endpoint, region, credentials and addressing.
    public let configuration: S3Configuration
    /// The requests this client sent and their bytes.
    public let statistics = S3RequestStatistics()
    private let http: HTTPClient

    /// A client for `configuration`.
    public init(configuration: S3Configuration, logger: Logger = Logger(label: "eocube.s3")) {
        self.configuration = configuration
        self.http = HTTPClient(
            configuration: HTTPClientConfiguration(timeout: configuration.timeout, retry: configuration.retry, maxConcurrentRequests: 16),
            logger: logger)
    }

    /// Settings resolved from the environment (``S3Configuration/fromEnvironment(_:homeDirectory:)``),
    /// shared per process so connections stay warm; the error when they are unusable.
    public static func fromEnvironment() throws(S3Error) -> S3Client {
        try shared.get()
    }

    private static let shared: Result<S3Client, S3Error> = {
        do throws(S3Error) { return .success(S3Client(configuration: try .fromEnvironment())) } catch { return .failure(error) }
    }()

    // MARK: Addressing

    /// Whether requests for `bucket` put it in the path rather than the host name.
    public func usesPathStyle(for bucket: String) -> Bool {
        switch configuration.addressingStyle {
        case .path: return true
        case .virtualHosted: return false
        case .automatic:
            let dnsLabel = bucket.allSatisfy { ($0.isLetter && $0.isLowercase) || $0.isNumber || $0 == "-" }
            return configuration.endpoint != nil || !dnsLabel
        }
    }

    /// The HTTP URL of `key` in `bucket` (the bucket itself when `key` is nil) with `query`
    /// in the canonical form libcurl signs as it is.
    public func url(bucket: String, key: String?, query: [(String, String)] = []) -> String {
        let endpoint = configuration.endpoint ?? "https://s3.\(configuration.region).amazonaws.com"
        let path = key.map { "/" + AWSURIEncoding.encode($0, keepSlash: true) }
        var url: String
        if usesPathStyle(for: bucket) {
            url = endpoint + "/" + AWSURIEncoding.encode(bucket) + (path ?? "")
        } else {
            let schemeEnd = endpoint.range(of: "://")!.upperBound
            url = endpoint[..<schemeEnd] + bucket + "." + endpoint[schemeEnd...] + (path ?? "/")
        }
        if !query.isEmpty { url += "?" + AWSURIEncoding.canonicalQuery(query) }
        return url
    }

    // MARK: Objects

    /// The object (or a byte range of it); `nil` when no object has the key.
    ///
    /// `suffixLength` asks for the last that many bytes (`Range: bytes=-n`) instead of `range`.
    public func getObject(bucket: String, key: String, range: Range<UInt64>? = nil, suffixLength: UInt64? = nil) throws(S3Error) -> HTTPResponse? {
        var request = HTTPRequest(url: url(bucket: bucket, key: key), byteRange: range)
        if let suffixLength { request.headers["Range"] = "bytes=-\(suffixLength)" }
        return try sendAllowingMissing(request, bucket: bucket)
    }

    /// Size and ETag of the object; `nil` when no object has the key.
    public func headObject(bucket: String, key: String) throws(S3Error) -> S3ObjectInfo? {
        guard let response = try sendAllowingMissing(HTTPRequest(url: url(bucket: bucket, key: key), method: .head), bucket: bucket) else { return nil }
        return S3ObjectInfo(key: key, size: response.headers["content-length"].flatMap { UInt64($0) } ?? 0, etag: response.headers["etag"] ?? "")
    }

    /// Stores `body` under `key` in one request and returns its ETag; with a condition, a 412
    /// is ``S3Error/preconditionFailed(url:)``.
    @discardableResult
    public func putObject(bucket: String, key: String, body: [UInt8], condition: S3WriteCondition? = nil) throws(S3Error) -> String {
        var request = HTTPRequest(url: url(bucket: bucket, key: key), method: .put, headers: ["Content-Type": "application/octet-stream"], body: body)
        Self.apply(condition, to: &request)
        return try send(request, bucket: bucket).headers["etag"] ?? ""
    }

    /// Removes the object (S3 answers success when there is none).
    public func deleteObject(bucket: String, key: String) throws(S3Error) {
        _ = try sendAllowingMissing(HTTPRequest(url: url(bucket: bucket, key: key), method: .delete), bucket: bucket)
    }

    /// Removes up to 1,000 objects in one `DeleteObjects` request; a key S3 reports it could
    /// not delete is an error.
    public func deleteObjects(bucket: String, keys: [String]) throws(S3Error) {
        guard !keys.isEmpty else { return }
        precondition(keys.count <= 1000, "S3 deletes at most 1,000 objects per request")
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Delete><Quiet>true</Quiet>"
        for key in keys { xml += "<Object><Key>\(S3XML.escape(key))</Key></Object>" }
        xml += "</Delete>"
        let body = Array(xml.utf8)
        let request = HTTPRequest(
            url: url(bucket: bucket, key: nil, query: [("delete", "")]), method: .post,
            headers: ["Content-Type": "application/xml", "Content-MD5": Digest.md5Base64(body)], body: body)
        let response = try send(request, bucket: bucket)
        let text = String(decoding: response.body, as: UTF8.self)[...]
        if let failure = S3XML.elements("Error", in: text).first {
            throw .service(url: request.url, status: response.status, code: S3XML.value("Code", in: failure) ?? "",
                           message: "could not delete '\(S3XML.value("Key", in: failure) ?? "?")': \(S3XML.value("Message", in: failure) ?? "")")
        }
    }

    // MARK: Listing

    /// One page of `ListObjectsV2` under `prefix`; with `delimiter`, keys past it are rolled
    /// up into ``S3ListPage/commonPrefixes``.
    public func listObjects(bucket: String, prefix: String, delimiter: String? = nil,
                            continuationToken: String? = nil, maxKeys: Int? = nil) throws(S3Error) -> S3ListPage {
        var query = [("list-type", "2"), ("prefix", prefix)]
        if let delimiter { query.append(("delimiter", delimiter)) }
        if let continuationToken { query.append(("continuation-token", continuationToken)) }
        if let maxKeys { query.append(("max-keys", String(maxKeys))) }
        let request = HTTPRequest(url: url(bucket: bucket, key: nil, query: query))
        let response = try send(request, bucket: bucket)
        let text = String(decoding: response.body, as: UTF8.self)[...]
        guard text.contains("<ListBucketResult") else {
            throw .invalidResponse(url: request.url, reason: "not a ListBucketResult document")
        }
        var objects: [S3ObjectInfo] = []
        for entry in S3XML.elements("Contents", in: text) {
            guard let key = S3XML.value("Key", in: entry) else { continue }
            objects.append(S3ObjectInfo(key: key, size: S3XML.value("Size", in: entry).flatMap { UInt64($0) } ?? 0,
                                        etag: S3XML.value("ETag", in: entry) ?? ""))
        }
        let prefixes = S3XML.elements("CommonPrefixes", in: text).compactMap { S3XML.value("Prefix", in: $0) }
        let truncated = S3XML.value("IsTruncated", in: text) == "true"
        let token = truncated ? S3XML.value("NextContinuationToken", in: text) : nil
        if truncated && token == nil {
            throw .invalidResponse(url: request.url, reason: "a truncated listing without NextContinuationToken")
        }
        return S3ListPage(objects: objects, commonPrefixes: prefixes, nextContinuationToken: token)
    }

    // MARK: Multipart upload

    /// Starts a multipart upload and returns its id; nothing is visible under `key` until
    /// ``completeMultipartUpload(bucket:key:uploadID:partETags:condition:)``.
    public func createMultipartUpload(bucket: String, key: String) throws(S3Error) -> String {
        let request = HTTPRequest(url: url(bucket: bucket, key: key, query: [("uploads", "")]), method: .post,
                                  headers: ["Content-Type": "application/octet-stream"], body: [])
        let response = try send(request, bucket: bucket)
        guard let id = S3XML.value("UploadId", in: String(decoding: response.body, as: UTF8.self)[...]), !id.isEmpty else {
            throw .invalidResponse(url: request.url, reason: "no UploadId in the answer to CreateMultipartUpload")
        }
        return id
    }

    /// Uploads part `number` (1-based; every part but the last at least 5 MiB) and returns its ETag.
    public func uploadPart(bucket: String, key: String, uploadID: String, number: Int, body: [UInt8]) throws(S3Error) -> String {
        let request = HTTPRequest(url: url(bucket: bucket, key: key, query: [("partNumber", String(number)), ("uploadId", uploadID)]),
                                  method: .put, headers: ["Content-Type": "application/octet-stream"], body: body)
        let response = try send(request, bucket: bucket)
        guard let etag = response.headers["etag"], !etag.isEmpty else {
            throw .invalidResponse(url: request.url, reason: "no ETag for part \(number)")
        }
        return etag
    }

    /// Publishes the uploaded parts (in order) as one object, atomically; returns its ETag.
    @discardableResult
    public func completeMultipartUpload(bucket: String, key: String, uploadID: String, partETags: [String],
                                        condition: S3WriteCondition? = nil) throws(S3Error) -> String {
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><CompleteMultipartUpload>"
        for (index, etag) in partETags.enumerated() {
            xml += "<Part><PartNumber>\(index + 1)</PartNumber><ETag>\(S3XML.escape(etag))</ETag></Part>"
        }
        xml += "</CompleteMultipartUpload>"
        var request = HTTPRequest(url: url(bucket: bucket, key: key, query: [("uploadId", uploadID)]), method: .post,
                                  headers: ["Content-Type": "application/xml"], body: Array(xml.utf8))
        Self.apply(condition, to: &request)
        let response = try send(request, bucket: bucket)
        // S3 may answer 200 and report a failure in the body (it started streaming before it knew).
        let text = String(decoding: response.body, as: UTF8.self)[...]
        if text.contains("<Error>") {
            throw Self.classify(status: 500, body: text, url: request.url, bucket: bucket, method: .post)
        }
        return S3XML.value("ETag", in: text) ?? response.headers["etag"] ?? ""
    }

    /// Drops an unfinished multipart upload and its parts (best effort: errors are thrown but
    /// a missing upload is not one).
    public func abortMultipartUpload(bucket: String, key: String, uploadID: String) throws(S3Error) {
        _ = try sendAllowingMissing(HTTPRequest(url: url(bucket: bucket, key: key, query: [("uploadId", uploadID)]), method: .delete), bucket: bucket)
    }

    // MARK: Sending

    /// Sends a signed request; non-2xx answers become classified ``S3Error``s.
    public func send(_ request: HTTPRequest, bucket: String) throws(S3Error) -> HTTPResponse {
        var signed = request
        if let credentials = configuration.credentials {
            signed.awsSigning = AWSSigning(credentials: credentials, region: configuration.region)
        }
        do {
            let response = try http.sendBlocking(signed)
            statistics.record(request.method, sent: request.body?.count ?? 0, received: response.body.count)
            return response
        } catch {
            statistics.record(request.method, sent: request.body?.count ?? 0, received: 0)
            guard case .status(let url, let status, let body) = error else { throw .transport(error) }
            throw Self.classify(status: status, body: body[...], url: url, bucket: bucket, method: request.method)
        }
    }

    /// ``send(_:bucket:)``, with "no such key" (and "no such upload") as `nil`.
    private func sendAllowingMissing(_ request: HTTPRequest, bucket: String) throws(S3Error) -> HTTPResponse? {
        do {
            return try send(request, bucket: bucket)
        } catch {
            if case .service(_, 404, let code, _) = error, code != "NoSuchBucket" { return nil }
            throw error
        }
    }

    private static func apply(_ condition: S3WriteCondition?, to request: inout HTTPRequest) {
        switch condition {
        case .ifAbsent: request.headers["If-None-Match"] = "*"
        case .ifMatch(let etag): request.headers["If-Match"] = etag
        case nil: break
        }
    }

    /// Maps an error answer to what the user must fix, by S3 error code first, status second
    /// (HEAD answers have no body).
    static func classify(status: Int, body: Substring, url: String, bucket: String, method: HTTPMethod) -> S3Error {
        let code = S3XML.value("Code", in: body) ?? ""
        let message = S3XML.value("Message", in: body) ?? ""
        switch code {
        case "AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch", "ExpiredToken", "InvalidToken",
             "TokenRefreshRequired", "AllAccessDisabled", "AccountProblem", "InvalidSecurity":
            return .accessDenied(url: url, code: code, message: message)
        case "RequestTimeTooSkewed":
            return .clockSkew(url: url, message: message)
        case "NoSuchBucket":
            return .noSuchBucket(bucket: bucket, url: url)
        case "PreconditionFailed", "ConditionalRequestConflict":
            return .preconditionFailed(url: url)
        default:
            break
        }
        switch status {
        case 412: return .preconditionFailed(url: url)
        case 401, 403 where code.isEmpty: return .accessDenied(url: url, code: "HTTP \(status)", message: "")
        default: return .service(url: url, status: status, code: code.isEmpty && status == 404 ? "NoSuchKey" : code, message: message)
        }
    }
}
