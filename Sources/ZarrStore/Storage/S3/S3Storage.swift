import Foundation
public import HTTPTransport

/// A store in S3-compatible object storage: key `a/zarr.json` is the object
/// `PREFIX/a/zarr.json` of the bucket (`s3://bucket/PREFIX`).
///
/// Every value is written whole (a single `PUT`, or a multipart upload above
/// ``multipartThreshold`` that becomes visible only when completed), so readers never see a
/// half-written chunk. Reads use range requests (shard indexes, inner chunks); listing uses
/// `ListObjectsV2` with continuation-token paging. Requests are signed (SigV4) by libcurl
/// through the shared `HTTPTransport`, retried with backoff on 5xx / `SlowDown` / dropped
/// connections, and refusals become typed errors (``ZarrError/accessDenied(store:reason:)``,
/// ``ZarrError/clockSkew(store:reason:)``, ``ZarrError/noSuchBucket(bucket:reason:)``).
public struct S3Storage: ZarrStorage {
    /// The bucket.
    public let bucket: String
    /// The key prefix of the store's root: empty (the bucket's root) or ending in `/`.
    public let prefix: String
    /// Whether writes are allowed (`false` when opened `readOnly`: every write then throws
    /// ``ZarrError/readOnlyStore(_:)``).
    public let isWritable: Bool
    /// The S3 client (endpoint, credentials, retries).
    public let client: S3Client
    /// Values of at least this many bytes are uploaded in parts (multipart upload).
    public var multipartThreshold = 64 << 20
    /// The size of each part of a multipart upload (S3's minimum is 5 MiB; the last part may be smaller).
    public var partSize = 16 << 20
    /// Parts of one value uploaded at once (each holds ``partSize`` bytes of memory while in flight).
    public var partsInFlight = 4
    /// Keys asked for per `ListObjectsV2` page (`nil`: the server's default, 1,000 on S3).
    public var listPageSize: Int?

    /// The store at `url` (`s3://bucket[/prefix]`), signed and addressed as `client` says
    /// (default: the configuration of the environment, as the AWS tools resolve it).
    public init(url: String, client: S3Client? = nil, readOnly: Bool = false) throws(ZarrError) {
        let parsed: S3URL
        let resolved: S3Client
        do throws(S3Error) {
            parsed = try S3URL(parsing: url)
            if let client { resolved = client } else { resolved = try S3Client.fromEnvironment() }
        } catch {
            throw .invalidPath(url, reason: error.description)
        }
        var prefix = parsed.key
        while prefix.hasSuffix("/") { prefix.removeLast() }
        if !prefix.isEmpty {
            try ZarrKey.validate(prefix, original: url)
            prefix += "/"
        }
        self.bucket = parsed.bucket
        self.prefix = prefix
        self.client = resolved
        self.isWritable = !readOnly
    }

    /// `s3://bucket/prefix`.
    public var description: String {
        prefix.isEmpty ? "s3://\(bucket)" : "s3://\(bucket)/\(prefix.dropLast())"
    }

    /// Latency, not CPU, bounds object storage: keep many requests in flight.
    public var preferredConcurrency: Int { 16 }

    /// The object key of a store key (validated).
    func objectKey(_ key: String) throws(ZarrError) -> String {
        try ZarrKey.validate(key)
        return prefix + key
    }

    /// Translates an S3 failure into the ``ZarrError`` a caller can act on.
    func translate(_ error: S3Error, key: String) -> ZarrError {
        switch error {
        case .accessDenied: return .accessDenied(store: description, reason: error.description)
        case .clockSkew: return .clockSkew(store: description, reason: error.description)
        case .noSuchBucket: return .noSuchBucket(bucket: bucket, reason: error.description)
        case .preconditionFailed: return .preconditionFailed(key: key)
        default: return .storage(key: key, message: error.description)
        }
    }

    // MARK: Reading

    /// The whole object; `nil` when it does not exist.
    public func get(_ key: String) throws(ZarrError) -> [UInt8]? {
        let object = try objectKey(key)
        do { return try client.getObject(bucket: bucket, key: object)?.body } catch { throw translate(error, key: key) }
    }

