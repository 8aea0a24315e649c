import Foundation
import Testing
import ZarrStore

/// A store that can only be read (and, with `listable`, listed): a ``MemoryStorage`` seen
/// through the read capability alone, as a read-only backend (HTTP, a public bucket) is.
struct ReadOnlyView: ZarrReadableStorage {
    let base: MemoryStorage
    var description: String { "read-only view of \(base.description)" }
    func get(_ key: String) throws(ZarrError) -> [UInt8]? { try base.get(key) }
}

/// ``ReadOnlyView`` that can also list, as a read-only mount of a directory can.
struct ListableReadOnlyView: ZarrReadableStorage, ZarrListableStorage {
    let base: MemoryStorage
    var description: String { "listable read-only view of \(base.description)" }
    func get(_ key: String) throws(ZarrError) -> [UInt8]? { try base.get(key) }
    func listDirectory(_ prefix: String) throws(ZarrError) -> (keys: [String], prefixes: [String]) { try base.listDirectory(prefix) }
}

/// Reading needs only the read capability (generic over it, so this compiles only if every
/// reader accepts a store without write methods); writes through nodes opened on such a store
/// are refused with `readOnlyStore` before anything is written.
struct ReadOnlyStorageTests {
    static let values = (0..<(6 * 8)).map { Int32($0 * 3 - 20) }

    /// A store with a root group, a subgroup, a sharded and a plain array, consolidated.
    static func populated() async throws -> MemoryStorage {
        let storage = MemoryStorage()
        var root = try await ZarrGroup.create(storage, attributes: ["title": "ro"])
        let plain = try await root.createArray("sub/plain", definition: .init(dataType: .int32, shape: [6, 8], chunkShape: [2, 3], fillValue: .int(0)))
        try await plain.write(values)
        let sharded = try await root.createArray("sharded", definition: .init(dataType: .int32, shape: [6, 8], chunkShape: [2, 4],
                                                                              shardShape: [6, 8], fillValue: .int(-1)))
        try await sharded.write(values)
        try await root.consolidateMetadata()
        return storage
    }

    /// Every array below the root of any readable store: path → values.
    static func readAll<S: ZarrReadableStorage>(_ storage: S) async throws -> [String: [Int32]] {
        var out: [String: [Int32]] = [:]
        var pending = [try await ZarrGroup.open(storage)]
        while let group = pending.popLast() {
            for child in try await group.children() {
                switch child.kind {
                case .group: pending.append(try await group.openGroup(child.name))
                case .array: let a = try await group.openArray(child.name); out[a.path] = try await a.read(Int32.self)
                }
            }
        }
        return out
    }

