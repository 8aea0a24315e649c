import Foundation
import InteropSupport
import Testing
@testable import STACClient

@Suite("STAC model")
struct STACModelTests {
    static let itemJSON = #"""
    {"type": "Feature", "stac_version": "1.0.0", "id": "S1A_1", "collection": "SENTINEL1_SIG0_20M",
     "stac_extensions": ["https://stac-extensions.github.io/projection/v1.1.0/schema.json"],
     "geometry": {"type": "Point", "coordinates": [16.3, 48.2]}, "bbox": [16.3, 48.2, 16.3, 48.2],
     "properties": {"datetime": "2021-03-04T05:06:07.250Z", "start_datetime": "2021-03-04T05:06:00+01:00",
       "end_datetime": "2021-03-04T05:07:00Z", "gsd": 20, "proj:epsg": 27704, "proj:wkt2": "PROJCS[...]",
       "proj:bbox": [5100000, 1500000, 5400000, 1800000], "proj:shape": [15000, 15000],
       "proj:transform": [20, 0, 5100000, 0, -20, 1800000], "sat:absolute_orbit": 36123, "sat:relative_orbit": 95,
       "sat:orbit_state": "ascending", "sar:polarizations": ["VV", "VH"], "Equi7_TileID": "EU020M_E051N015T3",
       "custom:nested": {"a": [1, {"b": null}]}},
     "links": [{"rel": "self", "href": "https://example.com/stac/items/S1A_1.json", "x-extra": 1},
               {"rel": "next", "href": "https://example.com/p2", "method": "POST", "body": {"token": "t"}, "merge": true}],
     "assets": {"VV": {"href": "../data/S1A_1_VV.tif", "type": "image/tiff", "roles": ["data"], "file:size": 123},
                "VH": {"href": "s3://bucket/S1A_1_VH.tif"}},
     "foreign_member": {"kept": true}}
    """#

    @Test func typedAccessorsReadTheProperties() throws {
        let item = try STACItem(jsonBytes: Array(Self.itemJSON.utf8))
        #expect(item.id == "S1A_1")
        #expect(item.collection == "SENTINEL1_SIG0_20M")
        #expect(item.datetime == Date(timeIntervalSince1970: 1614834367.25))
        #expect(item.startDatetime == Date(timeIntervalSince1970: 1614834360 - 3600))
        #expect(item.endDatetime == Date(timeIntervalSince1970: 1614834420))
        #expect(item.gsd == 20)
        #expect(item.projCode == "EPSG:27704")
        #expect(item.projEPSG == 27704)
        #expect(item.projWKT2 == "PROJCS[...]")
        #expect(item.projBBox == [5100000, 1500000, 5400000, 1800000])
        #expect(item.projShape == [15000, 15000])
        #expect(item.projTransform == [20, 0, 5100000, 0, -20, 1800000])
        #expect(item.satAbsoluteOrbit == 36123)
        #expect(item.satRelativeOrbit == 95)
        #expect(item.satOrbitState == "ascending")
        #expect(item.sarPolarizations == ["VV", "VH"])
        #expect(item.string("Equi7_TileID") == "EU020M_E051N015T3")
        #expect(item[property: "custom:nested"]?["a"]?.arrayValue?.count == 2)
        #expect(item.assets["VV"]?[field: "file:size"] == 123)
    }

    @Test func assetHrefsResolveAgainstTheSelfLink() throws {
        let item = try STACItem(jsonBytes: Array(Self.itemJSON.utf8))
        #expect(item.assetHref("VV") == "https://example.com/stac/data/S1A_1_VV.tif")
        #expect(item.assetHref("VH") == "s3://bucket/S1A_1_VH.tif")
        #expect(item.assetHref("missing") == nil)
    }

    @Test func assetHrefsResolveAgainstTheFileWithoutSelfLink() throws {
        var item = STACItem(id: "x", assets: ["VV": STACAsset(href: "./a/../b/VV.tif"), "VH": STACAsset(href: "/abs/VH.tif")])
        item.location = "/data/catalog/items/x.json"
        #expect(item.assetHref("VV") == "/data/catalog/items/b/VV.tif")
        #expect(item.assetHref("VH") == "/abs/VH.tif")
        item.location = "http://host/root/items/x.json?sig=1"
        #expect(item.assetHref("VV") == "http://host/root/items/b/VV.tif")
    }

    @Test func projCodeWinsOverEPSGAndEPSGIsDerivedFromCode() throws {
        let item = STACItem(id: "x", properties: ["proj:code": "EPSG:3857"])
        #expect(item.projCode == "EPSG:3857")
        #expect(item.projEPSG == 3857)
        #expect(STACItem(id: "y", properties: ["proj:code": "IAU_2015:30100"]).projEPSG == nil)
    }

    @Test func unknownMembersSurviveARoundTrip() throws {
        let original = try JSONValue(parsing: Self.itemJSON)
        let item = try STACItem(json: original)
        #expect(item.json == original)
        #expect(item.links[1].merge == true)
        #expect(item.links[1].body?["token"] == "t")
        // And through Codable.
        let data = try JSONEncoder().encode(item)
        let back = try JSONDecoder().decode(STACItem.self, from: data)
        #expect(back.json == original)
    }

    @Test(.enabled(if: STACTestSupport.interopEnabled))
    func generatedItemsRoundTripLosslesslyAsPythonSeesThem() throws {
        let dir = try Interop.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try STACTestSupport.generatedItemsFile(in: dir)
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        let ic = try STACItemCollection(jsonBytes: bytes, source: path)
        #expect(ic.features.count == 540)
        let out = dir.appendingPathComponent("ours.json")
        try Data(ic.jsonBytes()).write(to: out)
        let same = try Interop.runPython(["-c", """
            import json, sys
            a, b = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
            if a == b:
                print("True")
            else:
                for i, (x, y) in enumerate(zip(a["features"], b["features"])):
                    if x != y:
                        print(i, [k for k in set(x) | set(y) if x.get(k) != y.get(k)]); break
                else:
                    print(sorted(set(a) ^ set(b)), [k for k in a if a.get(k) != b.get(k)])
            """, path, out.path])
        #expect(same.trimmingCharacters(in: .whitespacesAndNewlines) == "True")
    }

    @Test func membersLeftOutBySourceStayLeftOut() throws {
        // A `fields` search result, an old catalog without `type`, a bare FeatureCollection.
        let partial: JSONValue = ["id": "x", "properties": ["datetime": "2021-01-01T00:00:00Z"]]
        var item = try STACItem(json: partial)
        #expect(item.json == partial)
        item.assets["VV"] = STACAsset(href: "a.tif")
        #expect(item.json["assets"]?["VV"]?["href"] == "a.tif")
        let oldCatalog: JSONValue = ["id": "c", "description": "d", "stac_version": "0.9.0", "links": []]
        #expect(try STACCatalog(json: oldCatalog).json == oldCatalog)
        let bare: JSONValue = ["features": []]
        #expect(try STACItemCollection(json: bare).json == bare)
        let collection: JSONValue = ["type": "Collection", "id": "c", "description": "d", "license": "MIT",
                                     "extent": ["spatial": ["bbox": [[0, 0, 1, 1]]]], "links": [], "assets": [:]]
        #expect(try STACCollection(json: collection).json == collection)
    }

    @Test func itemsMissingAnIDAreNotSTAC() {
        #expect(throws: STACError.notSTAC(url: "f.json", reason: "an item has no string 'id'")) {
            try STACItem(jsonBytes: Array(#"{"type": "Feature", "properties": {}}"#.utf8), source: "f.json")
        }
        #expect(throws: STACError.notSTAC(url: "u", reason: "expected an ItemCollection, but there is no 'features' array")) {
            try STACItemCollection(jsonBytes: Array(#"{"message": "hi"}"#.utf8), source: "u")
        }
        #expect(throws: STACError.notSTAC(url: "", reason: "unknown STAC type 'Banana'")) {
            try STACObject(json: ["type": "Banana"])
        }
    }

    /// The shared JSON prelude (STACMembers) keeps each kind's own reasons, and its own view of a
    /// non-string `type`: catalogs and collections tolerate it, items reject it.
    @Test func eachKindKeepsItsOwnPreludeReasons() throws {
        func reason(_ body: () throws -> Void) -> String? {
            do { try body(); return nil } catch let STACError.notSTAC(_, r) { return r } catch { return "\(error)" }
        }
        #expect(reason { _ = try STACCatalog(json: [1]) } == "a catalog is not a JSON object")
        #expect(reason { _ = try STACCatalog(json: ["type": "Collection", "id": "c"] as JSONValue) }
                == "expected a Catalog, found type 'Collection'")
        #expect(reason { _ = try STACCatalog(json: ["type": "Catalog"] as JSONValue) }
                == "expected a STAC Catalog, but there is no string 'id'")
        #expect(try STACCatalog(json: ["type": 3, "id": "c"] as JSONValue).id == "c")
        #expect(reason { _ = try STACCollection(json: "x") } == "a collection is not a JSON object")
        #expect(reason { _ = try STACCollection(json: ["type": "Catalog", "id": "c"] as JSONValue) }
                == "expected a Collection, found type 'Catalog'")
        #expect(reason { _ = try STACCollection(json: ["id": 7] as JSONValue) }
                == "expected a STAC Collection, but there is no string 'id' ('id' is a number)")
        #expect(try STACCollection(json: ["type": 3, "id": "c"] as JSONValue).id == "c")
        #expect(reason { _ = try STACItem(json: .null) } == "an item is not a JSON object")
        #expect(reason { _ = try STACItem(json: ["type": 3, "id": "i"] as JSONValue) }
                == "expected an item (type 'Feature'), found type 3")
        #expect(reason { _ = try STACItem(json: ["type": "Feature"] as JSONValue) } == "an item has no string 'id'")
    }

    @Test func objectKindIsTakenFromTheType() throws {
        #expect(try { if case .catalog = try STACObject(json: ["type": "Catalog", "id": "c", "description": "d", "links": []]) { true } else { false } }())
        #expect(try { if case .collection = try STACObject(json: ["id": "c", "description": "d", "extent": [:], "links": []]) { true } else { false } }())
        #expect(try { if case .itemCollection = try STACObject(json: ["type": "FeatureCollection", "features": []]) { true } else { false } }())
    }
}

@Suite("Search parameters")
struct STACSearchParameterTests {
    @Test(arguments: [
        ("2021-03-04T05:06:07Z", "2021-03-04T05:06:07Z"),
        ("2021-03-04T05:06:07.5+01:00", "2021-03-04T04:06:07.500Z"),
        ("2021-01-01T00:00:00Z/2021-02-01T00:00:00Z", "2021-01-01T00:00:00Z/2021-02-01T00:00:00Z"),
        ("2021-01-01T00:00:00Z/..", "2021-01-01T00:00:00Z/.."),
        ("../2021-01-01T00:00:00Z", "../2021-01-01T00:00:00Z"),
        ("/2021-01-01T00:00:00Z", "../2021-01-01T00:00:00Z"),
        ("2021", "2021-01-01T00:00:00Z/2021-12-31T23:59:59Z"),
        ("2021-02", "2021-02-01T00:00:00Z/2021-02-28T23:59:59Z"),
        ("2020-02-29", "2020-02-29T00:00:00Z/2020-02-29T23:59:59Z"),
        ("2021-01/2021-03", "2021-01-01T00:00:00Z/2021-03-31T23:59:59Z"),
    ])
    func datetimeFormsAreNormalised(text: String, expected: String) throws {
        #expect(try STACDatetimeFilter(parsing: text).description == expected)
    }

    @Test(arguments: [
        ("", "datetime '' is not RFC 3339, a partial date, or an interval A/B"),
        ("2021-13", "datetime '2021-13' is not RFC 3339, a partial date, or an interval A/B"),
        ("yesterday", "datetime 'yesterday' is not RFC 3339, a partial date, or an interval A/B"),
        ("../..", "datetime interval '../..' is open at both ends"),
        ("2021-02-01/2021-01-01", "datetime interval '2021-02-01/2021-01-01' ends before it starts"),
        ("a/b/c", "datetime 'a/b/c' has more than one '/'"),
        ("2021-01-01T25:00:00Z", "datetime '2021-01-01T25:00:00Z' is not RFC 3339, a partial date, or an interval A/B"),
        ("2021-01-01/x", "datetime 'x' is not RFC 3339 (e.g. 2021-03-04T05:06:07Z), a date, or '..'"),
    ])
    func invalidDatetimesAreRejected(text: String, reason: String) {
        #expect(throws: STACError.invalidSearch(reason: reason)) { try STACDatetimeFilter(parsing: text) }
    }

    @Test func postBodyHasEveryParameter() throws {
        let search = STACSearch(collections: ["C"], ids: ["a", "b"], bbox: [1, 2, 3, 4],
                                datetime: try .init(parsing: "2021-01-01T00:00:00Z/.."), limit: 10,
                                query: ["Equi7_TileID": ["eq": "T"]], filter: .cql2Text("gsd > 10"),
                                sortBy: [.init("properties.datetime", .descending)], fields: .init(include: ["id"], exclude: ["geometry"]))
        let body = JSONValue.object(SearchRequestBuilder.body(search))
        let expected: JSONValue = [
            "collections": ["C"], "ids": ["a", "b"], "bbox": [1.0, 2.0, 3.0, 4.0], "datetime": "2021-01-01T00:00:00Z/..",
            "limit": 10, "query": ["Equi7_TileID": ["eq": "T"]], "filter": "gsd > 10", "filter-lang": "cql2-text",
            "sortby": [["field": "properties.datetime", "direction": "desc"]],
            "fields": ["include": ["id"], "exclude": ["geometry"]],
        ]
        #expect(body == expected)
    }

    @Test func getQueryStringEncodesJSONAndLists() throws {
        let search = STACSearch(collections: ["A", "B"], bbox: [1, 2.5, 3, 4], query: ["x": ["eq": "a b"]],
                                sortBy: [.init(parsing: "-datetime")], method: .get)
        let request = SearchRequestBuilder.request(search, endpoint: "http://h/search")
        #expect(request.url == "http://h/search?collections=A,B&bbox=1,2.5,3,4&query=%7B%22x%22%3A%7B%22eq%22%3A%22a%20b%22%7D%7D&sortby=-datetime")
        #expect(request.method == .get)
        #expect(request.body == nil)
    }

    @Test func postNextLinksMergeTheirBodyIntoThePreviousOne() throws {
        let first = SearchRequestBuilder.request(STACSearch(collections: ["C"], limit: 5), endpoint: "http://h/search")
        let link = STACLink(rel: "next", href: "page2", method: "POST", body: ["token": "abc"], merge: true)
        let next = SearchRequestBuilder.next(link, after: first, base: "http://h/search")
        #expect(next.url == "http://h/page2")
        #expect(next.method == .post)
        #expect(try JSONValue(parsing: next.body ?? []) == ["collections": ["C"], "limit": 5, "token": "abc"])
        let replace = SearchRequestBuilder.next(STACLink(rel: "next", href: "http://h/search", method: "POST", body: ["token": "x"]),
                                                after: first, base: "http://h/search")
        #expect(try JSONValue(parsing: replace.body ?? []) == ["token": "x"])
        let get = SearchRequestBuilder.next(STACLink(rel: "next", href: "http://h/search?token=1"), after: first, base: "http://h/")
        #expect(get.method == .get && get.body == nil && get.url == "http://h/search?token=1")
    }

    @Test func invalidSearchesAreRejectedBeforeSending() {
        #expect(throws: STACError.invalidSearch(reason: "bbox needs 4 or 6 numbers, got 3")) { try STACSearch(bbox: [1, 2, 3]).validate() }
        #expect(throws: STACError.invalidSearch(reason: "limit must be at least 1, got 0")) { try STACSearch(limit: 0).validate() }
        #expect(throws: STACError.invalidSearch(reason: "bbox and intersects cannot be combined")) {
            try STACSearch(bbox: [1, 2, 3, 4], intersects: ["type": "Point"]).validate()
        }
        #expect(throws: STACError.invalidSearch(reason: "max items must not be negative, got -1")) { try STACSearch(maxItems: -1).validate() }
        #expect(throws: STACError.invalidSearch(reason: "intersects must be a GeoJSON geometry with a 'type'")) {
            try STACSearch(intersects: ["coordinates": [1, 2]]).validate()
        }
    }
}
