import Foundation
import InteropSupport
import Testing
@testable import STACClient

@Suite("Static catalogs", .enabled(if: STACTestSupport.interopEnabled))
struct StaticCatalogTests {
    /// A catalog written by pystac, and pystac's reading of its items.
    static func makeCatalog() throws -> (dir: URL, expected: JSONValue) {
        let dir = try Interop.temporaryDirectory("eocube-stac-static")
        let expected = try STACTestSupport.pythonJSON(["stac_make_static_catalog.py", dir.path])
        return (dir, expected)
    }

    /// What pystac says about an item, in the same shape as `describe` in stac_make_static_catalog.py.
    static func describe(_ item: STACItem) -> JSONValue {
        [
            "id": .string(item.id),
            "collection": item.collection.map(JSONValue.string) ?? .null,
            "datetime": item.datetime.map { .double($0.timeIntervalSince1970) } ?? .null,
            "absolute_orbit": item.satAbsoluteOrbit.map { .int(Int64($0)) } ?? .null,
            "relative_orbit": item.satRelativeOrbit.map { .int(Int64($0)) } ?? .null,
            "orbit_state": item.satOrbitState.map(JSONValue.string) ?? .null,
            "polarizations": item.sarPolarizations.map { .array($0.map(JSONValue.string)) } ?? .null,
            "proj_code": item.projCode.map(JSONValue.string) ?? .null,
            "proj_shape": item.projShape.map { .array($0.map { .int(Int64($0)) }) } ?? .null,
            "proj_transform": item.projTransform.map { .array($0.map { .double($0) }) } ?? .null,
            "tile": item.string("Equi7_TileID").map(JSONValue.string) ?? .null,
            "assets": .object(JSONObject(uniqueKeysWithValues: item.absoluteAssetHrefs.mapValues(JSONValue.string).sorted { $0.key < $1.key })),
        ]
    }

    static func byID(_ list: [JSONValue]) -> [String: JSONValue] {
        Dictionary(list.map { ($0["id"]?.stringValue ?? "", $0) }, uniquingKeysWith: { a, _ in a })
    }

    @Test func walkingACatalogFindsTheItemsPystacFinds() async throws {
        let (dir, expected) = try Self.makeCatalog()
        defer { try? FileManager.default.removeItem(at: dir) }
        let items = try await STACClient().items(at: dir.appendingPathComponent("catalog.json").path).collect()
        let ours = Self.byID(items.map(Self.describe))
        let theirs = Self.byID(expected["items"]?.arrayValue ?? [])
        #expect(theirs.count == 48)
        #expect(ours.count == items.count, "duplicate items")
        #expect(Set(ours.keys) == Set(theirs.keys))
        for (id, value) in theirs {
            #expect(ours[id] == value, "item \(id)")
        }
    }

    @Test func itemCollectionFilesResolveHrefsAgainstTheFile() async throws {
        let (dir, expected) = try Self.makeCatalog()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("ic/itemcollection.json").path
        let items = try await STACClient().items(at: path).collect()
        let theirs = expected["itemcollection"]?.arrayValue ?? []
        #expect(items.map(\.id) == theirs.map { $0["id"]?.stringValue ?? "" })
        for (item, value) in zip(items, theirs) {
            #expect(.object(JSONObject(uniqueKeysWithValues: item.absoluteAssetHrefs.mapValues(JSONValue.string).sorted { $0.key < $1.key })) == value["assets"], "item \(item.id)")
        }
    }

    @Test func readingSingleDocumentsGivesTheirKind() async throws {
        let (dir, _) = try Self.makeCatalog()
        defer { try? FileManager.default.removeItem(at: dir) }
        let client = STACClient()
        guard case .catalog(let catalog) = try await client.read(dir.appendingPathComponent("catalog.json").path) else {
            Issue.record("catalog.json is not read as a catalog"); return
        }
        #expect(catalog.links.all(rel: "child").count == 2)
        let collectionPath = dir.appendingPathComponent("SIG0_ASCENDING/collection.json").path
        guard case .collection(let collection) = try await client.read(collectionPath) else {
            Issue.record("collection.json is not read as a collection"); return
        }
        #expect(collection.id == "SIG0_ASCENDING")
        let items = try await client.items(at: collectionPath).collect()
        #expect(!items.isEmpty && items.allSatisfy { $0.satOrbitState == "ascending" && $0.collection == "SIG0_ASCENDING" })
    }