    @Test func httpStorageHasNoWriteOrListMethods() throws {
        let http: Any.Type = HTTPStorage.self
        #expect(http is any ZarrReadableStorage.Type)
        #expect(!(http is any ZarrWritableStorage.Type), "HTTPStorage must not claim write methods")
        #expect(!(http is any ZarrListableStorage.Type), "HTTPStorage cannot list")
        for full: Any.Type in [MemoryStorage.self, FileSystemStorage.self, S3Storage.self] { #expect(full is any ZarrStorage.Type) }
    }

    @Test func readersOpenAStoreThatCanOnlyRead() async throws {
        let storage = try await Self.populated()
        let expected = ["sub/plain": Self.values, "sharded": Self.values]
        #expect(try await Self.readAll(storage) == expected)
        // Without listing, children come from the consolidated metadata.
        #expect(try await Self.readAll(ReadOnlyView(base: storage)) == expected)
        #expect(try await Self.readAll(ListableReadOnlyView(base: storage)) == expected)
        #expect(try await ZarrGroup.open(ReadOnlyView(base: storage)).attributes["title"] == "ro")
    }

    @Test func storedChunksAreListedOnlyWhereTheStoreCanList() async throws {
        let storage = try await Self.populated()
        let listed = try await ZarrArray.open(ListableReadOnlyView(base: storage), path: "sub/plain").storedChunkCoordinates()
        #expect(listed.map { Set($0) } == Set((0..<3).flatMap { r in (0..<3).map { c in [r, c] } }))
        #expect(try await ZarrArray.open(ReadOnlyView(base: storage), path: "sub/plain").storedChunkCoordinates() == nil)
    }

    @Test func writesThroughNodesOpenedReadOnlyAreRefusedBeforeWriting() async throws {
        let storage = try await Self.populated()
        let before = try storage.allKeys.map { [$0: try storage.get($0)] }
        let view = ReadOnlyView(base: storage)
        let refused = ZarrError.readOnlyStore(view.description)

        var array = try await ZarrArray.open(view, path: "sub/plain")
        #expect(!array.isWritable)
        await #expect(throws: refused) { try await array.write([Int32](repeating: 7, count: 48)) }
        await #expect(throws: refused) { try await array.writeBytes([UInt8](repeating: 0, count: 8), region: [0..<1, 0..<2]) }
        let chunk = [Int32](repeating: 1, count: 6)
        let chunkResult: Result<Void, ZarrError> = chunk.withUnsafeBytes { raw in
            do throws(ZarrError) { return .success(try array.writeChunk(at: [0, 0], bytes: raw)) } catch { return .failure(error) }
        }
        #expect(throws: refused) { try chunkResult.get() }
        await #expect(throws: refused) { try await array.setAttributes(["x": 1]) }
        await #expect(throws: refused) { try await array.resize(to: [2, 2]) }
        let sharded = try await ZarrArray.open(view, path: "sharded")
        #expect(throws: refused) { _ = try ZarrShardWriter(array: sharded, shard: [0, 0]) }

        var root = try await ZarrGroup.open(view)
        #expect(!root.isWritable)
        await #expect(throws: refused) { try await root.createGroup("new") }
        await #expect(throws: refused) {
            try await root.createArray("new", definition: .init(dataType: .int32, shape: [1], chunkShape: [1], fillValue: .int(0)))
        }
        await #expect(throws: refused) { try await root.setAttributes([:]) }
        await #expect(throws: refused) { try await root.consolidateMetadata() }

        #expect(try storage.allKeys.map { [$0: try storage.get($0)] } == before, "a refused write changed the store")
        // The same nodes opened on the writable store can write.
        #expect(try await ZarrArray.open(storage, path: "sub/plain").isWritable)
        #expect(try await ZarrGroup.open(storage).isWritable)
    }

    @Test func aFileSystemStoreOpenedReadOnlyRefusesWritesThroughItsNodes() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("zarr-ro-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let writable = try FileSystemStorage(path: directory, create: true)
        let root = try await ZarrGroup.create(writable)
        _ = try await root.createArray("a", definition: .init(dataType: .int32, shape: [4], chunkShape: [2], fillValue: .int(0)))
        let readOnly = try FileSystemStorage(path: directory, readOnly: true)
        let array = try await ZarrArray.open(readOnly, path: "a")
        #expect(!array.isWritable)
        await #expect(throws: ZarrError.readOnlyStore(readOnly.description)) { try await array.write([Int32](repeating: 1, count: 4)) }
        #expect(try await array.read(Int32.self) == [0, 0, 0, 0])
    }

    @Test func aStoreThatCanOnlyReadIsACopySource() async throws {
        let storage = try await Self.populated()
        let destination = MemoryStorage()
        let copied = try await ZarrStoreCopy.copy(from: ReadOnlyView(base: storage), toStorage: destination,
                                                  options: ZarrCopyOptions(chunkShape: [3, 4]))
        #expect(copied == 2)
        #expect(try await Self.readAll(destination) == ["sub/plain": Self.values, "sharded": Self.values])
    }

    @Test func httpLocationsOpenForReadingOnly() throws {
        let location = try ZarrStoreLocation(parsing: "http://127.0.0.1:9/store.zarr")
        #expect(throws: ZarrError.readOnlyStore("http://127.0.0.1:9/store.zarr")) { _ = try location.openStorage() }
        #expect(try location.openReadableStorage() is HTTPStorage)
    }
}
