import Foundation
import InteropSupport
import Testing

/// The STAC Collection `eocube build` writes beside a cube (and `eocube stac describe` on
/// demand): pystac reads it with its datacube, projection and xarray-assets extensions, its
/// footprint is pyproj's, its Zarr asset opens in xarray as the cube, and it loads into the local
/// stac-fastapi-pgstac, where a collection search finds it.
@Suite(.enabled(if: CubeTestSupport.interopEnabled && CubeTestSupport.eocubeBinary != nil), .serialized)
struct CubeCollectionTests {
    private var api: (url: String, dsn: String)? {
        let environment = ProcessInfo.processInfo.environment
        guard let url = environment["EOCUBE_STAC_API_URL"], let dsn = environment["EOCUBE_PGSTAC_DSN"] else { return nil }
        return (url, dsn)
    }


    @Test func theBuildsCollectionDescribesTheCubeForPystacXarrayAndPgstac() throws {
        let dir = try Interop.temporaryDirectory("cube-collection")
        defer { try? FileManager.default.removeItem(at: dir) }
        // Collections this suite loads into the shared test STAC API are named `cube-sample-*`, which
        // the STAC API tests leave out when they compare the server's collection list.
        let store = dir.appendingPathComponent("cube-sample-collection.zarr")
        let built = try CubeTestSupport.runEOCube(CubeTestSupport.sampleBuildArguments(store: store) + ["--chunk-shape", "256,256", "--shard-shape", "none"])
        #expect(built.status == 0, "\(built.text)")
        let written = store.appendingPathComponent(CubeTestSupport.group + "/collection.json")
        #expect(built.text.contains("STAC Collection of the cube: \(written.path)"))
        var check = ["cube_collection_check.py", written.path]
        if let api { check += ["--api", api.url, "--dsn", api.dsn] }
        let result = try Interop.runPython(check)
        #expect(result.hasPrefix("ok cube-sample-collection-s1sig0-EU VV,VH 3916 15000x15000"), "\(result)")
        // The store is named relative to the Collection, so the pair can move together.
        let json = try String(contentsOf: written, encoding: .utf8)
        #expect(json.contains(#""href": "../../""#) && json.contains(#""rel": "derived_from""#))
        // The bands' unit comes from the catalog (raster:bands), through the arrays' CF `units`.
        #expect(json.components(separatedBy: #""unit": "dB""#).count == 3, "VV and VH in dB")

        // Written elsewhere by `eocube stac describe`, the asset names the store absolutely.
        let elsewhere = dir.appendingPathComponent("described.json")
        let described = try CubeTestSupport.runEOCube(["stac", "describe", store.path, "--group", CubeTestSupport.group, "--output", elsewhere.path, "--id", "my-cube"])
        #expect(described.status == 0, "\(described.text)")
        #expect(try Interop.runPython(["cube_collection_check.py", elsewhere.path]).hasPrefix("ok my-cube "))
        #expect(try String(contentsOf: elsewhere, encoding: .utf8).contains("\"href\": \"\(store.standardizedFileURL.path)\""))

        // A group that is not a cube: a clear error, nothing written.
        let bad = dir.appendingPathComponent("bad.json")
        let refused = try CubeTestSupport.runEOCube(["stac", "describe", store.path, "--group", "s1sig0", "--output", bad.path])
        #expect(refused.status != 0 && refused.text.contains("is it a cube"), "\(refused.text)")
        #expect(!FileManager.default.fileExists(atPath: bad.path))
    }
}
