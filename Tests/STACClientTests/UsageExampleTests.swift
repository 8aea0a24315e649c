import Foundation
import InteropSupport
import Testing
import STACClient

/// The usage example of Docs/STACClient.md, compiled and run on the generated ItemCollection file
/// (so the documented API keeps compiling), compared with a plain Python filter of the same file.
@Suite("Documented usage", .enabled(if: STACTestSupport.interopEnabled))
struct UsageExampleTests {
    @Test func documentedSearchRunsOnAStaticItemCollection() async throws {
        let dir = try Interop.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let location = try STACTestSupport.generatedItemsFile(in: dir)

        // --- as in Docs/STACClient.md ---
        let client = STACClient(configuration: .init(timeout: .seconds(30), headers: ["Authorization": "Bearer …"]))
        var search = STACSearch(collections: ["SENTINEL1_SIG0_20M"])
        search.datetime = try STACDatetimeFilter(parsing: "2021-01-01/2021-03-31")
        search.bbox = [15.0, 47.0, 17.0, 48.5]
        search.query = ["Equi7_TileID": ["eq": "EU020M_E051N015T3"]]
        search.maxItems = 500
        var seen: [String] = []
        for try await item in client.items(at: location, matching: search) {
            let vv = item.assetHref("VV")
            let orbit = item.satRelativeOrbit
            let code = item.projCode
            let tile = item.string("Equi7_TileID")
            #expect(vv != nil && orbit != nil && code == "EPSG:27704" && tile == "EU020M_E051N015T3")
            seen.append(item.id)
        }
        var pageTotal = 0
        for try await page in client.items(at: location, matching: search).pages { pageTotal += page.items.count }
        let all = try await client.items(at: location, matching: search).collect()
        // ---

        let expected = try STACTestSupport.pythonJSON(["-c", """
            import json, sys
            fc = json.load(open(sys.argv[1]))
            def keep(f):
                p, b = f["properties"], f["bbox"]
                return (p["Equi7_TileID"] == "EU020M_E051N015T3" and f["collection"] == "SENTINEL1_SIG0_20M"
                        and p["end_datetime"] >= "2021-01-01T00:00:00Z"
                        and p["start_datetime"] <= "2021-03-31T23:59:59Z"
                        and not (b[2] < 15 or b[0] > 17 or b[3] < 47 or b[1] > 48.5))
            print(json.dumps([f["id"] for f in fc["features"] if keep(f)]))
            """, location])
        #expect(!seen.isEmpty)
        #expect(.array(seen.map(JSONValue.string)) == expected)
        #expect(pageTotal == seen.count)
        #expect(all.map(\.id) == seen)
    }
}
