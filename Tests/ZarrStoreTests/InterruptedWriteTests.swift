#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
@testable import ZarrStore

/// Which temporary files of atomic writes `FileSystemStorage.removeInterruptedWrites` deletes:
/// those whose writer is gone, including a killed writer nobody has reaped yet (a zombie),
/// never a live writer's, and never anything else.
@Suite struct InterruptedWriteTests {
    private func name(pid: pid_t) -> String { ".0.\(pid)-12345.tmp" }

    @Test func aLiveWritersFileIsKeptAndADeadOnesIsNot() {
        #expect(!InterruptedWrite.isAbandoned(name(pid: getpid())))
        #expect(InterruptedWrite.isAbandoned(name(pid: 999_999_999 % Int32.max)))
        #expect(InterruptedWrite.isAbandoned(".0.tmp"), "no pid: a leftover of an older naming")
        #expect(!InterruptedWrite.isAbandoned("0"))
        #expect(!InterruptedWrite.isAbandoned(".zattrs"))
    }

    @Test func anUnreapedWriterCountsAsGone() throws {
        var pid: pid_t = 0
        let argv: [UnsafeMutablePointer<CChar>?] = [strdup("/bin/true"), nil]
        defer { argv.forEach { free($0) } }
        try #require(posix_spawn(&pid, "/bin/true", nil, nil, argv, environ) == 0)
        // Not waited for: once it has exited it is a zombie.
        var state: Character?
        for _ in 0..<500 {
            let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
            state = stat.split(separator: ")").last?.trimmingCharacters(in: .whitespaces).first
            if state == "Z" { break }
            usleep(10_000)
        }
        try #require(state == "Z")
        #expect(InterruptedWrite.isAbandoned(name(pid: pid)))
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        #expect(InterruptedWrite.isAbandoned(name(pid: pid)))
    }

    @Test func theStorageRemovesDeadWritersFilesAtOneLevelOrBelow() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("interrupted-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let storage = try FileSystemStorage(path: root, create: true)
        try storage.set("g/a/c/0", [1, 2, 3])
        let dead = name(pid: 999_999_999 % Int32.max), live = name(pid: getpid())
        for directory in ["", "/g", "/g/a/c"] {
            for file in [dead, live] { FileManager.default.createFile(atPath: root + directory + "/" + file, contents: Data([0])) }
        }
        func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: root + "/" + path) }
        #expect(try storage.removeInterruptedWrites(under: "g", recursive: false) == 1)
        #expect(!exists("g/" + dead) && exists("g/a/c/" + dead) && exists(dead))
        #expect(try storage.removeInterruptedWrites() == 2)
        #expect(!exists(dead) && !exists("g/a/c/" + dead))
        #expect(exists(live) && exists("g/" + live) && exists("g/a/c/" + live) && exists("g/a/c/0"))
        let readOnly = try FileSystemStorage(path: root, readOnly: true)
        #expect(throws: ZarrError.self) { try readOnly.removeInterruptedWrites() }
    }
}
