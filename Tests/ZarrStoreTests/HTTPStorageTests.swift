import Foundation
import InteropSupport
import Testing
@testable import ZarrStore

/// Reading stores over HTTP from the loopback nginx (Tests/Interop/services/nginx.sh).
enum HTTPTestService {
    static var url: String? { ProcessInfo.processInfo.environment["EOCUBE_HTTP_URL"] }
    static var enabled: Bool { url != nil || ProcessInfo.processInfo.environment["EOCUBE_REQUIRE_INTEROP"] != nil }
}

@Suite(.enabled(if: HTTPTestService.enabled, "needs the nginx test service (EOCUBE_HTTP_URL)"))
struct HTTPStorageTests {
    static var serverURL: String? { HTTPTestService.url }
    static var serverRoot: String? { ProcessInfo.processInfo.environment["EOCUBE_HTTP_ROOT"] }

    /// Writes a sharded store into the served directory and returns (local path, URL).
    private func publishStore() async throws -> (String, String, [Int16]) {
        let url = try #require(Self.serverURL, "EOCUBE_HTTP_URL is not set"), root = try #require(Self.serverRoot)
        let name = "zarr-http-\(UUID().uuidString).zarr"
        let storage = try FileSystemStorage(path: root + "/" + name, create: true)
        var group = try await ZarrGroup.create(storage, attributes: ["served": true])
        let array = try await group.createArray("cube/VV", definition: .init(dataType: .int16, shape: [2, 64, 64], chunkShape: [1, 16, 16],
                                                                            shardShape: [2, 64, 64], compressors: [.blosc(.init())],
                                                                            fillValue: .int(-9999), dimensionNames: ["time", "y", "x"]))
        let values = (0..<(2 * 64 * 64)).map { Int16(truncatingIfNeeded: $0 * 7) }
        try await array.write(values)
        var cube = try await group.openGroup("cube")
        try await cube.consolidateMetadata()
        try await group.consolidateMetadata()
        return (root + "/" + name, url + "/" + name, values)
    }

    @Test func storesReadOverHTTPMatchAndSingleInnerChunksUseRangeRequests() async throws {
        let (local, url, values) = try await publishStore()
        defer { try? FileManager.default.removeItem(atPath: local) }
        let storage = try HTTPStorage(url: url)
        let root = try await ZarrGroup.open(storage)
        #expect(root.attributes["served"] == true)
        #expect(try await root.children() == [ZarrChildInfo(name: "cube", kind: .group)])
        let array = try await ZarrArray.open(storage, path: "cube/VV")
        #expect(try await array.read(Int16.self) == values)
        // One inner chunk: the index and that chunk are fetched with Range requests. The offset
        // is taken once the whole-array read's lines are in (nginx logs after answering).
        let before = AccessLog.settledText().utf8.count
        let part: [Int16] = try await array.read(region: [1..<2, 16..<32, 32..<48])
        var expected: [Int16] = []
        for y in 16..<32 { for x in 32..<48 { expected.append(values[64 * 64 + y * 64 + x]) } }
        #expect(part == expected)
        if AccessLog.path != nil {
            let logged = String(decoding: AccessLog.settledText().utf8.dropFirst(before), as: UTF8.self)
                .split(separator: "\n").filter { $0.contains("cube/VV/c/0/0/0") }
            #expect(logged.count == 2, "expected an index and a chunk request, got \(logged)")
            #expect(logged.allSatisfy { $0.contains("bytes=") && $0.contains(" 206 ") }, "\(logged)")
        }
    }

    @Test func missingKeysReadAsFillAndWritesAreRefused() async throws {
        let (local, url, _) = try await publishStore()
        defer { try? FileManager.default.removeItem(atPath: local) }
        let storage = try HTTPStorage(url: url)
        #expect(try storage.get("cube/VV/c/9/9/9") == nil)
        // HTTPStorage has no `set`; an array opened on it refuses writes before any request.
        let array = try await ZarrArray.open(storage, path: "cube/VV")
        #expect(!array.isWritable)
        await #expect(throws: ZarrError.readOnlyStore(url)) { try await array.write([Int16](repeating: 1, count: 2 * 64 * 64)) }
        var group = try await ZarrGroup.open(storage)
        await #expect(throws: ZarrError.readOnlyStore(url)) { try await group.setAttributes([:]) }
        await #expect(throws: ZarrError.nodeNotFound(path: "cube/VV")) { _ = try await ZarrArray.open(try HTTPStorage(url: url + "/_nope"), path: "cube/VV") }
        // Server errors are typed storage errors naming the key.
        let failing = try HTTPStorage(url: Self.serverURL! + "/_status/403")
        do {
            _ = try failing.get("zarr.json")
            Issue.record("a 403 was not reported")
        } catch {
            if case .storage(let key, _) = error { #expect(key == "zarr.json") } else { Issue.record("unexpected \(error)") }
        }
    }

    @Test func aZarrPythonStoreServedOverHTTPListsAndReadsIdentically() async throws {
        guard InteropFixtures.enabled else { return }
        let root = try #require(Self.serverRoot), url = try #require(Self.serverURL)
        let name = "zarr-python-\(UUID().uuidString).zarr"
        let bins = try Interop.temporaryDirectory("zarr-http-bins")
        defer {
            try? FileManager.default.removeItem(atPath: root + "/" + name)
            try? FileManager.default.removeItem(at: bins)
        }
        try Interop.runPython(["zarr_generate.py", root + "/" + name, bins.path])
        let storage = try HTTPStorage(url: url + "/" + name)
        // Walk the hierarchy through consolidated metadata only (HTTP cannot list).
        var found: [String] = []
        var stack: [(ZarrGroup, String)] = [(try await ZarrGroup.open(storage), "")]
        while let (group, prefix) = stack.popLast() {
            for child in try await group.children() {
                let path = prefix.isEmpty ? child.name : prefix + "/" + child.name
                if child.kind == .group { stack.append((try await group.openGroup(child.name), path)) } else { found.append(path) }
            }
        }
        let manifest = try InteropFixtures.manifest(bins)
        #expect(Set(found) == Set(manifest.map(\.path)))
        for entry in manifest where entry.path.hasPrefix("int16") || entry.path.hasPrefix("sub/") || entry.path.hasPrefix("float32") {
            let array = try await ZarrArray.open(storage, path: entry.path)
            #expect(try await array.readBytes() == InteropFixtures.bin(bins, entry.path), "\(entry.path)")
        }
    }
}
