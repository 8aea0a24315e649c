import Foundation
import InteropSupport
import STACClient
import Testing

/// Shared switches and helpers of the STACClient tests.
enum STACTestSupport {
    /// Interop runs are required under scripts/test.sh.
    static var interopRequired: Bool { ProcessInfo.processInfo.environment["EOCUBE_REQUIRE_INTEROP"] != nil }

    /// Whether tests that run Python peers can run (or must, under scripts/test.sh).
    static var interopEnabled: Bool { Interop.isAvailable || interopRequired }

    /// The local stac-fastapi-pgstac server started by Tests/Interop/services/pgstac.sh.
    static var apiURL: String? { ProcessInfo.processInfo.environment["EOCUBE_STAC_API_URL"] }

    /// Whether the API tests can run (or must).
    static var apiEnabled: Bool { (apiURL != nil && Interop.isAvailable) || interopRequired }

    /// The API URL, or a failure explaining how to start the server.
    static func requireAPI() throws -> String {
        guard let url = apiURL else {
            Issue.record("EOCUBE_STAC_API_URL is not set: source Tests/Interop/services/pgstac.sh (scripts/test.sh does)")
            throw CancellationError()
        }
        return url
    }

    /// Runs a Python helper and decodes its JSON output.
    static func pythonJSON(_ arguments: [String]) throws -> JSONValue {
        let out = try Interop.runPython(arguments)
        return try JSONValue(parsing: out)
    }

    /// Item ids pystac-client returns for `spec` (pystac-client `search()` keyword arguments).
    static func pystacClientIDs(_ url: String, _ spec: JSONValue) throws -> [String] {
        let out = try pythonJSON(["stac_pystac_search.py", url, spec.jsonString()])
        return out.stringArray ?? []
    }

    /// Writes the generated SIG0 items (the same the API serves) and returns the ItemCollection path.
    static func generatedItemsFile(in directory: URL) throws -> String {
        try Interop.runPython(["stac/make_sig0_items.py", directory.path])
        return directory.appendingPathComponent("SENTINEL1_SIG0_20M.items.json").path
    }
}
