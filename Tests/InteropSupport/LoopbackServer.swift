import Foundation

/// A server process started for a test on 127.0.0.1, stopped when the value is released.
///
/// The process must print the port it listens on as its first line of output.
public final class LoopbackServer: @unchecked Sendable {
    /// The base URL, e.g. `http://127.0.0.1:40123`.
    public let baseURL: String
    private let process: Process

    /// Starts `executable arguments…` and waits for its port line.
    public init(executable: URL, arguments: [String]) throws {
        process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = Data()
        let handle = out.fileHandleForReading
        while true {
            let byte = handle.readData(ofLength: 1)
            if byte.isEmpty || byte == Data("\n".utf8) { break }
            line.append(byte)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespaces)) else {
            process.terminate()
            throw Interop.PythonFailure(status: -1, stderr: "server \(arguments) printed no port")
        }
        baseURL = "http://127.0.0.1:\(port)"
    }

    /// Starts `Tests/Interop/http_test_server.py` (standard-library Python, no venv needed).
    public static func misbehavingHTTPServer() throws -> LoopbackServer {
        try LoopbackServer(
            executable: URL(fileURLWithPath: "/usr/bin/python3"),
            arguments: [Interop.scripts.appendingPathComponent("http_test_server.py").path]
        )
    }

    deinit {
        // Foundation's Process reaps the child itself; waiting here can deadlock its run loop on Linux.
        kill(process.processIdentifier, SIGKILL)
    }
}
