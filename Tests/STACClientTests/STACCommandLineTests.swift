import Foundation
import InteropSupport
import Testing
@testable import STACClient

/// Bounding-box and datetime text, as `eocube stac search` and `eocube build` read it.
@Suite("Search parameter text")
struct STACSearchTextTests {
    @Test(arguments: [
        ("-10,40,0,50", [-10, 40, 0, 50]), (" -10 , 40 ,0, 50 ", [-10, 40, 0, 50]), ("170,-10,-170,10", [170, -10, -170, 10]),
        ("-180,-90,180,90", [-180, -90, 180, 90]), ("1,2,0,3,4,100", [1, 2, 0, 3, 4, 100]), ("1e1,2.5,+3,4", [10, 2.5, 3, 4]),
    ] as [(String, [Double])])
    func boundingBoxesAreRead(text: String, expected: [Double]) throws {
        #expect(try STACSearch.boundingBox(parsing: text) == expected)
    }

    @Test(arguments: [
        ("1,2,3", "bbox needs 4 (west,south,east,north) or 6 comma-separated numbers, got 3 in '1,2,3'"),
        ("nan,1,2,3", "bbox value 'nan' is not a finite decimal number"),
        ("1,inf,2,3", "bbox value 'inf' is not a finite decimal number"),
        ("0x10,1,2,3", "bbox value '0x10' is not a finite decimal number"),
        ("1,,2,3", "bbox value '' is not a finite decimal number"),
        ("1,2,3,1e999", "bbox value '1e999' is not a finite decimal number"),
        ("0,50,10,40", "bbox south 50.0 is above north 40.0"),
        ("-190,0,10,10", "bbox west longitude -190.0 is outside -180…180"),
        ("0,-91,10,10", "bbox south latitude -91.0 is outside -90…90"),
    ])
    func badBoundingBoxesAreRefusedSayingWhy(text: String, reason: String) {
        #expect(throws: STACError.invalidSearch(reason: reason)) { try STACSearch.boundingBox(parsing: text) }
    }

    @Test func searchesWithNonFiniteBoundingBoxesAreNotSent() {
        #expect(throws: STACError.invalidSearch(reason: "bbox value nan is not a finite number")) {
            try STACSearch(bbox: [.nan, 0, 1, 1]).validate()
        }
    }

    @Test(arguments: ["2021-02-30", "2021-02-29", "1900-02-29", "2021-04-31", "2021-02-29T00:00:00Z", "2021-01-01/2021-06-31",
                      "2021-02-30T12:00:00Z/.."])
    func impossibleCalendarDatesAreRefused(text: String) {
        do { _ = try STACDatetimeFilter(parsing: text); Issue.record("\(text) accepted") } catch {
            guard case .invalidSearch(let reason) = error else { Issue.record("\(error)"); return }
            #expect(reason.hasPrefix("datetime '") && reason.contains("is not RFC 3339"), "\(reason)")
        }
    }

    @Test(arguments: ["2020-02-29", "2000-02-29", "2021-04-30", "2021-12-31T23:59:60Z"])
    func realCalendarDatesAreRead(text: String) throws {
        _ = try STACDatetimeFilter(parsing: text)
    }
}

/// `eocube stac …` run as a process on local files (no server needed).
@Suite("eocube stac command line")
struct STACCommandLineTests {
    /// A temporary ItemCollection of two items, west and east of Greenwich.
    static func itemCollection() throws -> URL {
        let dir = try Interop.temporaryDirectory("eocube-stac-cli")
        func item(_ id: String, _ bbox: JSONValue) -> JSONValue {
            ["type": "Feature", "id": .string(id), "bbox": bbox, "geometry": nil,
             "properties": ["datetime": "2021-02-03T00:00:00Z"], "links": [], "assets": [:]]
        }
        let ic: JSONValue = ["type": "FeatureCollection", "features": [item("west", [-9, 41, -8, 42]), item("east", [8, 41, 9, 42])]]
        let url = dir.appendingPathComponent("items.json")
        try Data(ic.jsonBytes()).write(to: url)
        return url
    }

    @Test func negativeBoundingBoxValuesAreValuesNotOptions() throws {
        let file = try Self.itemCollection()
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        for arguments in [["--bbox", "-10,40,0,50"], ["--bbox=-10,40,0,50"], ["--bbox", "-10,40,0,50", "--datetime", "2021-02"]] {
            let result = try STACCommandTests.run(["stac", "search", file.path] + arguments)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            let ic = try STACItemCollection(jsonBytes: result.stdout, source: "stdout")
            #expect(ic.features.map(\.id) == ["west"], "\(arguments)")
        }
    }

    @Test(arguments: [
        (["--bbox=nan,40,0,50"], "bbox value 'nan' is not a finite decimal number"),
        (["--bbox", "1,2,3"], "bbox needs 4"),
        (["--bbox", "0,50,10,40"], "bbox south 50.0 is above north 40.0"),
        (["--datetime", "2021-02-30"], "datetime '2021-02-30' is not RFC 3339"),
    ])
    func badSearchTextFailsNamingTheOption(arguments: [String], message: String) throws {
        let file = try Self.itemCollection()
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        let result = try STACCommandTests.run(["stac", "search", file.path] + arguments)
        #expect(result.status != 0)
        #expect(result.stderr.contains("--\(arguments[0].dropFirst(2).prefix { $0 != "=" }): invalid STAC search: \(message)"), "\(result.stderr)")
    }

    /// A document with a 5 MB value fails quickly with a short message (it used to take 10 s, one byte per write).
    @Test func hugeValuesInBadDocumentsGiveAShortMessageQuickly() throws {
        let dir = try Interop.temporaryDirectory("eocube-stac-cli")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("bad.json")
        let huge = String(repeating: "x", count: 5_000_000)
        try Data((["type": "Feature", "id": .string(huge), "properties": nil] as JSONValue).jsonBytes()).write(to: file)
        let started = ContinuousClock.now
        let result = try STACCommandTests.run(["stac", "read", file.path])
        let elapsed = ContinuousClock.now - started
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("Error: \(file.path) is not the STAC object expected: item 'xxx"), "\(result.stderr.prefix(300))")
        #expect(result.stderr.contains("… (5000000 bytes)': 'properties' is null; expected an object"))
        #expect(result.stderr.utf8.count < 1000)
        #expect(elapsed < .seconds(3), "\(elapsed)")
    }
}