    /// Whether the object exists (`HEAD`).
    public func contains(_ key: String) throws(ZarrError) -> Bool {
        let object = try objectKey(key)
        do { return try client.headObject(bucket: bucket, key: object) != nil } catch { throw translate(error, key: key) }
    }

    /// The object when it holds at most `maximumBytes`, checked from `Content-Range` of one
    /// ranged request (bytes `0...maximumBytes`), so a larger object is never downloaded whole.
    public func get(_ key: String, maximumBytes: Int) throws(ZarrError) -> [UInt8]? {
        let object = try objectKey(key)
        let response: HTTPResponse?
        do {
            response = try client.getObject(bucket: bucket, key: object, range: 0..<UInt64(maximumBytes) + 1)
        } catch {
            // An empty object has no byte 0 to range over (416): read it plainly.
            if case .service(_, 416, _, _) = error { return try get(key) }
            throw translate(error, key: key)
        }
        guard let response else { return nil }
        let size = response.contentRangeTotal ?? UInt64(response.body.count)
        guard size <= UInt64(maximumBytes), response.body.count <= maximumBytes else {
            throw ZarrByteRange.tooLarge(key: key, size: Int(clamping: size), limit: maximumBytes)
        }
        return response.body
    }

    /// A ranged GET (`Range: bytes=a-b` or `bytes=-n`); `nil` when the object does not exist.
    public func get(_ key: String, range: ZarrByteRange) throws(ZarrError) -> [UInt8]? {
        let object = try objectKey(key)
        do {
            switch range {
            case .bounded(let r):
                guard r.lowerBound >= 0 else { throw ZarrError.invalidRegion(array: key, reason: "negative byte range") }
                if r.isEmpty { return try client.headObject(bucket: bucket, key: object).map { _ in [] } }
                guard let response = try client.getObject(bucket: bucket, key: object, range: UInt64(r.lowerBound)..<UInt64(r.upperBound)) else { return nil }
                guard response.body.count == r.count else {
                    throw ZarrError.corruptChunk(key: key, reason: "asked for bytes \(r) but the object store sent \(response.body.count) bytes")
                }
                return response.body
            case .suffix(let n):
                guard n > 0 else { return try client.headObject(bucket: bucket, key: object).map { _ in [] } }
                guard let response = try client.getObject(bucket: bucket, key: object, suffixLength: UInt64(n)) else { return nil }
                guard response.body.count >= n else {
                    throw ZarrError.corruptChunk(key: key, reason: "asked for the last \(n) bytes but the value has \(response.body.count)")
                }
                if response.status == 206, let served = response.contentRangeServed, let total = response.contentRangeTotal,
                   served.upperBound != total || UInt64(response.body.count) != served.upperBound - served.lowerBound {
                    throw ZarrError.corruptChunk(key: key, reason: "asked for the last \(n) bytes but the object store answered "
                                                 + "'Content-Range: \(response.headers["content-range"] ?? "")'")
                }
                return Array(response.body.suffix(n))
            }
        } catch let error as ZarrError {
            throw error
        } catch let error as S3Error {
            if case .service(_, 416, _, _) = error {
                throw .corruptChunk(key: key, reason: "byte range \(range) lies beyond the end of the value")
            }
            throw translate(error, key: key)
        } catch {
            throw .storage(key: key, message: "\(error)")
        }
    }

    // MARK: Writing

    /// Stores `bytes` under `key`: one `PUT`, or a multipart upload from ``multipartThreshold`` on.
    public func set(_ key: String, _ bytes: [UInt8]) throws(ZarrError) {
        guard isWritable else { throw .readOnlyStore(description) }
        let object = try objectKey(key)
        if bytes.count >= multipartThreshold {
            let writer = S3ValueWriter(storage: self, key: key, objectKey: object)
            do throws(ZarrError) {
                // withUnsafeBytes rethrows untyped errors: carry the typed one out by hand.
                let appended: Result<Void, ZarrError> = bytes.withUnsafeBytes { buffer in
                    do throws(ZarrError) { try writer.append(buffer); return .success(()) } catch { return .failure(error) }
                }
                try appended.get()
                try writer.commit()
            } catch {
                writer.abort()
                throw error
            }
            return
        }
        do { try client.putObject(bucket: bucket, key: object, body: bytes) } catch { throw translate(error, key: key) }
    }

