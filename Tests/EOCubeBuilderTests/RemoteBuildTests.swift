import EOCubeBuilder
import Foundation
import InteropSupport
import STACClient
import Testing

/// The sample scene served for real: items in the pgSTAC-backed STAC API
/// (Tests/Interop/services/pgstac.sh), COGs over HTTP range requests from nginx
/// (Tests/Interop/services/nginx.sh). The remote build must equal the Python reference.
@Suite(.enabled(if: CubeTestSupport.interopEnabled
    && ProcessInfo.processInfo.environment["EOCUBE_STAC_API_URL"] != nil
    && ProcessInfo.processInfo.environment["EOCUBE_HTTP_ROOT"] != nil
    && ProcessInfo.processInfo.environment["EOCUBE_PGSTAC_DSN"] != nil))
struct RemoteBuildTests {
    @Test func buildFromTheSTACAPIWithAssetsOverHTTPMatchesTheReference() async throws {
        let environment = ProcessInfo.processInfo.environment
        let api = try #require(environment["EOCUBE_STAC_API_URL"])
        let httpRoot = URL(fileURLWithPath: try #require(environment["EOCUBE_HTTP_ROOT"]))
        let httpURL = try #require(environment["EOCUBE_HTTP_URL"])
        let collection = "cube-sample-\(UUID().uuidString.prefix(8).lowercased())"
        let dir = try Interop.temporaryDirectory("cube-remote")
        defer { try? FileManager.default.removeItem(at: dir) }

        // Publish the COGs on nginx and the items (absolute HTTP hrefs) in pgSTAC.
        let sample = Interop.packageRoot.appendingPathComponent("Examples/sample-scene")
        let served = httpRoot.appendingPathComponent(collection)
        try FileManager.default.createDirectory(at: served, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: served) }
        for name in try FileManager.default.contentsOfDirectory(atPath: sample.path) where name.hasSuffix(".tif") {
            try FileManager.default.copyItem(at: sample.appendingPathComponent(name), to: served.appendingPathComponent(name))
        }
        try Interop.runPython(["-c", """
            import json, sys
            items_path, out_dir, collection, base = sys.argv[1:5]
            doc = json.load(open(items_path))
            for item in doc["features"]:
                item["collection"] = collection
                for asset in item["assets"].values():
                    asset["href"] = base + "/" + collection + "/" + asset["href"].lstrip("./")
            json.dump(doc, open(out_dir + "/items.json", "w"))
            json.dump({"type": "Collection", "stac_version": "1.1.0", "id": collection, "description": "EOCube sample scene",
                       "license": "CC-BY-4.0", "links": [],
                       "extent": {"spatial": {"bbox": [[-180, -90, 180, 90]]},
                                  "temporal": {"interval": [["2025-06-01T00:00:00Z", "2025-07-01T00:00:00Z"]]}}},
                      open(out_dir + "/collection.json", "w"))
            """, sample.appendingPathComponent("items.json").path, dir.path, collection, httpURL])
        try Interop.runPython(["stac_load.py", dir.appendingPathComponent("collection.json").path, dir.appendingPathComponent("items.json").path])

        // The real command, as a user runs it (search the API, read COGs over HTTP ranges).
        let binary = try #require(CubeTestSupport.eocubeBinary)
        let store = dir.appendingPathComponent("remote.zarr")
        let process = Process()
        process.executableURL = binary
        process.arguments = ["build", "--stac", api, "--collection", collection, "--tile", CubeTestSupport.tile,
                             "--datetime", "2025-06-01/2025-07-30", "--store", store.path, "--group", CubeTestSupport.group,
                             "--chunk-shape", "256,256", "--shard-shape", "none"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(printed.contains("ingested 6 item(s) into 4 day slot(s)"), "\(printed)")
        // The assets were read with range requests.
        if AccessLog.path != nil {
            let lines = AccessLog.settledText().split(separator: "\n").filter { $0.contains(collection) }
            #expect(!lines.isEmpty && lines.allSatisfy { $0.contains(" 206 ") })
        }

        let reference = dir.appendingPathComponent("reference.zarr")
        try CubeTestSupport.reference(store: reference)
        #expect(CubeTestSupport.compare(store, reference) == "identical")

        // The same through the library in this process: STAC search, remote COG reads and
        // Zarr writes sharing one address space, as an application embedding EOCube does.
        let inProcess = dir.appendingPathComponent("in-process.zarr")
        var search = STACSearch(collections: [collection])
        search.datetime = try STACDatetimeFilter(parsing: "2025-06-01/2025-07-30")
        let items = try await CubeItemSearch(source: api, search: search).items()
        #expect(items.count == 6)
        let builder = CubeBuilder(definition: try CubeTestSupport.definition(), storePath: inProcess.path,
                                  options: BuildOptions())
        _ = try await builder.build(items: items)
        #expect(CubeTestSupport.compare(inProcess, reference) == "identical")
    }
}
