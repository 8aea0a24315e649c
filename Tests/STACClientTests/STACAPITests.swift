import Foundation
import InteropSupport
import Testing
@testable import STACClient

/// Searches against the local stac-fastapi-pgstac server must return exactly what pystac-client
/// returns for the same search (ids in order).
@Suite("STAC API against stac-fastapi-pgstac", .enabled(if: STACTestSupport.apiEnabled))
struct STACAPITests {
    static let collection = "SENTINEL1_SIG0_20M"

    /// A named search, as pystac-client keyword arguments and as a ``STACSearch``.
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let pystac: JSONValue
        let search: STACSearch
        var testDescription: String { name }
    }

    static var cases: [Case] {
        let c: JSONValue = [.string(collection)]
        let tile: JSONValue = ["Equi7_TileID": ["eq": "EU020M_E051N015T3"]]
        let polygon: JSONValue = ["type": "Polygon", "coordinates": [[[12.0, 45.0], [14.5, 45.0], [14.5, 47.0], [12.0, 47.0], [12.0, 45.0]]]]
        let cql2JSON: JSONValue = ["op": "and", "args": [
            ["op": "=", "args": [["property": "sat:relative_orbit"], 95]],
            ["op": "in", "args": [["property": "Equi7_TileID"], ["EU020M_E048N012T3", "EU020M_E054N018T3"]]],
        ]]
        var out: [Case] = [
            // stac-fastapi takes cql2-text in GET requests only (POST bodies must be cql2-json).
            Case(name: "GET cql2-text filter, sorted by orbit then id descending",
                 pystac: ["method": "GET", "collections": c,
                          "filter": "\"sat:orbit_state\" = 'ascending' AND \"sat:absolute_orbit\" > 36500",
                          "filter_lang": "cql2-text", "sortby": ["+properties.sat:relative_orbit", "-id"], "limit": 9],
                 search: STACSearch(collections: [collection], limit: 9,
                                    filter: .cql2Text("\"sat:orbit_state\" = 'ascending' AND \"sat:absolute_orbit\" > 36500"),
                                    sortBy: [.init("properties.sat:relative_orbit"), .init("id", .descending)], method: .get)),
        ]
        for method in [STACSearch.Method.post, .get] {
            let m = JSONValue.string(method.rawValue)
            out += [
                Case(name: "\(method.rawValue) whole collection, pages of 50",
                     pystac: ["method": m, "collections": c, "limit": 50],
                     search: STACSearch(collections: [collection], limit: 50, method: method)),
                Case(name: "\(method.rawValue) query extension, pages of 7",
                     pystac: ["method": m, "collections": c, "query": tile, "limit": 7],
                     search: STACSearch(collections: [collection], limit: 7, query: tile.objectValue, method: method)),
                Case(name: "\(method.rawValue) closed datetime interval and bbox",
                     pystac: ["method": m, "collections": c, "datetime": "2021-02-01T00:00:00Z/2021-03-15T12:00:00Z",
                              "bbox": [11.0, 45.0, 15.0, 47.5], "limit": 20],
                     search: STACSearch(collections: [collection], bbox: [11, 45, 15, 47.5],
                                        datetime: try! .init(parsing: "2021-02-01T00:00:00Z/2021-03-15T12:00:00Z"), limit: 20, method: method)),
                Case(name: "\(method.rawValue) open-ended datetime, max items 33",
                     pystac: ["method": m, "collections": c, "datetime": "2021-05-20T00:00:00Z/..", "limit": 10, "max_items": 33],
                     search: STACSearch(collections: [collection], datetime: try! .init(parsing: "2021-05-20T00:00:00Z/.."),
                                        limit: 10, maxItems: 33, method: method)),
                Case(name: "\(method.rawValue) open-start datetime",
                     pystac: ["method": m, "collections": c, "datetime": "../2021-01-10T00:00:00Z", "limit": 25],
                     search: STACSearch(collections: [collection], datetime: try! .init(parsing: "../2021-01-10T00:00:00Z"),
                                        limit: 25, method: method)),
                Case(name: "\(method.rawValue) instant datetime",
                     pystac: ["method": m, "collections": c, "datetime": "2021-01-01T05:12:00Z"],
                     search: STACSearch(collections: [collection], datetime: try! .init(parsing: "2021-01-01T05:12:00Z"), method: method)),
                Case(name: "\(method.rawValue) month datetime",
                     pystac: ["method": m, "collections": c, "datetime": "2021-03", "limit": 30],
                     search: STACSearch(collections: [collection], datetime: try! .init(parsing: "2021-03"), limit: 30, method: method)),
                Case(name: "\(method.rawValue) cql2-json filter sorted by datetime ascending",
                     pystac: ["method": m, "collections": c, "filter": cql2JSON, "filter_lang": "cql2-json",
                              "sortby": ["+properties.datetime"], "limit": 4],
                     search: STACSearch(collections: [collection], limit: 4, filter: .cql2JSON(cql2JSON),
                                        sortBy: [.init("properties.datetime", .ascending)], method: method)),
                Case(name: "\(method.rawValue) intersects polygon",
                     pystac: ["method": m, "collections": c, "intersects": polygon, "datetime": "2021-01", "limit": 15],
                     search: STACSearch(collections: [collection], intersects: polygon, datetime: try! .init(parsing: "2021-01"),
                                        limit: 15, method: method)),
                Case(name: "\(method.rawValue) fields include id only",
                     pystac: ["method": m, "collections": c, "fields": ["id", "-geometry", "-assets"], "limit": 40, "max_items": 90],
                     search: STACSearch(collections: [collection], limit: 40,
                                        fields: .init(include: ["id"], exclude: ["geometry", "assets"]), maxItems: 90, method: method)),
            ]
        }
        return out
    }

    @Test(arguments: cases)
    func searchReturnsWhatPystacClientReturns(_ c: Case) async throws {
        let url = try STACTestSupport.requireAPI()
        let expected = try STACTestSupport.pystacClientIDs(url, c.pystac)
        let ours = try await STACClient().search(url, c.search).collect().map(\.id)
        #expect(!expected.isEmpty, "the search matches nothing; the test data or the case is wrong")
        #expect(ours == expected)
    }

    @Test func idsSearchReturnsTheItemsAsked() async throws {
        let url = try STACTestSupport.requireAPI()
        let all = try await STACClient().search(url, STACSearch(collections: [Self.collection], limit: 100, maxItems: 40)).collect()
        let wanted = stride(from: 0, to: all.count, by: 9).map { all[$0].id }
        let expected = try STACTestSupport.pystacClientIDs(url, ["collections": [.string(Self.collection)], "ids": .array(wanted.map(JSONValue.string))])
        let ours = try await STACClient().search(url, STACSearch(collections: [Self.collection], ids: wanted)).collect().map(\.id)
        #expect(ours == expected)
        #expect(Set(ours) == Set(wanted))
    }

    @Test func pagesMatchPystacClientPages() async throws {
        let url = try STACTestSupport.requireAPI()
        var spec: JSONObject = ["collections": [.string(Self.collection)], "limit": 60, "max_items": 250, "pages": true]
        let expected = try STACTestSupport.pythonJSON(["stac_pystac_search.py", url, JSONValue.object(spec).jsonString()])
        spec["pages"] = nil
        var ours: [JSONValue] = []
        for try await page in STACClient().search(url, STACSearch(collections: [Self.collection], limit: 60, maxItems: 250)).pages {
            ours.append(.array(page.items.map { .string($0.id) }))
            #expect(page.numberMatched == nil || page.numberMatched == 540)
        }
        #expect(JSONValue.array(ours) == expected)
        #expect(ours.count == 5)
    }

    @Test func itemsCarryTheTypedPropertiesTheServerStores() async throws {
        let url = try STACTestSupport.requireAPI()
        let tile: JSONValue = ["Equi7_TileID": ["eq": "EU020M_E051N015T3"]]
        let items = try await STACClient().search(url, STACSearch(collections: [Self.collection], query: tile.objectValue)).collect()
        #expect(items.count == 60)
        let described = try STACTestSupport.pythonJSON(["-c", """
            import json, sys
            from pystac_client import Client
            from pystac.extensions.sat import SatExtension
            from pystac.extensions.projection import ProjectionExtension
            items = Client.open(sys.argv[1]).search(collections=[sys.argv[2]], query=json.loads(sys.argv[3])).items()
            print(json.dumps({i.id: {"datetime": i.datetime.timestamp(), "abs": SatExtension.ext(i).absolute_orbit,
                "rel": SatExtension.ext(i).relative_orbit, "code": ProjectionExtension.ext(i).code,
                "VV": i.assets["VV"].get_absolute_href(), "VH": i.assets["VH"].get_absolute_href() if "VH" in i.assets else None}
                for i in items}))
            """, url, Self.collection, tile.jsonString()])
        for item in items {
            let mine: JSONValue = [
                "datetime": item.datetime.map { .double($0.timeIntervalSince1970) } ?? .null,
                "abs": item.satAbsoluteOrbit.map { .int(Int64($0)) } ?? .null,
                "rel": item.satRelativeOrbit.map { .int(Int64($0)) } ?? .null,
                "code": item.projCode.map(JSONValue.string) ?? .null,
                "VV": item.assetHref("VV").map(JSONValue.string) ?? .null,
                "VH": item.assetHref("VH").map(JSONValue.string) ?? .null,
            ]
            #expect(described[item.id] == mine, "item \(item.id)")
        }
    }

    @Test func landingPageConformanceAndCollectionsMatchPystacClient() async throws {
        let url = try STACTestSupport.requireAPI()
        let client = STACClient()
        let expected = try STACTestSupport.pythonJSON(["-c", """
            import json, sys
            from pystac_client import Client
            c = Client.open(sys.argv[1])
            print(json.dumps({"id": c.id, "conformsTo": sorted(c.to_dict().get("conformsTo", [])),
                              "collections": sorted(x.id for x in c.get_collections()),
                              "item": c.get_collection(sys.argv[2]).get_item(sys.argv[3]).to_dict()["properties"]}))
            """, url, Self.collection, "SIG0_20210101T051200__VV_VH_D022_E048N012T3_EU020M_V1M1R1_S1AIWGRDH_TUWIEN"])
        let landing = try await client.landingPage(url)
        #expect(.string(landing.id) == expected["id"])
        let conformance = try await client.conformance(url)
        #expect(.array(conformance.sorted().map(JSONValue.string)) == expected["conformsTo"])
        #expect(conformance.contains { $0.contains("item-search") })
        let collections = try await client.collections(url)
        // RemoteBuildTests publishes (and may be publishing right now) its own `cube-sample-*` collections on
        // the same server, so those are left out of the comparison on both sides.
        func stable(_ ids: [String]) -> JSONValue { .array(ids.filter { !$0.hasPrefix("cube-sample-") }.sorted().map(JSONValue.string)) }
        #expect(stable(collections.map(\.id)) == stable(expected["collections"]?.stringArray ?? []))
        let collection = try await client.collection(Self.collection, at: url)
        #expect(collection.id == Self.collection)
        #expect(collection.spatialExtent.first?.count == 4)
        let item = try await client.item("SIG0_20210101T051200__VV_VH_D022_E048N012T3_EU020M_V1M1R1_S1AIWGRDH_TUWIEN",
                                         in: Self.collection, at: url)
        #expect(.object(item.properties) == expected["item"])
    }

    @Test func missingItemIsA404NamingTheURL() async throws {
        let url = try STACTestSupport.requireAPI()
        do {
            _ = try await STACClient().item("no-such-item", in: Self.collection, at: url)
            Issue.record("expected an error")
        } catch {
            guard case .status(let failedURL, 404, _) = error else { Issue.record("unexpected \(error)"); return }
            #expect(failedURL.contains("no-such-item"))
        }
    }

    /// The same search evaluated locally on the generated ItemCollection file gives the API's items.
    @Test(arguments: [
        STACSearch(collections: [collection], query: ["Equi7_TileID": ["eq": "EU020M_E051N015T3"]]),
        STACSearch(collections: [collection], bbox: [11, 45, 15, 47.5], datetime: try! .init(parsing: "2021-02-01/2021-03-15")),
        STACSearch(collections: [collection], datetime: try! .init(parsing: "2021-05-20T00:00:00Z/..")),
        // stac-fastapi's query extension offers eq, ne/neq, lt, lte, gt, gte.
        STACSearch(collections: [collection], query: ["sat:relative_orbit": ["lte": 95], "sat:absolute_orbit": ["gte": 36000, "lt": 36800]]),
        STACSearch(collections: [collection], query: ["Equi7_TileID": ["gt": "EU020M_E051N015T3"], "sat:orbit_state": ["neq": "ascending"]]),
    ])
    func staticSearchMatchesTheAPI(_ search: STACSearch) async throws {
        let url = try STACTestSupport.requireAPI()
        let dir = try Interop.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = try STACTestSupport.generatedItemsFile(in: dir)
        var api = search
        api.limit = 100
        let expected = try await STACClient().search(url, api).collect().map(\.id)
        let ours = try await STACClient().items(at: file, matching: search).collect().map(\.id)
        #expect(!expected.isEmpty)
        #expect(Set(ours) == Set(expected))
        #expect(ours.count == expected.count)
    }
}