    @Test func collectionsFilterSkipsOtherCollections() async throws {
        let (dir, expected) = try Self.makeCatalog()
        defer { try? FileManager.default.removeItem(at: dir) }
        let items = try await STACClient().items(at: dir.appendingPathComponent("catalog.json").path,
                                                 matching: STACSearch(collections: ["SIG0_DESCENDING"], maxItems: 1000)).collect()
        let theirs = (expected["items"]?.arrayValue ?? []).filter { $0["collection"] == "SIG0_DESCENDING" }
        #expect(Set(items.map(\.id)) == Set(theirs.compactMap { $0["id"]?.stringValue }))
    }

    @Test func maxItemsStopsTheWalk() async throws {
        let (dir, _) = try Self.makeCatalog()
        defer { try? FileManager.default.removeItem(at: dir) }
        let items = try await STACClient().items(at: dir.appendingPathComponent("catalog.json").path,
                                                 matching: STACSearch(maxItems: 7)).collect()
        #expect(items.count == 7)
    }

    /// A real catalog, so the refusal cannot come from a missing file: each API-only parameter is refused by name.
    @Test(arguments: [
        (STACSearch(filter: .cql2Text("gsd > 10")), "CQL2 filters are evaluated by STAC APIs only"),
        (STACSearch(intersects: ["type": "Point", "coordinates": [0, 0]]), "'intersects' needs geometry operations; use bbox"),
        (STACSearch(sortBy: [STACSortField(parsing: "-datetime")]), "'sortby' is not supported locally"),
        (STACSearch(fields: STACFields(parsing: "id")), "'fields' is not supported locally"),
    ])
    func apiOnlyParametersAreRefusedForStaticCatalogs(search: STACSearch, reason: String) async throws {
        let dir = try Interop.temporaryDirectory("eocube-stac-refuse")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("catalog.json").path
        let catalog: JSONValue = ["type": "Catalog", "id": "c", "description": "d", "links": []]
        try Data(catalog.jsonBytes()).write(to: URL(fileURLWithPath: path))
        #expect(try await STACClient().items(at: path).collect().isEmpty)  // readable without the parameter
        await #expect(throws: STACError.unsupportedForStaticCatalog(location: path, reason: reason)) {
            _ = try await STACClient().items(at: path, matching: search).collect()
        }
    }

    @Test func missingFilesNameThePath() async throws {
        await #expect(throws: STACError.fileUnreadable(path: "/nonexistent/catalog.json", reason: "no such file")) {
            _ = try await STACClient().items(at: "/nonexistent/catalog.json").collect()
        }
    }

    @Test func catalogCyclesAreReadOnce() async throws {
        let dir = try Interop.temporaryDirectory("eocube-stac-cycle")
        defer { try? FileManager.default.removeItem(at: dir) }
        let catalog: JSONValue = ["type": "Catalog", "id": "c", "description": "d", "links": [
            ["rel": "self", "href": "./catalog.json"], ["rel": "child", "href": "./catalog.json"],
            ["rel": "item", "href": "item.json"],
        ]]
        let item: JSONValue = ["type": "Feature", "id": "i", "geometry": nil, "properties": ["datetime": "2021-01-01T00:00:00Z"],
                               "links": [["rel": "parent", "href": "catalog.json"]], "assets": [:]]
        try Data(catalog.jsonBytes()).write(to: dir.appendingPathComponent("catalog.json"))
        try Data(item.jsonBytes()).write(to: dir.appendingPathComponent("item.json"))
        let items = try await STACClient().items(at: dir.appendingPathComponent("catalog.json").path).collect()
        #expect(items.map(\.id) == ["i"])
    }

    @Test func fileURLsWorkLikePaths() async throws {
        let (dir, expected) = try Self.makeCatalog()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = URL(fileURLWithPath: dir.appendingPathComponent("catalog.json").path).absoluteString
        #expect(url.hasPrefix("file:///"))
        let items = try await STACClient().items(at: url).collect()
        #expect(Set(items.map(\.id)) == Set((expected["items"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue }))
        let first = try #require(items.first)
        let href = try #require(first.assetHref("VV"))
        #expect(href.hasPrefix("file:///"))
        #expect(FileManager.default.fileExists(atPath: try #require(URL(string: href)).deletingLastPathComponent().path))
    }
}
