#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
#if os(Linux)
import Foundation
#endif

/// Whether processes run: how a cleanup tells a dead writer's leftovers from a live one's work.
package enum ProcessStatus {
    /// This process's id.
    package static var currentID: Int32 { Int32(getpid()) }

    /// Whether the process `pid` still runs: it exists and, on Linux, is not a zombie (a killed
    /// writer stays one until its parent reaps it, which in a container without an init process
    /// can take long).
    package static func isRunning(_ pid: Int32) -> Bool {
        guard pid > 0 else { return false }
        // kill(pid, 0) fails with ESRCH only when no such process exists (EPERM: it runs as another user).
        if kill(pid_t(pid), 0) != 0 { return errno != ESRCH }
        return !isZombie(pid)
    }

    private static func isZombie(_ pid: Int32) -> Bool {
        #if os(Linux)
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        // "pid (comm) S ...": the state follows the command name, which may itself hold ") ".
        return stat[close...].dropFirst().drop(while: { $0 == " " }).first == "Z"
        #else
        return false  // macOS has no /proc; a zombie there counts as running until reaped.
        #endif
    }
}
