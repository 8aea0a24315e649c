import Foundation
import InteropSupport
import Testing
@testable import ZarrStore

/// `ZarrStoreCopy`: refusals before anything is written, build-aside-then-swap, no partial destination.
struct StoreCopyTests {
    /// A store with a group, two arrays (one sharded) and non-fill data.
    private func makeSource(_ path: String, arrays: [String] = ["g/a", "b"]) async throws {
        let storage = try FileSystemStorage(path: path, create: true)
        let root = try await ZarrGroup.create(storage, attributes: ["title": "source"])
        for (i, name) in arrays.enumerated() {
            let array = try await root.createArray(name, definition: .init(dataType: .int32, shape: [6, 5], chunkShape: [2, 5],
                                                                           shardShape: i == 0 ? [4, 5] : nil, fillValue: .int(-1)))
            try await array.write((0..<30).map { Int32($0 * 7 + i) })
        }
    }

    /// Every file below `path` with its contents (hidden names included), to prove nothing changed.
    private func snapshot(_ path: String) -> [String: Data] {
        var result: [String: Data] = [:]
        guard let walker = FileManager.default.enumerator(atPath: path) else { return result }
        while let relative = walker.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let full = path + "/" + relative
            if FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue {
                result[relative] = FileManager.default.contents(atPath: full)
            } else {
                result[relative + "/"] = Data()
            }
        }
        return result
    }

    private func expectRefused(_ body: () async throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) async {
        do {
            try await body()
            Issue.record("the copy was not refused", sourceLocation: sourceLocation)
        } catch let error as ZarrError {
            guard case .copyRefused = error else { Issue.record("expected copyRefused, got \(error)", sourceLocation: sourceLocation); return }
        } catch {
            Issue.record("untyped error \(error)", sourceLocation: sourceLocation)
        }
    }

    @Test func aDestinationThatIsInsideOrHoldsTheSourceIsRefusedBeforeAnythingIsWritten() async throws {
        let directory = try Interop.temporaryDirectory("zarr-copy-overlap")
        defer { try? FileManager.default.removeItem(at: directory) }
        let base = directory.path
        let source = base + "/src.zarr"
        try await makeSource(source)
        try FileManager.default.createSymbolicLink(atPath: base + "/link.zarr", withDestinationPath: source)
        try FileManager.default.createDirectory(atPath: base + "/sub", withIntermediateDirectories: true)
        let before = snapshot(base)
        let storage = try FileSystemStorage(path: source, readOnly: true)
        let destinations = [
            source, source + "/", base + "/sub/../src.zarr", base + "/./src.zarr",  // the source itself
            base + "/link.zarr", base + "/link.zarr/",                              // the source through a symbolic link
            source + "/sub", source + "/g/deeper/still", base + "/link.zarr/new",   // inside the source
            base, directory.deletingLastPathComponent().path,                       // holding the source
        ]
        for destination in destinations {
            for overwrite in [false, true] {
                await expectRefused { _ = try await ZarrStoreCopy.copy(from: storage, to: destination, options: .init(overwrite: overwrite)) }
            }
        }
        // Relative paths resolve against the working directory like absolute ones.
        let relative = String(source.dropFirst(FileManager.default.currentDirectoryPath.count + 1))
        if source.hasPrefix(FileManager.default.currentDirectoryPath + "/") {
            await expectRefused { _ = try await ZarrStoreCopy.copy(from: storage, to: relative, options: .init(overwrite: true)) }
        }
        #expect(snapshot(base) == before, "a refused copy changed the files")
        // A source opened through the link is the same store.
        let linked = try FileSystemStorage(path: base + "/link.zarr", readOnly: true)
        await expectRefused { _ = try await ZarrStoreCopy.copy(from: linked, to: source, options: .init(overwrite: true)) }
        #expect(snapshot(base) == before)
    }

    @Test func aBindMountedOrHardLinkedPathIsRecognisedByInode() throws {
        let directory = try Interop.temporaryDirectory("zarr-copy-inode")
        defer { try? FileManager.default.removeItem(at: directory) }
        // Real paths differ only through the link; the inode comparison must still see one directory.
        try FileManager.default.createDirectory(atPath: directory.path + "/a/store", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: directory.path + "/b", withDestinationPath: directory.path + "/a")
        #expect(StoreOverlap.conflict(source: directory.path + "/a/store", destination: directory.path + "/b/store") != nil)
        #expect(StoreOverlap.conflict(source: directory.path + "/b/store", destination: directory.path + "/a/store/x") != nil)
        #expect(StoreOverlap.conflict(source: directory.path + "/a/store", destination: directory.path + "/a/store2") == nil)
        #expect(StoreOverlap.conflict(source: directory.path + "/a/store", destination: directory.path + "/a/stor") == nil)
    }

    @Test(arguments: [true, false])
    func overwriteReplacesTheWholeStore(atomicExchange: Bool) async throws {
        let directory = try Interop.temporaryDirectory("zarr-copy-overwrite")
        defer { try? FileManager.default.removeItem(at: directory) }
        let source = directory.path + "/src.zarr", target = directory.path + "/dst.zarr"
        try await makeSource(source)
        try await makeSource(target, arrays: ["old/only_here", "b"])
        let storage = try FileSystemStorage(path: source, readOnly: true)
        // Without overwrite an existing store is refused and left as it was.
        let before = snapshot(target)
        await expectRefused { _ = try await ZarrStoreCopy.copy(from: storage, to: target) }
        #expect(snapshot(target) == before)
        let count = try await ZarrStoreCopy.copy(from: storage, to: target, options: .init(overwrite: true), atomicExchange: atomicExchange)
        #expect(count == 2)
        let copied = try FileSystemStorage(path: target, readOnly: true)
        #expect(try copied.get("old/zarr.json") == nil, "the old store's arrays survived the overwrite")
        #expect(!FileManager.default.fileExists(atPath: target + "/old"))
        for name in ["g/a", "b"] {
            let a = try await ZarrArray.open(storage, path: name), b = try await ZarrArray.open(copied, path: name)
            #expect(try await a.readBytes() == b.readBytes(), "\(name)")
        }
        // Nothing is left beside the destination.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == ["dst.zarr", "src.zarr"])
    }

    @Test func aDirectoryThatIsNotAStoreIsNeverReplaced() async throws {
        let directory = try Interop.temporaryDirectory("zarr-copy-notstore")
        defer { try? FileManager.default.removeItem(at: directory) }
        let source = directory.path + "/src.zarr", target = directory.path + "/home"
        try await makeSource(source)
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
        try Data("precious".utf8).write(to: URL(fileURLWithPath: target + "/notes.txt"))
        FileManager.default.createFile(atPath: directory.path + "/file", contents: Data("x".utf8))
        let storage = try FileSystemStorage(path: source, readOnly: true)
        for destination in [target, directory.path + "/file"] {
            await expectRefused { _ = try await ZarrStoreCopy.copy(from: storage, to: destination, options: .init(overwrite: true)) }
        }
        #expect(FileManager.default.contents(atPath: target + "/notes.txt") == Data("precious".utf8))
        // An empty directory is a fine destination.
        try FileManager.default.createDirectory(atPath: directory.path + "/empty", withIntermediateDirectories: true)
        #expect(try await ZarrStoreCopy.copy(from: storage, to: directory.path + "/empty") == 2)
    }

    @Test func aFailedCopyLeavesNoPartialDestinationAndKeepsTheOldStore() async throws {
        let directory = try Interop.temporaryDirectory("zarr-copy-fail")
        defer { try? FileManager.default.removeItem(at: directory) }
        let source = directory.path + "/src.zarr"
        try await makeSource(source)
        // An array sorted after the good ones whose chunk is corrupt: the copy fails half-way.
        let storage = try FileSystemStorage(path: source)
        let broken = try await ZarrArray.create(storage, path: "z", definition: .init(dataType: .int32, shape: [4], chunkShape: [4],
                                                                                        compressors: [.zstd(level: 1, checksum: false)]))
        try await broken.write([Int32](repeating: 5, count: 4))
        try storage.set("z/c/0", [1, 2, 3])
        let fresh = directory.path + "/fresh.zarr"
        let failure = ZarrError.corruptChunk(key: "z/c/0", reason: "not a zstd frame")
        await #expect(throws: failure) { _ = try await ZarrStoreCopy.copy(from: storage, to: fresh) }
        #expect(!FileManager.default.fileExists(atPath: fresh), "a failed copy left a partial destination")
        let kept = directory.path + "/kept.zarr"
        try await makeSource(kept, arrays: ["old"])
        let before = snapshot(kept)
        await #expect(throws: failure) { _ = try await ZarrStoreCopy.copy(from: storage, to: kept, options: .init(overwrite: true)) }
        #expect(snapshot(kept) == before, "a failed overwrite changed the old store")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == ["kept.zarr", "src.zarr"])
    }

    @Test func leftoversOfAnInterruptedCopyAreRemovedAndLiveOnesKept() async throws {
        let directory = try Interop.temporaryDirectory("zarr-copy-leftover")
        defer { try? FileManager.default.removeItem(at: directory) }
        let source = directory.path + "/src.zarr"
        try await makeSource(source)
        // A pid that no longer runs: a finished child's.
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/bin/true")
        try child.run()
        child.waitUntilExit()
        let dead = child.processIdentifier, alive = ProcessInfo.processInfo.processIdentifier
        for name in [".out.zarr.zarr-copy-\(dead)-1", ".out.zarr.zarr-replaced-\(dead)-2", ".out.zarr.zarr-copy-\(alive)-3"] {
            try FileManager.default.createDirectory(atPath: directory.path + "/" + name + "/c", withIntermediateDirectories: true)
        }
        _ = try await ZarrStoreCopy.copy(from: FileSystemStorage(path: source, readOnly: true), to: directory.path + "/out.zarr")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
                == [".out.zarr.zarr-copy-\(alive)-3", "out.zarr", "src.zarr"])
    }

    @Test func aRootArrayAndNestedShardingAreCopied() async throws {
        let directory = try Interop.temporaryDirectory("zarr-copy-shapes")
        defer { try? FileManager.default.removeItem(at: directory) }
        let source = try FileSystemStorage(path: directory.path + "/root-array.zarr", create: true)
        let values = (0..<96).map { Float($0) * 0.5 - 3 }
        let nested = ZarrArrayMetadata(shape: [8, 12], dataType: .float32, chunkShape: [8, 12], fillValue: .float(0), codecs: [
            .sharding(.init(chunkShape: [4, 6], codecs: [.sharding(.init(chunkShape: [2, 3], codecs: [.bytes(endian: .little), .gzip(level: 1)]))])),
        ])
        let array = try await ZarrArray.create(source, path: "", metadata: nested)
        try await array.write(values)
        let target = directory.path + "/copy.zarr"
        #expect(try await ZarrStoreCopy.copy(from: source, to: target) == 1)
        let copied = try await ZarrArray.open(FileSystemStorage(path: target, readOnly: true), path: "")
        #expect(try await copied.read(Float.self) == values)
        // The innermost chunking and compressor are kept, nested sharding becomes one level.
        #expect(copied.metadata.chunkShape == [2, 3] && copied.metadata.innerChunkShape == nil)
        #expect(ZarrStoreCopy.innermostChain(nested.codecs, chunkShape: nested.chunkShape).compressors == [.gzip(level: 1)])
        // A nested-sharded array in a group, re-chunked by options.
        let grouped = try FileSystemStorage(path: directory.path + "/group.zarr", create: true)
        _ = try await ZarrGroup.create(grouped)
        let inner = try await ZarrArray.create(grouped, path: "n", metadata: nested)
        try await inner.write(values)
        let rechunked = directory.path + "/rechunked.zarr"
        _ = try await ZarrStoreCopy.copy(from: grouped, to: rechunked, options: .init(compressors: [.zstd(level: 3, checksum: true)], chunkShape: [4, 4], shardShape: [8, 8]))
        let r = try await ZarrArray.open(FileSystemStorage(path: rechunked, readOnly: true), path: "n")
        #expect(try await r.read(Float.self) == values && r.metadata.innerChunkShape == [4, 4])
    }
}
