#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A server process started for a test on 127.0.0.1, stopped when the value is released.
///
/// The process must print the port it listens on (or its base URL) as its first line of output.
///
/// It starts without any descriptor of this process but its standard input and output. That is
/// why it is not a Foundation `Process`: tests start children from many threads at once, and a
/// `Process` child inherits whatever descriptor another thread opened while it was being spawned
/// (about 1 % of spawns under load). A short-lived child only delays whoever waits for such a
/// descriptor to close; a server that lives as long as the test process would make that wait,
/// a `waitUntilExit()` or a read to the end of a pipe, last forever.
public final class LoopbackServer: @unchecked Sendable {
    /// The base URL, e.g. `http://127.0.0.1:40123`.
    public let baseURL: String
    /// The server's process id.
    public let processIdentifier: pid_t
    /// The write end of the server's standard input: servers that watch it stop when it closes,
    /// which happens at the latest when this process exits.
    private let input: CInt

    /// A server that could not be started or printed no port.
    public struct StartFailure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Starts `executable arguments…` and waits for its port line.
    public init(executable: URL, arguments: [String]) throws {
        let stdin = try Self.pipe(), stdout = try Self.pipe()
        // The child closes every inherited descriptor but 0-2 and then execs the server.
        let launcher = ["/usr/bin/python3", "-c",
                        "import os, sys; os.closerange(3, os.sysconf('SC_OPEN_MAX')); os.execv(sys.argv[1], sys.argv[1:])",
                        executable.path] + arguments
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdin.read, 0)
        posix_spawn_file_actions_adddup2(&actions, stdout.write, 1)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = launcher.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, launcher[0], &actions, nil, argv, environ)
        close(stdin.read)
        close(stdout.write)
        guard status == 0 else {
            close(stdin.write); close(stdout.read)
            throw StartFailure(description: "cannot start \(executable.path): \(String(cString: strerror(status)))")
        }
        processIdentifier = pid
        self.input = stdin.write
        var line: [UInt8] = []
        var byte: UInt8 = 0
        while read(stdout.read, &byte, 1) == 1, byte != UInt8(ascii: "\n") { line.append(byte) }
        // The servers print nothing more; a later write fails harmlessly (EPIPE).
        close(stdout.read)
        let printed = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespaces)
        if let port = Int(printed) {
            baseURL = "http://127.0.0.1:\(port)"
        } else if printed.hasPrefix("http://127.0.0.1:") {
            baseURL = printed
        } else {
            Self.stop(pid: pid, input: stdin.write)
            throw StartFailure(description: "server \(arguments) printed no port, but \"\(printed)\"")
        }
    }

    /// Starts `Tests/Interop/http_test_server.py` (standard-library Python, no venv needed).
    public static func misbehavingHTTPServer() throws -> LoopbackServer {
        try LoopbackServer(
            executable: URL(fileURLWithPath: "/usr/bin/python3"),
            arguments: [Interop.scripts.appendingPathComponent("http_test_server.py").path]
        )
    }

    deinit {
        Self.stop(pid: processIdentifier, input: input)
    }

    private static func stop(pid: pid_t, input: CInt) {
        kill(pid, SIGKILL)
        var status: CInt = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        close(input)
    }

    /// A pipe whose ends close on exec, so other children of this process do not inherit them
    /// (but one spawned in the instant before the flags are set; Glibc's `pipe2` is not imported).
    private static func pipe() throws -> (read: CInt, write: CInt) {
        var ends: [CInt] = [0, 0]
        guard Glibc.pipe(&ends) == 0 else {
            throw StartFailure(description: "pipe: \(String(cString: strerror(errno)))")
        }
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        return (ends[0], ends[1])
    }
}
