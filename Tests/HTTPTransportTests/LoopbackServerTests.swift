#if canImport(Glibc)
import Glibc
#endif
import Foundation
import InteropSupport
import Testing

/// The test servers must not keep descriptors of the test process: a pipe they inherited by
/// accident would never reach its end while they run, and whoever reads it would hang.
@Suite struct LoopbackServerTests {
    @Test func aServerKeepsNoDescriptorOfTheTestProcessAndIsGoneWhenReleased() throws {
        // Inheritable, as a pipe another test thread opens at the same moment would be.
        var ends: [CInt] = [0, 0]
        try #require(pipe(&ends) == 0)
        defer { close(ends[0]); close(ends[1]) }
        var info = stat()
        try #require(fstat(ends[1], &info) == 0)
        let ourPipe = "pipe:[\(info.st_ino)]"

        var server: LoopbackServer? = try LoopbackServer.misbehavingHTTPServer()
        let pid = try #require(server?.processIdentifier)
        let descriptors = try FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd")
        let targets = descriptors.compactMap { try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/fd/\($0)") }
        #expect(!targets.isEmpty, "the server's descriptors are readable")
        #expect(!targets.contains(ourPipe), "the server holds this process's pipe: \(targets)")

        server = nil
        #expect(kill(pid, 0) == -1 && errno == ESRCH, "the server was stopped and reaped")
    }
}
