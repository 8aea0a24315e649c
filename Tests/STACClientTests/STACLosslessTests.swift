import Foundation
import InteropSupport
import Testing
@testable import STACClient

/// Every STAC object is written back as it was read: member order, number text, ill-typed values.
@Suite("STAC documents are kept losslessly")
struct STACLosslessTests {
    /// One document of each kind, with modelled and unknown members and nested links and assets.
    static let documents: [(kind: String, json: String)] = [
        ("item", #"""
        {"type": "Feature", "stac_version": "1.0.0", "id": "i", "collection": "c", "stac_extensions": [],
         "geometry": {"type": "Point", "coordinates": [1, 2]}, "bbox": [1, 2, 1, 2], "x:extra": {"b": 1, "a": 2},
         "properties": {"datetime": "2021-01-01T00:00:00Z", "zeta": 1, "alpha": 2},
         "links": [{"rel": "self", "href": "i.json", "type": "application/json", "title": "t", "x": 1},
                   {"rel": "next", "href": "p2", "method": "POST", "headers": {"B": "1", "A": ["x", "y"]}, "body": {"z": 1, "y": 2}, "merge": true}],
         "assets": {"z": {"href": "z.tif", "roles": ["data"], "title": "Z", "type": "image/tiff", "description": "d", "file:size": 1},
                    "a": {"href": "a.tif"}}}
        """#),
        ("collection", #"""
        {"type": "Collection", "stac_version": "1.0.0", "id": "c", "title": "T", "description": "d", "license": "MIT",
         "keywords": ["k"], "extent": {"spatial": {"bbox": [[-180, -90, 180, 90]]}, "temporal": {"interval": [[null, null]]}},
         "links": [{"href": "x", "rel": "item"}], "assets": {"b": {"href": "b"}, "a": {"href": "a"}},
         "summaries": {"gsd": [10]}, "stac_extensions": []}
        """#),
        ("catalog", #"""
        {"stac_version": "1.0.0", "conformsTo": ["c"], "links": [], "description": "d", "id": "cat", "type": "Catalog", "title": "T", "x": 1}
        """#),
        ("item collection", #"""
        {"numberMatched": 1, "features": [{"type": "Feature", "id": "f", "properties": {}, "geometry": null,
         "links": [], "assets": {}}], "x": null, "links": [], "type": "FeatureCollection", "numberReturned": 1}
        """#),
    ]

    /// Reads `json` as its kind of STAC object and writes it back, compact.
    static func roundTrip(_ json: JSONValue) throws(STACError) -> [UInt8] {
        switch try STACObject(json: json) {
        case .catalog(let c): return c.json.jsonBytes()
        case .collection(let c): return c.json.jsonBytes()
        case .item(let i): return i.json.jsonBytes()
        case .itemCollection(let ic): return ic.json.jsonBytes()
        }
    }

    /// `value` with the members of every object in it put in a random order.
    static func shuffled(_ value: JSONValue, _ rng: inout SeededGenerator) -> JSONValue {
        switch value {
        case .object(let o):
            var members = Array(o)
            members.shuffle(using: &rng)
            return .object(JSONObject(uniqueKeysWithValues: members.map { ($0.key, shuffled($0.value, &rng)) }))
        case .array(let a): return .array(a.map { shuffled($0, &rng) })
        default: return value
        }
    }

    @Test func everyMemberOrderIsKeptAtEveryLevel() throws {
        var rng = SeededGenerator(seed: 12)
        for (kind, text) in Self.documents {
            let base = try JSONValue(parsing: text, options: .exact)
            for round in 0..<50 {
                let document = Self.shuffled(base, &rng)
                #expect(try Self.roundTrip(document) == document.jsonBytes(), "\(kind), order \(round): \(document.jsonString())")
            }
        }
    }

    /// Numbers a `Double` or 64-bit integer would change, placed in modelled (bbox) and unmodelled members.
    static let numberTexts = ["0.10000000000000001", "123456789012345678901234567890", "-123456789012345678901234567890",
                              "1e-400", "1e400", "-1E400", "-0", "-0.0", "1E3", "1.0e+2", "1.50", "5e-324", "2.5e-324",
                              "1.7976931348623157e308", "18446744073709551616", "9007199254740993", "0.0", "100"]

    @Test(arguments: numberTexts)
    func numbersKeepTheirExactText(number: String) throws {
        let text = #"""
        {"type":"Feature","id":"n","bbox":[N,N,N,N],"geometry":{"type":"Point","coordinates":[N,N]},
         "properties":{"datetime":null,"v":N,"list":[N]},"links":[{"rel":"x","href":"y","n":N}],
         "assets":{"a":{"href":"a","file:size":N}}}
        """#.replacingOccurrences(of: "N", with: number).replacingOccurrences(of: "\n", with: "")
        let out = try Self.roundTrip(try JSONValue(parsing: text, options: .exact))
        #expect(String(decoding: out, as: UTF8.self) == text.replacingOccurrences(of: " ", with: ""))
        // The same through the public reader of each kind, and via STACItemCollection.
        let collection = #"{"type":"FeatureCollection","features":[\#(text)],"numberMatched":\#(number)}"#
        let ic = try STACItemCollection(jsonBytes: Array(collection.utf8))
        #expect(String(decoding: ic.jsonBytes(), as: UTF8.self) == collection.replacingOccurrences(of: " ", with: ""))
    }

    @Test func numbersAreDoublesOnlyWhenAskedFor() throws {
        let item = try STACItem(jsonBytes: Array(#"{"id":"x","bbox":[0.10000000000000001,1e400,-0,30]}"#.utf8))
        #expect(item.boundingBox == [0.1, .infinity, 0, 30])
        #expect(item.bbox == JSONValue.array([0.1, .double(.infinity), 0, 30]))  // == compares numbers by value, as Python does
        guard case .number(let exact)? = item.bbox?.arrayValue?.first else { Issue.record("0.10000000000000001 lost its text"); return }
        #expect(exact.text == "0.10000000000000001")
    }

    /// Modelled members of another type than STAC says are either kept exactly (optional
    /// members) or refused with an error naming them (the members the model is built from).
    @Test(arguments: [
        // Kept as written.
        (#"{"type":"Feature","id":"i","links":[{"rel":"r","href":"h","title":null,"type":5,"method":[],"merge":"yes"}]}"#, nil),
        (#"{"type":"Feature","id":"i","assets":{"a":{"href":"h","title":null,"roles":"data","type":1,"description":{}}}}"#, nil),
        (#"{"type":"Feature","id":"i","collection":7,"stac_version":1.0,"stac_extensions":"x","bbox":"b"}"#, nil),
        (#"{"type":"Catalog","id":"c","title":null,"description":5,"conformsTo":[1],"stac_extensions":null}"#, nil),
        (#"{"type":3,"id":"c","description":"d","links":[]}"#, nil),
        (#"{"type":"Collection","id":"c","license":null,"description":null,"extent":null,"links":[]}"#, nil),
        (#"{"type":"FeatureCollection","features":[],"numberMatched":5.0,"numberReturned":"1"}"#, nil),
        // Refused, naming the member.
        (#"{"type":"Feature","id":"i","properties":null}"#, "item 'i': 'properties' is null; expected an object"),
        (#"{"type":"Feature","id":"i","properties":[]}"#, "item 'i': 'properties' is an array; expected an object"),
        (#"{"type":"Feature","id":"i","links":null}"#, "item 'i': 'links' is null; expected an array"),
        (#"{"type":"Feature","id":"i","assets":null}"#, "item 'i': 'assets' is null; expected an object"),
        (#"{"type":"Feature","id":"i","links":[{"rel":"a","href":"b"},{"rel":"c","href":null}]}"#,
         "item 'i': links[1]: link 'c' has no string 'href' ('href' is null)"),
        (#"{"type":"Feature","id":"i","links":[{"rel":"a","href":"b","headers":{"X":1}}]}"#,
         "item 'i': links[0]: link 'a': header 'X' is a number; expected a string or an array of strings"),
        (#"{"type":"Feature","id":"i","assets":{"B1":{"href":5}}}"#, "item 'i': asset 'B1': an asset has no string 'href' ('href' is a number)"),
        (#"{"type":"Catalog","id":"c","links":{}}"#, "'links' is an object; expected an array"),
        (#"{"type":"Collection","id":"c","stac_version":"1.0.0","assets":{"t":{"title":"no href"}}}"#,
         "asset 't': an asset has no string 'href'"),
        (#"{"type":"FeatureCollection","features":[{"type":"Feature","id":"a"},{"type":"Feature","id":"b","links":5}]}"#,
         "features[1]: item 'b': 'links' is a number; expected an array"),
    ] as [(String, String?)])
    func illTypedMembersAreKeptOrRefusedNamingThem(text: String, refusal: String?) throws {
        let json = try JSONValue(parsing: text, options: .exact)
        do {
            let out = try Self.roundTrip(json)
            #expect(refusal == nil, "accepted, expected: \(refusal ?? "")")
            #expect(String(decoding: out, as: UTF8.self) == text)
        } catch .notSTAC(_, let reason) {
            #expect(reason == refusal)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func invalidUTF8IsRefusedNotReplaced() throws {
        let bytes = Array(#"{"type":"Feature","id":"a"#.utf8) + [0xC3, 0x28] + Array(#"","properties":{}}"#.utf8)
        #expect {
            _ = try STACItem(jsonBytes: bytes, source: "bad.json")
        } throws: { error in
            guard case STACError.invalidJSON("bad.json", let reason) = error else { return false }
            return reason.contains("invalid UTF-8") && reason.contains("byte 25")
        }
    }

    @Test func linkHeaderArraysStayArraysAndAreSentCombined() throws {
        let link = try STACLink(json: try JSONValue(parsing: #"{"rel":"next","href":"p2","headers":{"X-One":"a","X-Many":["b","c"]}}"#))
        #expect(link.json.jsonString() == #"{"rel":"next","href":"p2","headers":{"X-One":"a","X-Many":["b","c"]}}"#)
        #expect(link.requestHeaders == ["X-One": "a", "X-Many": "b, c"])
        let first = SearchRequestBuilder.request(STACSearch(collections: ["C"], method: .get), endpoint: "http://h/search")
        let next = SearchRequestBuilder.next(link, after: first, base: "http://h/search")
        #expect(next.headers["X-Many"] == "b, c" && next.headers["X-One"] == "a")
    }

    /// STAC 0.8/0.9 collections using the `asset` extension describe their items' assets in `assets`, without `href`.
    @Test func oldAssetExtensionCollectionsAreRead() throws {
        let text = #"{"stac_version":"0.9.0","stac_extensions":["asset"],"id":"c","description":"d","license":"MIT","extent":{},"links":[],"assets":{"thumbnail":{"title":"Thumbnail","type":"image/jpeg","roles":["thumbnail"]},"B1":{"title":"Band 1","eo:bands":[0]}}}"#
        let collection = try STACCollection(json: try JSONValue(parsing: text))
        #expect(collection.assets.isEmpty)
        #expect(collection.additionalFields["assets"]?["B1"]?["title"] == "Band 1")
        #expect(collection.json.jsonString() == text)
    }

    /// Catalogs written on Windows have relative hrefs with `\`; the real pystac test catalog is walked to its item.
    @Test func windowsSeparatorsInRelativeHrefsAreFollowed() async throws {
        let dir = try #require(Interop.sharedTestData).appendingPathComponent("stac/pystac/tests/data-files/windows_hrefs")
        try #require(FileManager.default.fileExists(atPath: dir.path), "the windows_hrefs test catalog is missing")
        let items = try await STACClient().items(at: dir.appendingPathComponent("catalog.json").path).collect()
        #expect(items.map(\.id) == ["test-item"])
        #expect(items.first?.assetHref("test-asset") == dir.appendingPathComponent("test-collection/test-item/test-asset.txt").path)
        #expect(HrefResolver.resolve(#"..\a\b.json"#, against: "http://h/x/y/c.json") == "http://h/x/a/b.json")
    }

    @Test func errorMessagesCutHugeValues() throws {
        let huge = String(repeating: "x", count: 5_000_000)
        let json: JSONValue = ["type": .string(huge), "id": "a"]
        do { _ = try STACObject(json: json); Issue.record("accepted") } catch {
            let message = error.description
            #expect(message.utf8.count < 700, "\(message.utf8.count) bytes")
            #expect(message.contains("unknown STAC type"))
        }
        let status = STACError.status(url: huge, code: 500, body: huge).description
        #expect(status.utf8.count < 1200)
    }
}
