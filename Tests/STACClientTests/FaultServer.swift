import Foundation
import HTTPTransport
import InteropSupport

/// The misbehaving STAC API of Tests/Interop/stac_fault_server.py, started once per test process.
///
/// It stops by itself when this process exits (its standard input closes).
final class FaultServer: Sendable {
    let baseURL: String
    private let server: LoopbackServer

    private init(server: LoopbackServer) {
        self.server = server
        self.baseURL = server.baseURL
    }

    static let shared: Result<FaultServer, any Error> = Result {
        FaultServer(server: try LoopbackServer(executable: Interop.python,
                                               arguments: [Interop.scripts.appendingPathComponent("stac_fault_server.py").path]))
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
