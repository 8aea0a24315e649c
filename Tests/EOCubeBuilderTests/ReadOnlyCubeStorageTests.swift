import EOCubeBuilder
import Foundation
import InteropSupport
import Testing
import ZarrStore

/// A directory store seen through its read capability only (with `listable`, listing too):
/// what a cube served over HTTP or from a public bucket offers a reader.
struct ReadOnlyCubeStorage: ZarrReadableStorage {
    let base: FileSystemStorage
    var description: String { "read-only \(base.description)" }
    func get(_ key: String) throws(ZarrError) -> [UInt8]? { try base.get(key) }
    func get(_ key: String, range: ZarrByteRange) throws(ZarrError) -> [UInt8]? { try base.get(key, range: range) }
}

/// ``ReadOnlyCubeStorage`` that can list, as a read-only mount can.
struct ListableReadOnlyCubeStorage: ZarrReadableStorage, ZarrListableStorage {
    let base: FileSystemStorage
    var description: String { "listable read-only \(base.description)" }
    func get(_ key: String) throws(ZarrError) -> [UInt8]? { try base.get(key) }
    func get(_ key: String, range: ZarrByteRange) throws(ZarrError) -> [UInt8]? { try base.get(key, range: range) }
    func listDirectory(_ prefix: String) throws(ZarrError) -> (keys: [String], prefixes: [String]) { try base.listDirectory(prefix) }
}

/// `CubeReader` and `CubeInfo` take stores without write methods and read from them what
/// they read from the writable directory store.
@Suite(.enabled(if: CubeTestSupport.interopEnabled))
struct ReadOnlyCubeStorageTests {
    @Test func readersOfACubeNeedNoWritableStore() async throws {
        let dir = try Interop.temporaryDirectory("cube-read-only")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("cube.zarr")
        try await CubeTestSupport.build(store: store, definition: CubeTestSupport.definition())
        let directory = try FileSystemStorage(path: store.path)

        let expected = try await CubeReader.open(directory, group: CubeTestSupport.group).series(column: 1200, row: 2249)
        #expect(!expected.days.isEmpty)
        for storage: any ZarrReadableStorage in [ReadOnlyCubeStorage(base: directory), ListableReadOnlyCubeStorage(base: directory)] {
            let reader = try await CubeReader.open(storage, group: CubeTestSupport.group)
            #expect(reader.bands == ["VV", "VH"])
            #expect(try await reader.series(column: 1200, row: 2249) == expected, "\(storage)")
        }

        let info = try await CubeInfo.inspect(storage: ListableReadOnlyCubeStorage(base: directory))
        #expect(info.description == (try await CubeInfo.inspect(store.path)).description)
        #expect(info.cubes.first?.filledSlots.isEmpty == false)
    }
}