    /// Removes `key` (no error when it does not exist).
    public func delete(_ key: String) throws(ZarrError) {
        guard isWritable else { throw .readOnlyStore(description) }
        let object = try objectKey(key)
        do { try client.deleteObject(bucket: bucket, key: object) } catch { throw translate(error, key: key) }
    }

    /// Removes every object below `prefix` (a node path; the whole store is refused, as on disk),
    /// 1,000 per `DeleteObjects` request.
    public func deleteAll(under prefix: String) throws(ZarrError) {
        guard isWritable else { throw .readOnlyStore(description) }
        var trimmed = prefix
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        guard !trimmed.isEmpty else { throw .invalidPath(prefix, reason: "refusing to delete the whole store") }
        try removeObjects(under: try objectKey(trimmed) + "/", shownAs: prefix)
    }

    /// Deletes every object of the store, the root included: for replacing a whole store
    /// (`eocube zarr copy --overwrite`). ``deleteAll(under:)`` refuses that on purpose.
    public func deleteEverything() throws(ZarrError) {
        guard isWritable else { throw .readOnlyStore(description) }
        try removeObjects(under: prefix, shownAs: "")
    }

    private func removeObjects(under objectPrefix: String, shownAs key: String) throws(ZarrError) {
        do {
            var token: String?
            repeat {
                let page = try client.listObjects(bucket: bucket, prefix: objectPrefix, continuationToken: token, maxKeys: listPageSize)
                var keys = page.objects.map(\.key)
                while !keys.isEmpty {
                    let batch = Array(keys.prefix(1000))
                    keys.removeFirst(batch.count)
                    try client.deleteObjects(bucket: bucket, keys: batch)
                }
                token = page.nextContinuationToken
            } while token != nil
        } catch {
            throw translate(error, key: key)
        }
    }

    // MARK: Listing

    /// Objects and sub-prefixes directly under `prefix` (`ListObjectsV2` with delimiter `/`, all pages).
    public func listDirectory(_ prefix: String) throws(ZarrError) -> (keys: [String], prefixes: [String]) {
        var trimmed = prefix
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        let objectPrefix = trimmed.isEmpty ? self.prefix : try objectKey(trimmed) + "/"
        var keys: [String] = [], prefixes: [String] = []
        do {
            var token: String?
            repeat {
                let page = try client.listObjects(bucket: bucket, prefix: objectPrefix, delimiter: "/", continuationToken: token, maxKeys: listPageSize)
                for object in page.objects where object.key.hasPrefix(objectPrefix) {
                    let name = String(object.key.dropFirst(objectPrefix.count))
                    if !name.isEmpty { keys.append(name) }
                }
                for common in page.commonPrefixes where common.hasPrefix(objectPrefix) {
                    var name = String(common.dropFirst(objectPrefix.count))
                    while name.hasSuffix("/") { name.removeLast() }
                    if !name.isEmpty { prefixes.append(name) }
                }
                token = page.nextContinuationToken
            } while token != nil
        } catch {
            throw translate(error, key: prefix)
        }
        return (keys, prefixes)
    }

    /// Every key of the store below `prefix` (recursively), relative to the store root, in key order.
    public func listAllKeys(under prefix: String = "") throws(ZarrError) -> [String] {
        var trimmed = prefix
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        let objectPrefix = trimmed.isEmpty ? self.prefix : try objectKey(trimmed) + "/"
        var keys: [String] = []
        do {
            var token: String?
            repeat {
                let page = try client.listObjects(bucket: bucket, prefix: objectPrefix, continuationToken: token, maxKeys: listPageSize)
                keys += page.objects.compactMap { $0.key.hasPrefix(self.prefix) ? String($0.key.dropFirst(self.prefix.count)) : nil }
                token = page.nextContinuationToken
            } while token != nil
        } catch {
            throw translate(error, key: prefix)
        }
        return keys
    }
}
