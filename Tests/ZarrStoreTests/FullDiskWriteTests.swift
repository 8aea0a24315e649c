import Foundation
import InteropSupport
import Testing

@testable import ZarrStore

/// Writes that the file system refuses (full disk, read-only mount) become a typed storage
/// error naming the key and the destination path, and leave no temporary file behind.
///
/// Uses a tiny tmpfs, which needs mount privileges (root in the test environment); the
/// tests are skipped where mounting is not allowed.
@Suite(.serialized, .enabled(if: TinyFileSystem.canMount, "mounting a tmpfs needs root"))
struct FullDiskWriteTests {
    @Test func fullDiskIsAStorageErrorNamingKeyAndPathAndRemovesTheTemporaryFile() throws {
        let disk = try TinyFileSystem(options: "size=64k")
        defer { disk.unmount() }
        let store = try FileSystemStorage(path: disk.path)
        try store.set("a/c/small", [1, 2, 3])
        let destination = disk.path + "/a/c/0"
        #expect {
            try store.set("a/c/0", [UInt8](repeating: 7, count: 512 << 10))
        } throws: { error in
            guard case .storage(let key, let message) = error as? ZarrError else { return false }
            return key == "a/c/0" && message.contains("'\(destination)'") && message.contains("free space")
        }
        // Neither the destination nor a temporary sibling is left, and the store still works.
        #expect(try FileManager.default.contentsOfDirectory(atPath: disk.path + "/a/c") == ["small"])
        #expect(try store.get("a/c/small") == [1, 2, 3])
    }

    @Test func readOnlyMountIsAStorageErrorNamingKeyAndPath() throws {
        let disk = try TinyFileSystem(options: "size=64k,ro")
        defer { disk.unmount() }
        let store = try FileSystemStorage(path: disk.path)
        #expect {
            try store.set("zarr.json", Array("{}".utf8))
        } throws: { error in
            guard case .storage(let key, let message) = error as? ZarrError else { return false }
            return key == "zarr.json" && message.contains("'\(disk.path)/zarr.json'") && message.contains("read-only")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: disk.path).isEmpty)
    }

    @Test func readOnlyMountIsReportedWhenTheKeyNeedsNewDirectories() throws {
        let disk = try TinyFileSystem(options: "size=64k,ro")
        defer { disk.unmount() }
        let store = try FileSystemStorage(path: disk.path)
        #expect {
            try store.set("group/array/c/0/0", [1])
        } throws: { error in
            guard case .storage(let key, let message) = error as? ZarrError else { return false }
            return key == "group/array/c/0/0" && message.contains("'\(disk.path)/group'") && message.contains("read-only")
        }
    }
}

/// A tmpfs mounted on a fresh temporary directory.
struct TinyFileSystem {
    let path: String

    init(options: String) throws {
        path = try Interop.temporaryDirectory("eocube-tinyfs").path
        guard Self.run("/bin/mount", ["-t", "tmpfs", "-o", options, "tmpfs", path]) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
        }
    }

    func unmount() {
        _ = Self.run("/bin/umount", [path])
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Whether this process may mount a tmpfs (tried once).
    static let canMount: Bool = {
        guard let disk = try? TinyFileSystem(options: "size=16k") else { return false }
        disk.unmount()
        return true
    }()

    private static func run(_ executable: String, _ arguments: [String]) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }
}
