import Foundation
internal import HTTPTransport

/// Conditional writes: the object store decides atomically which of several concurrent
/// writers wins, so journals and commit records need no lock and no rename.
extension S3Storage {
    /// Stores `bytes` under `key` only if no value exists there (`If-None-Match: *`).
    ///
    /// When the server answers 412 but now holds exactly `bytes` (our own write whose answer
    /// was lost, then retried), the write counts as done.
    public func createIfAbsent(_ key: String, _ bytes: [UInt8]) throws(ZarrError) -> S3ConditionalWriteResult {
        try conditionalPut(key, bytes, condition: .ifAbsent)
    }

    /// Replaces the value of `key` only if its current ETag is `etag` (`If-Match`), i.e. no
    /// one wrote it since it was read with ``getWithETag(_:)``.
    public func replace(_ key: String, _ bytes: [UInt8], ifETagMatches etag: String) throws(ZarrError) -> S3ConditionalWriteResult {
        try conditionalPut(key, bytes, condition: .ifMatch(etag: etag))
    }

    /// The value of `key` with its ETag (for a later ``replace(_:_:ifETagMatches:)``); `nil` when absent.
    public func getWithETag(_ key: String) throws(ZarrError) -> (bytes: [UInt8], etag: String)? {
        let object = try objectKey(key)
        do {
            guard let response = try client.getObject(bucket: bucket, key: object) else { return nil }
            return (response.body, response.headers["etag"] ?? "")
        } catch {
            throw translate(error, key: key)
        }
    }

    private func conditionalPut(_ key: String, _ bytes: [UInt8], condition: S3WriteCondition) throws(ZarrError) -> S3ConditionalWriteResult {
        guard isWritable else { throw .readOnlyStore(description) }
        let object = try objectKey(key)
        do {
            return .written(etag: try client.putObject(bucket: bucket, key: object, body: bytes, condition: condition))
        } catch .preconditionFailed {
            if let current = try getWithETag(key), current.bytes == bytes { return .written(etag: current.etag) }
            return .preconditionFailed
        } catch {
            throw translate(error, key: key)
        }
    }

    /// Verifies on a scratch key that the server enforces both conditions: a second
    /// create-if-absent and a replace with a stale ETag must each come back 412, and the
    /// matching replace must succeed. Throws ``ZarrError/conditionalWritesNotEnforced(store:reason:)``
    /// when a write went through that should not have (e.g. a server that ignores the headers).
    public func checkConditionalWrites() throws(ZarrError) {
        let probe = ".eocube-conditional-write-probe-\(UInt64.random(in: 0...UInt64.max))"
        defer { try? delete(probe) }
        guard case .written(let first) = try createIfAbsent(probe, Array("first".utf8)) else {
            throw .conditionalWritesNotEnforced(store: description, reason: "creating a fresh probe key was refused")
        }
        guard try createIfAbsent(probe, Array("second".utf8)) == .preconditionFailed else {
            throw .conditionalWritesNotEnforced(store: description, reason: "a write with 'If-None-Match: *' replaced an existing object instead of answering 412")
        }
        guard try replace(probe, Array("third".utf8), ifETagMatches: "\"00000000000000000000000000000000\"") == .preconditionFailed else {
            throw .conditionalWritesNotEnforced(store: description, reason: "a write with a stale 'If-Match' ETag replaced the object instead of answering 412")
        }
        guard case .written = try replace(probe, Array("fourth".utf8), ifETagMatches: first) else {
            throw .conditionalWritesNotEnforced(store: description, reason: "a write with the current ETag in 'If-Match' was refused")
        }
        guard try get(probe) == Array("fourth".utf8) else {
            throw .conditionalWritesNotEnforced(store: description, reason: "the probe holds another value than the last accepted write")
        }
    }
}
