import Foundation
import HTTPTransport
import InteropSupport
import Testing
@testable import ZarrStore

/// The S3 test service (SeaweedFS, Tests/Interop/services/seaweedfs.sh).
enum S3TestService {
    static var environment: [String: String] { ProcessInfo.processInfo.environment }
    static var endpoint: String? { environment["EOCUBE_S3_ENDPOINT"] }
    static var bucket: String { environment["EOCUBE_S3_BUCKET"] ?? "eocube-test" }
    static var enabled: Bool { endpoint != nil || environment["EOCUBE_REQUIRE_INTEROP"] != nil }
    static var credentials: AWSCredentials {
        AWSCredentials(accessKeyID: environment["EOCUBE_S3_ACCESS_KEY"] ?? "", secretAccessKey: environment["EOCUBE_S3_SECRET_KEY"] ?? "")
    }
    static var readOnlyCredentials: AWSCredentials {
        AWSCredentials(accessKeyID: environment["EOCUBE_S3_READONLY_ACCESS_KEY"] ?? "", secretAccessKey: environment["EOCUBE_S3_READONLY_SECRET_KEY"] ?? "")
    }
    /// Quick retries, so fault tests do not wait seconds.
    static let fastRetry = RetryPolicy(maxAttempts: 5, baseDelay: .milliseconds(10), maxDelay: .milliseconds(50))

    static func client(endpoint: String? = nil, credentials: AWSCredentials? = nil, retry: RetryPolicy = fastRetry) throws -> S3Client {
        let url = try #require(endpoint ?? Self.endpoint, "EOCUBE_S3_ENDPOINT is not set")
        return S3Client(configuration: S3Configuration(endpoint: url, credentials: credentials ?? Self.credentials, addressingStyle: .path, retry: retry))
    }

    /// A store under a fresh prefix of the test bucket.
    static func storage(_ name: String = "store", client: S3Client? = nil) throws -> S3Storage {
        try S3Storage(url: "s3://\(bucket)/tests/\(name)-\(UUID().uuidString).zarr", client: client ?? Self.client())
    }

    /// The environment the `eocube` binary and Python need to reach the service.
    static var processEnvironment: [String: String] {
        ["AWS_ACCESS_KEY_ID": credentials.accessKeyID, "AWS_SECRET_ACCESS_KEY": credentials.secretAccessKey,
         "AWS_ENDPOINT_URL": endpoint ?? "", "AWS_REGION": "us-east-1", "AWS_PROFILE": ""]
    }
}

