import Foundation
import HTTPTransport
import InteropSupport

/// The misbehaving STAC API of Tests/Interop/stac_fault_server.py, started once per test process.
///
/// It stops by itself when this process exits (its standard input closes).
final class FaultServer: Sendable {
    let baseURL: String
    private let process: Process

    private init(baseURL: String, process: Process) {
        self.baseURL = baseURL
        self.process = process
    }

    static let shared: Result<FaultServer, any Error> = Result { try start() }

    static func start() throws -> FaultServer {
        let process = Process()
        process.executableURL = Interop.python
        process.arguments = [Interop.scripts.appendingPathComponent("stac_fault_server.py").path]
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()
        // Keep the write end open for the life of the process: EOF tells the server to stop. Close it
        // on exec so that other children (which might outlive us) do not keep the server alive.
        let keepAlive = stdin.fileHandleForWriting
        _ = fcntl(keepAlive.fileDescriptor, F_SETFD, FD_CLOEXEC)
        _ = Unmanaged.passRetained(keepAlive)
        var line: [UInt8] = []
        let reader = stdout.fileHandleForReading
        while true {
            let byte = reader.readData(ofLength: 1)
            guard let b = byte.first else { throw FaultServerError.noURL }
            if b == 0x0A { break }
            line.append(b)
        }
        return FaultServer(baseURL: String(decoding: line, as: UTF8.self), process: process)
    }

    /// The search URL of `mode`, with a unique key so attempt counters are per test.
    func searchURL(_ mode: String, key: String = UUID().uuidString) -> (url: String, key: String) {
        ("\(baseURL)/\(mode)/search?key=\(key)", key)
    }

    /// The times (seconds since 1970) at which the server saw attempts of `mode`/`key`.
    func attempts(_ mode: String, key: String) throws -> [Double] {
        let response = try HTTPClient(configuration: .init(retry: .disabled)).getBlocking("\(baseURL)/\(mode)/attempts?key=\(key)")
        return try JSONDecoder().decode([Double].self, from: Data(response.body))
    }

    /// The JSON bodies the server received for `mode`/`key` (POST paging).
    func bodies(_ mode: String, key: String) throws -> Data {
        Data(try HTTPClient(configuration: .init(retry: .disabled)).getBlocking("\(baseURL)/\(mode)/bodies?key=\(key)").body)
    }
}

enum FaultServerError: Error { case noURL }
