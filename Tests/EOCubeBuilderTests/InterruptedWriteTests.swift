#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
@testable import EOCubeBuilder

/// Which temporary files of atomic writes a resumed build deletes: those whose writer is gone,
/// including a killed writer nobody has reaped yet (a zombie), never a live writer's.
@Suite struct InterruptedWriteTests {
    private func name(pid: pid_t) -> String { ".0.\(pid)-12345.tmp" }

    @Test func aLiveWritersFileIsKeptAndADeadOnesIsNot() {
        #expect(!CubeStore.isInterruptedWrite(name(pid: getpid())))
        #expect(CubeStore.isInterruptedWrite(name(pid: 999_999_999 % Int32.max)))
        #expect(CubeStore.isInterruptedWrite(".0.tmp"), "no pid: a leftover of an older naming")
        #expect(!CubeStore.isInterruptedWrite("0"))
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
        #expect(CubeStore.isInterruptedWrite(name(pid: pid)))
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        #expect(CubeStore.isInterruptedWrite(name(pid: pid)))
    }
}
