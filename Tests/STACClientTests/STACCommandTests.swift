import Foundation
import InteropSupport
import Testing
import STACClient

/// `eocube stac search` run as a process, compared with pystac-client.
@Suite("eocube stac search", .enabled(if: STACTestSupport.apiEnabled))
struct STACCommandTests {
    /// The `eocube` executable built beside the test bundle.
    static var executable: URL? {
        let dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [dir, dir.deletingLastPathComponent()] {
            let url = candidate.appendingPathComponent("eocube")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return nil
    }

    static func run(_ arguments: [String]) throws -> (status: Int32, stdout: [UInt8], stderr: String) {
        let process = Process()
        guard let executable else {
            Issue.record("the eocube executable is not built beside the tests; run `swift build --build-tests`")
            throw CancellationError()
        }
        process.executableURL = executable
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        nonisolated(unsafe) var errData = Data()
        let reader = Thread { errData = err.fileHandleForReading.readDataToEndOfFile() }
        reader.start()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !reader.isFinished { usleep(1000) }
        return (process.terminationStatus, Array(outData), String(decoding: errData, as: UTF8.self))
    }

    @Test func searchPrintsTheItemCollectionPystacClientFinds() throws {
        let url = try STACTestSupport.requireAPI()
        let query = #"{"Equi7_TileID": {"eq": "EU020M_E051N015T3"}}"#
        let expected = try STACTestSupport.pystacClientIDs(url, ["collections": ["SENTINEL1_SIG0_20M"], "query": try JSONValue(parsing: query),
                                                                 "datetime": "2021-02-01T00:00:00Z/2021-04-30T23:59:59Z", "max_items": 17, "limit": 5])
        let result = try Self.run(["stac", "search", url, "--collection", "SENTINEL1_SIG0_20M", "--query", query,
                                   "--datetime", "2021-02/2021-04", "--max-items", "17", "--limit", "5"])
        #expect(result.status == 0, "\(result.stderr)")
        let ic = try STACItemCollection(jsonBytes: result.stdout, source: "stdout")
        #expect(ic.features.map(\.id) == expected)
        #expect(expected.count == 17)
    }

    @Test func linesPrintsOneItemPerLine() throws {
        let url = try STACTestSupport.requireAPI()
        let expected = try STACTestSupport.pystacClientIDs(url, ["method": "GET", "collections": ["SENTINEL1_SIG0_20M"],
                                                                 "filter": "\"sat:relative_orbit\" = 22", "filter_lang": "cql2-text",
                                                                 "sortby": ["-properties.datetime"], "max_items": 12])
        let result = try Self.run(["stac", "search", url, "--collection", "SENTINEL1_SIG0_20M", "--filter", "\"sat:relative_orbit\" = 22",
                                   "--sortby=-properties.datetime", "--max-items", "12", "--method", "get", "--lines"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: 0x0A)
        let ids = try lines.map { try STACItem(jsonBytes: Array($0)).id }
        #expect(ids == expected)
    }

    @Test func badArgumentsFailWithAMessage() throws {
        let result = try Self.run(["stac", "search", "http://127.0.0.1:9", "--bbox", "1,2,3"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("--bbox"))
    }
}