@Suite(.enabled(if: S3TestService.enabled, "needs the SeaweedFS test service (EOCUBE_S3_ENDPOINT)"))
struct S3StorageTests {
    private func bytes(_ count: Int, seed: UInt64) -> [UInt8] {
        var state = seed &* 6364136223846793005 &+ 1442695040888963407
        return (0..<count).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return UInt8(truncatingIfNeeded: state >> 33)
        }
    }

    @Test func valuesRoundTripWithRangedReadsAndDeletes() throws {
        let storage = try S3TestService.storage()
        defer { try? storage.deleteEverything() }
        let value = bytes(100_000, seed: 1)
        let odd = "c/0/a b+c~(1)&x.bin"  // needs percent-encoding in the signed path
        try storage.set("zarr.json", Array("{}".utf8))
        try storage.set(odd, value)
        try storage.set("empty", [])
        #expect(try storage.get(odd) == value)
        #expect(try storage.get("empty") == [])
        #expect(try storage.get("missing") == nil)
        #expect(try storage.get(odd, range: .bounded(1000..<1100)) == Array(value[1000..<1100]))
        #expect(try storage.get(odd, range: .suffix(16)) == Array(value.suffix(16)))
        #expect(try storage.get("missing", range: .suffix(16)) == nil)
        #expect(try storage.get(odd, maximumBytes: 100_000) == value)
        #expect(try storage.get("empty", maximumBytes: 10) == [])
        #expect(throws: ZarrError.self) { try storage.get(odd, maximumBytes: 99_999) }
        #expect(throws: ZarrError.self) { try storage.get(odd, range: .bounded(99_990..<100_010)) }
        #expect(throws: ZarrError.self) { try storage.set("../escape", value) }
        try storage.delete(odd)
        try storage.delete(odd)  // deleting a missing key is no error
        #expect(try storage.get(odd) == nil)
        #expect(storage.description.hasPrefix("s3://\(S3TestService.bucket)/tests/store-"))
    }

    @Test func listingFollowsContinuationTokensAndDeleteAllEmptiesAPrefix() throws {
        var storage = try S3TestService.storage("list")
        defer { try? storage.deleteEverything() }
        storage.listPageSize = 7  // 45 keys and 3 prefixes take 7 pages
        for i in 0..<45 { try storage.set("g/k\(i)", [UInt8(i)]) }
        for name in ["a", "b", "c"] { try storage.set("g/\(name)/zarr.json", Array("{}".utf8)) }
        try storage.set("g/a/deeper/x", [1])
        try storage.set("other", [2])
        let listing = try storage.listDirectory("g/")
        #expect(Set(listing.keys) == Set((0..<45).map { "k\($0)" }))
        #expect(listing.keys.count == 45)
        #expect(listing.prefixes == ["a", "b", "c"])
        #expect(try storage.listDirectory("").prefixes == ["g"])
        #expect(try storage.listDirectory("").keys == ["other"])
        #expect(try storage.listAllKeys().count == 50)
        try storage.deleteAll(under: "g/")
        #expect(try storage.listDirectory("g/").keys.isEmpty)
        #expect(try storage.listAllKeys() == ["other"])
        #expect(throws: ZarrError.self) { try storage.deleteAll(under: "") }
    }

    @Test func largeValuesGoUpInPartsAndAppearOnlyOnCommit() throws {
        var storage = try S3TestService.storage("multipart")
        defer { try? storage.deleteEverything() }
        storage.multipartThreshold = 6 << 20
        storage.partSize = 5 << 20
        let value = bytes((12 << 20) + 123, seed: 2)
        try storage.set("shard", value)
        #expect(try storage.get("shard") == value)
        let info = try #require(try storage.client.headObject(bucket: storage.bucket, key: storage.prefix + "shard"))
        #expect(info.etag.contains("-3"), "a 3-part upload has a multipart ETag, got \(info.etag)")
        #expect(info.size == UInt64(value.count))

        // The streaming writer: odd-sized pieces, invisible until commit.
        let writer = try storage.valueWriter(for: "streamed")
        var offset = 0, step = 777_777
        while offset < value.count {
            let end = min(value.count, offset + step)
            try value[offset..<end].withUnsafeBytes { try writer.append($0) }
            offset = end
            step += 1_000_003
        }
        #expect(try storage.get("streamed") == nil)
        try writer.commit()
        #expect(try storage.get("streamed") == value)

        let aborted = try storage.valueWriter(for: "aborted")
        try value.withUnsafeBytes { try aborted.append($0) }
        aborted.abort()
        #expect(try storage.get("aborted") == nil)
    }

    @Test func aShardStreamedSlabBySlabGoesUpAsAMultipartUpload() async throws {
        var storage = try S3TestService.storage("shard-writer")
        defer { try? storage.deleteEverything() }
        storage.partSize = 5 << 20
        let array = try await ZarrArray.create(storage, path: "VV", definition: .init(
            dataType: .int16, shape: [1, 2048, 3072], chunkShape: [1, 256, 256], shardShape: [1, 2048, 3072], compressors: [], fillValue: .int(-9999)))
        let values = (0..<(2048 * 3072)).map { Int16(truncatingIfNeeded: ($0 &* 2_654_435_761) >> 11) }
        let writer = try ZarrShardWriter(array: array, shard: [0, 0, 0])
        for row in stride(from: 0, to: 2048, by: 256) {
            try writer.write(Array(values[(row * 3072)..<((row + 256) * 3072)]), region: [0..<1, row..<(row + 256), 0..<3072])
        }
        #expect(try storage.get("VV/c/0/0/0") == nil, "the shard is visible before finish")
        #expect(try writer.finish())
        let info = try #require(try storage.client.headObject(bucket: storage.bucket, key: storage.prefix + "VV/c/0/0/0"))
        #expect(info.etag.contains("-3"), "12 MiB in 5 MiB parts is a 3-part upload, got \(info.etag)")
        #expect(try await array.read(Int16.self) == values)
        let window: [Int16] = try await array.read(region: [0..<1, 1000..<1010, 3000..<3072])
        var expected: [Int16] = []
        for y in 1000..<1010 { expected += values[(y * 3072 + 3000)..<(y * 3072 + 3072)] }
        #expect(window == expected)
    }

    @Test func wrongCredentialsAreTypedErrorsAndWriteNothing() throws {
        let good = try S3TestService.storage("credentials")
        defer { try? good.deleteEverything() }
        let prefix = String(good.description.dropFirst("s3://\(S3TestService.bucket)/".count))
        func store(_ credentials: AWSCredentials) throws -> S3Storage {
            try S3Storage(url: "s3://\(S3TestService.bucket)/\(prefix)", client: S3TestService.client(credentials: credentials))
        }
        let wrongSecret = try store(AWSCredentials(accessKeyID: S3TestService.credentials.accessKeyID, secretAccessKey: "wrong"))
        let unknownKey = try store(AWSCredentials(accessKeyID: "no-such-key", secretAccessKey: "wrong"))
        let reader = try store(S3TestService.readOnlyCredentials)
        for storage in [wrongSecret, unknownKey, reader] {
            do {
                try storage.set("zarr.json", Array("{}".utf8))
                Issue.record("a write with \(storage.client.configuration.credentials!) succeeded")
            } catch {
                guard case .accessDenied(let store, let reason) = error else { Issue.record("expected accessDenied, got \(error)"); continue }
                #expect(store == good.description)
                #expect(reason.contains("AWS_SECRET_ACCESS_KEY"), "\(reason)")
            }
        }
        #expect(throws: ZarrError.self) { try wrongSecret.get("zarr.json") }
        #expect(try good.get("zarr.json") == nil, "a refused write left an object")
        #expect(try good.listAllKeys().isEmpty)

        let noBucket = try S3Storage(url: "s3://eocube-no-such-bucket/x", client: S3TestService.client())
        do {
            _ = try noBucket.get("zarr.json")
            Issue.record("reading from a missing bucket succeeded")
        } catch {
            guard case .noSuchBucket(let bucket, _) = error else { Issue.record("expected noSuchBucket, got \(error)"); return }
            #expect(bucket == "eocube-no-such-bucket")
        }
    }

    @Test func conditionalWritesAreEnforcedAndProbed() throws {
        let storage = try S3TestService.storage("conditional")
        defer { try? storage.deleteEverything() }
        guard case .written(let first) = try storage.createIfAbsent("journal/1", Array("one".utf8)) else {
            Issue.record("creating a fresh key was refused"); return
        }
        #expect(try storage.createIfAbsent("journal/1", Array("two".utf8)) == .preconditionFailed)
        #expect(try storage.get("journal/1") == Array("one".utf8))
        // Our own write repeated (a lost answer, retried) counts as done.
        #expect(try storage.createIfAbsent("journal/1", Array("one".utf8)) == .written(etag: first))
        #expect(try storage.replace("journal/1", Array("three".utf8), ifETagMatches: "\"0123456789abcdef0123456789abcdef\"") == .preconditionFailed)
        guard case .written(let second) = try storage.replace("journal/1", Array("three".utf8), ifETagMatches: first) else {
            Issue.record("a replace with the current ETag was refused"); return
        }
        #expect(second != first)
        #expect(try storage.replace("journal/1", Array("four".utf8), ifETagMatches: first) == .preconditionFailed)
        let current = try #require(try storage.getWithETag("journal/1"))
        #expect(current.bytes == Array("three".utf8))
        #expect(current.etag == second)
        try storage.checkConditionalWrites()
        #expect(try storage.listAllKeys() == ["journal/1"], "the probe left its key behind")
    }

    @Test func theProbeCatchesAServerThatIgnoresConditions() throws {
        let proxy = try S3FaultProxy(rules: ["PUT:ignore-conditions:1"])
        let storage = try S3TestService.storage("ignoring", client: S3TestService.client(endpoint: proxy.url))
        defer { try? storage.deleteEverything() }
        do {
            try storage.checkConditionalWrites()
            Issue.record("the probe trusted a server that ignores If-None-Match")
        } catch {
            guard case .conditionalWritesNotEnforced(_, let reason) = error else { Issue.record("expected conditionalWritesNotEnforced, got \(error)"); return }
            #expect(reason.contains("If-None-Match"))
        }
    }

    @Test func transientErrorsAreRetriedAndSkewIsTyped() throws {
        let proxy = try S3FaultProxy(rules: ["PUT:500:1", "PUT:slowdown:2", "GET:slowdown:1", "GET:500:1"])
        let storage = try S3TestService.storage("retry", client: S3TestService.client(endpoint: proxy.url))
        defer { try? storage.deleteEverything() }
        let value = bytes(10_000, seed: 3)
        try storage.set("chunk", value)
        #expect(try storage.get("chunk") == value)
        let log = proxy.log()
        #expect(log.filter { $0.hasPrefix("PUT") && $0.contains("-> 500 InternalError") }.count == 1, "\(log)")
        #expect(log.filter { $0.hasPrefix("PUT") && $0.contains("-> 503 SlowDown") }.count == 2, "\(log)")
        #expect(log.filter { $0.hasPrefix("GET") && !$0.hasSuffix("-> 200") }.count == 2, "\(log)")

        let skewed = try S3FaultProxy(rules: ["GET:skew:1"])
        let skewedStorage = try S3Storage(url: storage.description, client: S3TestService.client(endpoint: skewed.url))
        do {
            _ = try skewedStorage.get("chunk")
            Issue.record("a RequestTimeTooSkewed answer was not an error")
        } catch {
            guard case .clockSkew(_, let reason) = error else { Issue.record("expected clockSkew, got \(error)"); return }
            #expect(reason.contains("NTP"))
        }
        #expect(skewed.log().count == 1, "clock skew is not retried: \(skewed.log())")
    }

    @Test func aConnectionDroppedMidUploadLeavesNoObject() throws {
        let proxy = try S3FaultProxy(rules: ["PUT:drop:100"])
        var storage = try S3TestService.storage("dropped", client: S3TestService.client(endpoint: proxy.url, retry: .disabled))
        let direct = try S3Storage(url: storage.description, client: S3TestService.client())
        defer { try? direct.deleteEverything() }
        #expect(throws: ZarrError.self) { try storage.set("chunk", bytes(200_000, seed: 4)) }
        storage.multipartThreshold = 6 << 20
        storage.partSize = 5 << 20
        #expect(throws: ZarrError.self) { try storage.set("shard", bytes(11 << 20, seed: 5)) }
        #expect(try direct.get("chunk") == nil)
        #expect(try direct.get("shard") == nil)
        #expect(try direct.listAllKeys().isEmpty)
        #expect(proxy.log().contains { $0.hasSuffix("-> drop") })
        // The failed multipart upload was aborted: the server keeps no parts of it.
        let uploads = try direct.client.send(HTTPRequest(url: direct.client.url(bucket: direct.bucket, key: nil, query: [("uploads", "")])),
                                             bucket: direct.bucket)
        let listing = String(decoding: uploads.body, as: UTF8.self)
        #expect(listing.contains("ListMultipartUploadsResult"), "\(listing)")
        #expect(!listing.contains(direct.prefix + "shard"), "an aborted upload is still listed: \(listing)")

        // With retries, the second attempt goes through whole.
        let once = try S3FaultProxy(rules: ["PUT:drop:1"])
        let retrying = try S3Storage(url: storage.description, client: S3TestService.client(endpoint: once.url))
        let value = bytes(300_000, seed: 6)
        try retrying.set("chunk", value)
        #expect(try direct.get("chunk") == value)
        // A multipart upload whose parts meet a drop and a 500 retries those parts only.
        let flaky = try S3FaultProxy(rules: ["PUT:drop:1", "PUT:500:1"])
        var parts = try S3Storage(url: storage.description, client: S3TestService.client(endpoint: flaky.url))
        parts.multipartThreshold = 6 << 20
        parts.partSize = 5 << 20
        let large = bytes(16 << 20, seed: 7)
        try parts.set("shard", large)
        #expect(try direct.get("shard") == large)
        #expect(flaky.log().filter { $0.hasPrefix("PUT") && $0.contains("partNumber=") }.count == 4 + 2, "\(flaky.log())")
    }

    @Test func virtualHostedAddressingReachesTheSameObjects() throws {
        let endpoint = try #require(ProcessInfo.processInfo.environment["EOCUBE_S3_VIRTUAL_HOST_ENDPOINT"], "EOCUBE_S3_VIRTUAL_HOST_ENDPOINT is not set")
        let virtual = S3Client(configuration: S3Configuration(endpoint: endpoint, credentials: S3TestService.credentials,
                                                              addressingStyle: .virtualHosted, retry: S3TestService.fastRetry))
        #expect(virtual.url(bucket: S3TestService.bucket, key: "k").hasPrefix("http://\(S3TestService.bucket).localhost:"))
        var storage = try S3TestService.storage("virtual", client: virtual)
        defer { try? storage.deleteEverything() }
        storage.listPageSize = 2
        for i in 0..<5 { try storage.set("c/\(i)", [UInt8(i)]) }
        #expect(try storage.get("c/3", range: .suffix(1)) == [3])
        #expect(try storage.listDirectory("c/").keys.sorted() == ["0", "1", "2", "3", "4"])
        // The path-style client sees the same objects.
        let path = try S3Storage(url: storage.description, client: S3TestService.client())
        #expect(try path.get("c/4") == [4])
    }

    @Test func sessionTokensAreSignedAndAnUnknownOneIsRefused() throws {
        let proxy = try S3FaultProxy(rules: [])
        let temporary = AWSCredentials(accessKeyID: S3TestService.credentials.accessKeyID,
                                       secretAccessKey: S3TestService.credentials.secretAccessKey, sessionToken: "expired-or-made-up")
        let storage = try S3TestService.storage("token", client: S3TestService.client(endpoint: proxy.url, credentials: temporary))
        do {
            try storage.set("zarr.json", Array("{}".utf8))
            Issue.record("a write with an unknown session token succeeded")
        } catch {
            guard case .accessDenied = error else { Issue.record("expected accessDenied, got \(error)"); return }
        }
        let log = proxy.log()
        #expect(log.count == 1, "refusals are not retried: \(log)")
        #expect(log.first?.contains("x-amz-security-token") == true, "the token is a signed header: \(log)")
        #expect(log.first?.contains("x-amz-content-sha256") == true, "\(log)")
        let direct = try S3Storage(url: storage.description, client: S3TestService.client())
        #expect(try direct.get("zarr.json") == nil)
    }

    @Test func storeLocationsOpenTheRightStorageAndRefuseOtherSchemes() throws {
        #expect(try ZarrStoreLocation(parsing: "cube.zarr") == .fileSystem(path: "cube.zarr"))
        #expect(try ZarrStoreLocation(parsing: "file:///data/cube.zarr") == .fileSystem(path: "/data/cube.zarr"))
        #expect(try ZarrStoreLocation(parsing: "https://example.org/c.zarr") == .http(url: "https://example.org/c.zarr"))
        #expect(try ZarrStoreLocation(parsing: "s3://my-bucket/cubes/c.zarr") == .s3(bucket: "my-bucket", prefix: "cubes/c.zarr"))
        #expect(try ZarrStoreLocation(parsing: "data:2025/c.zarr") == .fileSystem(path: "data:2025/c.zarr"))
        for url in ["gs://bucket/c.zarr", "az://container/c.zarr", "ftp://host/c.zarr", "GS://b/c"] {
            do {
                _ = try ZarrStoreLocation(parsing: url)
                Issue.record("\(url) was accepted")
            } catch {
                guard case .unsupportedScheme(let scheme, let location) = error else { Issue.record("expected unsupportedScheme, got \(error)"); continue }
                #expect(scheme.lowercased() == String(url.prefix { $0 != ":" }).lowercased())
                #expect(location == url)
                #expect(error.description.contains("'\(scheme)://'"))
            }
        }
        #expect(throws: ZarrError.self) { try ZarrStoreLocation(parsing: "s3://") }
        #expect(throws: ZarrError.self) { try ZarrStoreLocation(parsing: "s3://b/../x") .openStorage() }
        let storage = try ZarrStoreLocation.s3(bucket: S3TestService.bucket, prefix: "tests/location.zarr")
            .openStorage(s3Client: S3TestService.client())
        #expect(storage is S3Storage)
        #expect(storage.description == "s3://\(S3TestService.bucket)/tests/location.zarr")
    }

    @Test func zarrPythonReadsAnArrayWeWroteToS3() async throws {
        let storage = try S3TestService.storage("ours")
        defer { try? storage.deleteEverything() }
        var root = try await ZarrGroup.create(storage, attributes: ["writer": "eocube"])
        let array = try await root.createArray("cube/VV", definition: .init(
            dataType: .int16, shape: [3, 70, 90], chunkShape: [1, 16, 16], shardShape: [1, 32, 48],
            compressors: [.blosc(.init())], fillValue: .int(-9999), attributes: ["units": "dB"], dimensionNames: ["time", "y", "x"]))
        let values = (0..<(3 * 70 * 90)).map { Int16(truncatingIfNeeded: $0 * 13 - 5000) }
        try await array.write(values)
        try await root.consolidateMetadata()
        let output = try Interop.runPython(["zarr_s3_check.py", "read", storage.description, "cube/VV"], environment: pythonEnvironment)
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        #expect(summary["shape"] as? [Int] == [3, 70, 90])
        #expect(summary["dtype"] as? String == "int16")
        #expect(summary["sum"] as? Double == values.reduce(0.0) { $0 + Double($1) })
        #expect(summary["values"] as? [Int] == values.prefix(16).map(Int.init))
        #expect((summary["attrs"] as? [String: Any])?["units"] as? String == "dB")
    }

    @Test func weReadAStoreZarrPythonWroteToS3() async throws {
        let storage = try S3TestService.storage("theirs")
        defer { try? storage.deleteEverything() }
        _ = try Interop.runPython(["zarr_s3_check.py", "write", storage.description], environment: pythonEnvironment)
        let root = try await ZarrGroup.open(storage)
        #expect(root.attributes["writer"] == "zarr-python")
        #expect(try await root.children() == [ZarrChildInfo(name: "data", kind: .array)])
        let array = try await ZarrArray.open(storage, path: "data")
        #expect(array.shape == [3, 40, 50])
        #expect(try await array.read(Int32.self) == (0..<Int32(3 * 40 * 50)).map { $0 })
        let part: [Int32] = try await array.read(region: [1..<2, 30..<40, 45..<50])
        var expected: [Int32] = []
        for y in 30..<40 { for x in 45..<50 { expected.append(Int32(2000 + y * 50 + x)) } }
        #expect(part == expected)
    }

    private var pythonEnvironment: [String: String] {
        ["EOCUBE_S3_ENDPOINT": S3TestService.endpoint ?? "", "EOCUBE_S3_ACCESS_KEY": S3TestService.credentials.accessKeyID,
         "EOCUBE_S3_SECRET_KEY": S3TestService.credentials.secretAccessKey]
    }
}

/// `Tests/Interop/s3_fault_proxy.py` in front of the S3 test service, stopped when released.
final class S3FaultProxy: @unchecked Sendable {
    let server: LoopbackServer
    let logPath: String

    init(rules: [String]) throws {
        let upstream = try #require(S3TestService.endpoint, "EOCUBE_S3_ENDPOINT is not set")
        logPath = FileManager.default.temporaryDirectory.appendingPathComponent("s3-fault-\(UUID().uuidString).log").path
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        server = try LoopbackServer(executable: Interop.python,
                                    arguments: [Interop.scripts.appendingPathComponent("s3_fault_proxy.py").path, upstream, logPath] + rules)
    }

    deinit { try? FileManager.default.removeItem(atPath: logPath) }

    var url: String { server.baseURL }

    /// The requests seen so far, "METHOD PATH -> OUTCOME" each.
    func log() -> [String] {
        (try? String(contentsOfFile: logPath, encoding: .utf8))?.split(separator: "\n").map(String.init) ?? []
    }
}
